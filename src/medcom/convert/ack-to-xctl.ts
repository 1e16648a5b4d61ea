// Acknowledgement 2.0 → XCTL receipts, one per OIOXML document of the acknowledged message (LEGACY.md §7.1–§7.4;
// mapping sheet "Acknowledgement -> XCTL"; use cases §4.3 table 3, S4; Flow2): ok → an XCTL03 for each document,
// fatal-error and transient-error → an XCTL02 for each, with the same refusal (the FHIR distinction is lost, §7.1).
// Pure: the receipted documents come from the legacy id table and the receipts' own new ids from the caller.
import type { Bundle, MessageHeader, OperationOutcome, OperationOutcomeIssue } from "../model/index.js";
import { fitsOioIdType } from "../oioxml/ids.js";
import { XCTL_VERSION, type RefuseCode, type Refusal, type Xctl } from "../oioxml/model.js";
import { describeMessage, type MessageDescription } from "../readers/index.js";
import { bundleReferences } from "../references/bundle-references.js";
import { error, type Issue, type Result } from "../../util/issues.js";
import { danishLocal } from "./to-legacy-time.js";

/**
 * One OIOXML document of the acknowledged message, as the legacy id table keeps it (structurally the domain's
 * LegacyDocumentIds: the MedCom core does not import the domain).
 */
export interface LegacyDocumentIds {
  kind: "xdis91" | "xbin01" | "xctl01" | "xctl02" | "xctl03";
  envelope: string;
  letter: string;
  version: string;
}

/**
 * RefuseCode from the issue (§7.4's table read backwards; MedCom gives none): MedCom's MSG_* detail codes first, then
 * issue.code; anything else `ikke_specificeret`. A gateway-made fatal-error (issue.code `structure`) is `syntaksfejl`.
 */
function refuseCodeOf(issue: OperationOutcomeIssue): RefuseCode {
  const detail = issue.details?.coding?.[0]?.code;
  if (detail === "MSG_RECEIVER_UNABLE_TO_RECEIVE_MSG_TYPE") return "problem_med_version";
  if (detail === "MSG_Receiver_Identifier_MISSING") return "problem_med_modtagerID";
  if (detail === "MSG_Receiver_Identifier_UNKNOWN") {
    return issue.code === "value" ? "problem_med_modtagerID" : "ukendt_lokationsnummer";
  }
  switch (issue.code) {
    case "structure":
      return "syntaksfejl";
    case "not-supported":
      return "problem_med_version";
    case "not-found":
      return "ukendt_lokationsnummer";
    case "value":
      return "problem_med_modtagerID";
    default:
      return "ikke_specificeret";
  }
}

/** The refusal of a negative Acknowledgement: the first specific RefuseCode, and every issue's text on its own line. */
export function refusalOf(outcome: OperationOutcome | undefined): Refusal {
  const issues = outcome?.issue ?? [];
  const code = issues.map(refuseCodeOf).find((c) => c !== "ikke_specificeret") ?? "ikke_specificeret";
  const texts = issues.flatMap((i) => {
    const text = i.details?.text ?? i.details?.coding?.[0]?.display ?? i.diagnostics;
    return text === undefined || text.trim() === "" ? [] : [text];
  });
  return texts.length > 0 ? { code, text: texts.join("\n") } : { code };
}

export function acknowledgementToXctls(
  ack: Bundle,
  receipted: readonly LegacyDocumentIds[],
  ids: readonly { envelope: string; letter: string }[],
  parties: { sender: string; receiver: string },
): Result<Xctl[]> {
  const issues: Issue[] = [];
  let described: MessageDescription;
  try {
    described = describeMessage(ack);
  } catch {
    return { ok: false, issues: [error("legacy-not-a-message", "Bundle", "The Bundle has no MessageHeader.")] };
  }
  if (described.type !== "Acknowledgement" || described.response === undefined) {
    return {
      ok: false,
      issues: [error("legacy-not-a-receipt", "MessageHeader", "Only an Acknowledgement becomes XCTL.")],
    };
  }
  // Receipts are never receipted (§4: minuspositivkvitt); only letters are.
  const letters = receipted.filter((d) => d.kind === "xdis91" || d.kind === "xbin01");
  if (letters.length === 0 || letters.length !== receipted.length) {
    issues.push(error("legacy-receipted", "receipted", "An XCTL receipts one XDIS91 or XBIN01; none was given."));
  }
  if (ids.length < letters.length || ids.some((i) => !fitsOioIdType(i.envelope) || !fitsOioIdType(i.letter))) {
    issues.push(error("legacy-id", "ids", "Each XCTL needs its own envelope and letter id of 1 to 14 characters."));
  }
  // Sender = the Acknowledgement's sender (the receipt's issuer), Receiver = its receiver (the letter's sender, §7.3).
  const sender = partyGln(described.sender.gln, parties.sender, "sender", issues);
  const receiver = partyGln(described.receiver.gln, parties.receiver, "receiver", issues);
  const sent = danishLocal(ack.timestamp ?? "");
  if (sent === undefined)
    issues.push(error("legacy-time", "Bundle.timestamp", "The Acknowledgement has no timestamp."));
  if (issues.length > 0 || sent === undefined) return { ok: false, issues };

  const positive = described.response.code === "ok";
  const kind = positive ? "xctl03" : "xctl02";
  const refs = bundleReferences(ack);
  const header = refs.header;
  const outcome = refs.resource<OperationOutcome>(
    (header?.resource as MessageHeader | undefined)?.response?.details?.reference,
    header,
    "OperationOutcome",
  );
  const refusal = positive ? undefined : refusalOf(outcome);
  const xctls = letters.map((document, i): Xctl => {
    const own = ids[i] as { envelope: string; letter: string };
    return {
      kind,
      envelope: { sent, identifier: own.envelope, acknowledgementCode: "minuspositivkvitt" },
      letter: { identifier: own.letter, versionCode: XCTL_VERSION[kind], statisticalCode: kind.toUpperCase() },
      sender,
      receiver,
      original: {
        envelopeIdentifier: document.envelope,
        // The receipted letter went from the receipt's receiver to its sender.
        sender: receiver,
        receiver: sender,
        // The refusal at letter level, as OS2korrespondance and its fixture do (§7.4).
        letters: [
          {
            identifier: document.letter,
            versionCode: document.version,
            ...(refusal ? { refusal: { ...refusal } } : {}),
          },
        ],
      },
    };
  });
  return { ok: true, value: xctls, issues };
}

/** The Acknowledgement's GLN; the caller's when the Acknowledgement has none; an error when the two differ. */
function partyGln(own: string, given: string, role: string, issues: Issue[]): string {
  if (own !== "" && given !== "" && own !== given) {
    issues.push(error("legacy-party", `MessageHeader.${role}`, `The Acknowledgement's ${role} is not the XCTL's.`));
  }
  const gln = own !== "" ? own : given;
  if (gln === "") issues.push(error("legacy-party", `MessageHeader.${role}`, `The ${role} has no GLN.`));
  return gln;
}
