// The regional rules applied to a letter about to be accepted (issue 13, "Regional rules"), whether it came as a
// compose request or as a ready Bundle (over HTTP or from a file-drop inbox: all go through submitMessage).
//   A report of concern about a child is refused (422): it belongs in the municipality's digital report form.
//   An acute letter is accepted with a warning to telephone, and counted (console, /metrics).
// Only the topic and the categories' free text are read: they label what the letter is. The letter's own text is not
// (a letter may well mention that a report was made). The coded category display is not either: MedCom's own
// "acute-ambulant" ("Akut ambulant") is an encounter type, not an acute matter (DOMAIN.md §1.10). Priority `asap` is
// not taken as acute: it is MedCom's priority for a regarding-referral letter, "as soon as possible" (inv. -5); a
// more urgent priority is not in MedCom's value set and the validator refuses it.
// Logs name the rule and the configured word that matched — configuration, not patient data — never the text.
import type { Caller } from "../../access/clients.js";
import { GatewayError } from "../../errors.js";
import type { Issue } from "../../util/issues.js";
import type { Bundle, Communication } from "../../medcom/model/index.js";
import {
  DEFAULT_REGIONAL_RULES,
  regionalFindings,
  type LetterField,
  type RegionalFinding,
} from "../../regional/rules.js";
import type { UseCaseDeps } from "../deps.js";

const REPORT_OF_CONCERN_RULE = "regional-report-of-concern";
const ACUTE_LETTER_RULE = "regional-acute-by-telephone";

/** Where a compose request holds the letter's labels (JSON pointers); a Bundle's are FHIRPaths. */
export interface LabelPaths {
  topic: string;
}

/** The letter's free-text labels: Communication.topic.text and each Communication.category.text. */
function letterFields(bundle: Bundle, compose?: LabelPaths): LetterField[] {
  const entries = bundle.entry ?? [];
  const index = entries.findIndex((e) => e.resource?.resourceType === "Communication");
  const communication = entries[index]?.resource as Communication | undefined;
  if (!communication) return [];
  const at = `Bundle.entry[${index}].resource.ofType(Communication)`;
  const fields: LetterField[] = [];
  const topic = communication.topic?.text;
  if (typeof topic === "string") fields.push({ text: topic, path: compose ? compose.topic : `${at}.topic.text` });
  (communication.category ?? []).forEach((c, i) => {
    if (typeof c.text === "string") fields.push({ text: c.text, path: `${at}.category[${i}].text` });
  });
  return fields;
}

/** The configured word as a person reads it: without the prefix mark. */
const shown = (word: string) => (word.endsWith("*") ? word.slice(0, -1) : word);

function refusal(f: RegionalFinding): Issue {
  return {
    severity: "error",
    code: "report-of-concern",
    rule: REPORT_OF_CONCERN_RULE,
    path: f.path,
    message: `This looks like a report of concern about a child (underretning, Barnets Lov § 133): it is labelled with "${shown(f.word)}". A report of concern is not sent as a correspondence letter; send it through the municipality's digital report form for professionals (underretning).`,
  };
}

function telephone(f: RegionalFinding): Issue {
  return {
    severity: "warning",
    code: "acute-letter",
    rule: ACUTE_LETTER_RULE,
    path: f.path,
    message: `The letter is marked acute ("${shown(f.word)}"). It is sent, but acute matters go by telephone: call the receiver now — a correspondence letter is not for acute cases and may not be read in time.`,
  };
}

export interface RegionalOutcome {
  /** Warnings for the 202 body. */
  issues: Issue[];
  /** The letter is marked acute: counted once it is stored (countAcuteLetter). */
  acute?: RegionalFinding;
}

/** Refuses a report of concern (422, counted); returns the acute-letter warning, if any. */
export async function applyRegionalRules(
  caller: Caller,
  bundle: Bundle,
  compose: LabelPaths | undefined,
  deps: Pick<UseCaseDeps, "regional" | "counters" | "log">,
): Promise<RegionalOutcome> {
  const findings = regionalFindings(letterFields(bundle, compose), deps.regional ?? DEFAULT_REGIONAL_RULES);
  const concern = findings.find((f) => f.rule === "report-of-concern");
  if (concern) {
    deps.log.info({ client: caller.id, rule: concern.rule, word: concern.word }, "regional rule refused a letter");
    await deps.counters
      .regionalRule(concern.rule)
      .catch((err: unknown) => deps.log.warn({ err: String(err) }, "regional rule count not updated"));
    throw new GatewayError("invalid", [refusal(concern)]);
  }
  const acute = findings.find((f) => f.rule === "acute-letter");
  return acute ? { issues: [telephone(acute)], acute } : { issues: [] };
}

/** An acute letter was stored (not a repeat of one): counted for the console and /metrics, and logged. */
export async function countAcuteLetter(
  messageId: string,
  acute: RegionalFinding,
  deps: Pick<UseCaseDeps, "counters" | "log">,
): Promise<void> {
  deps.log.info({ messageId, rule: acute.rule, word: acute.word }, "acute letter accepted with a telephone warning");
  await deps.counters.regionalRule(acute.rule);
}
