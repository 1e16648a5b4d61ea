// XCTL01/02/03 receipts → one Acknowledgement 2.0 (LEGACY.md §7; mapping sheet "XCTL -> Acknowledgement"; use cases
// §4.3, table 4). A CareCommunication the gateway delivered as XDIS91 + XBIN01 is receipted twice; the pair becomes
// one answer: every receipt positive → ok, any negative → fatal-error.
import {
  buildAcknowledgement,
  type AcknowledgementCode,
  type AcknowledgementIssue,
} from "../builders/acknowledgement.js";
import type { Bundle } from "../model/index.js";
import type { RefuseCode, Refusal, Xctl } from "../oioxml/model.js";
import { fromLocalDateTime } from "../oioxml/local-time.js";

/**
 * RefuseCode → OperationOutcome issue.code and, where MedCom's acknowledgement codes have one, the details code
 * (LEGACY.md §7.4, a proposal: MedCom gives no table). Without a details code the RefuseCode itself is the issue's
 * code, which buildAcknowledgement keeps in details.text ("<RefuseText> (<RefuseCode>)").
 */
export const REFUSE_CODES: Readonly<Record<RefuseCode, { type: string; details?: string; text: string }>> = {
  syntaksfejl: { type: "structure", text: "Syntaksfejl." },
  problem_med_version: {
    type: "not-supported",
    details: "MSG_RECEIVER_UNABLE_TO_RECEIVE_MSG_TYPE",
    text: "Modtageren kan ikke modtage meddelelsens version.",
  },
  ukendt_lokationsnummer: {
    type: "not-found",
    details: "MSG_Receiver_Identifier_UNKNOWN",
    text: "Ukendt lokationsnummer.",
  },
  problem_med_modtagerID: {
    type: "value",
    details: "MSG_Receiver_Identifier_UNKNOWN",
    text: "Problem med modtagerens id.",
  },
  ikke_specificeret: { type: "processing", text: "Ikke specificeret fejl." },
};

/** A negative receipt that gives no reason at all (RefuseCode and RefuseText are both optional). */
export const NO_REASON_TEXT = "Meddelelsen blev afvist uden angivet årsag";

/**
 * The answer a set of receipts gives (§7.1, §7.2): ok only when every receipt is an XCTL03; any XCTL02 or XCTL01
 * (MedCom leaves XCTL01's code blank; a VANS refusal is final) makes it fatal-error. Every refusal, at envelope
 * and at letter level, becomes an issue (RefuseCode → code and type, RefuseText → message); identical issues
 * from the XDIS91's and the XBIN01's receipt are given once.
 */
export function xctlAnswer(receipts: readonly Xctl[]): { code: AcknowledgementCode; issues: AcknowledgementIssue[] } {
  if (receipts.length === 0) throw new Error("an answer needs at least one receipt");
  const negatives = receipts.filter((r) => r.kind !== "xctl03");
  if (negatives.length === 0) return { code: "ok", issues: [] };
  const issues: AcknowledgementIssue[] = [];
  const seen = new Set<string>();
  const add = (issue: AcknowledgementIssue) => {
    const key = JSON.stringify([issue.code, issue.type, issue.message]);
    if (seen.has(key)) return;
    seen.add(key);
    issues.push(issue);
  };
  for (const receipt of negatives) {
    const refusals = [receipt.original.refusal, ...receipt.original.letters.map((l) => l.refusal)].filter(
      (r): r is Refusal => r !== undefined && (r.code !== undefined || (r.text ?? "").trim() !== ""),
    );
    if (refusals.length === 0) add(issueOf({}, receipt.kind));
    for (const refusal of refusals) add(issueOf(refusal, receipt.kind));
  }
  return { code: "fatal-error", issues };
}

function issueOf(refusal: Refusal, kind: Xctl["kind"]): AcknowledgementIssue {
  const entry = REFUSE_CODES[refusal.code ?? "ikke_specificeret"];
  const text = refusal.text?.trim();
  const message =
    text !== undefined && text !== ""
      ? text
      : refusal.code !== undefined
        ? entry.text
        : `${NO_REASON_TEXT} (${kind.toUpperCase()}).`;
  return { code: entry.details ?? refusal.code ?? "ikke_specificeret", message, type: entry.type };
}

/**
 * The Acknowledgement of `acknowledged` (the CareCommunication the gateway delivered as XDIS91 [+ XBIN01]) that the
 * receipts add up to, built by the project's builder. Its timestamp is the latest receipt's Envelope/Sent (mapping
 * sheet row "Date/Time for Message sent"), so the same receipts always give the same Acknowledgement; `now` is used
 * only when a receipt's time cannot be read.
 */
export function xctlToAcknowledgement(
  receipts: readonly Xctl[],
  acknowledged: Bundle,
  ctx: { newId: () => string; now: string },
): Bundle {
  const { code, issues } = xctlAnswer(receipts);
  return buildAcknowledgement({
    message: acknowledged,
    code,
    issues,
    newId: ctx.newId,
    now: latestSent(receipts, ctx.now),
  });
}

function latestSent(receipts: readonly Xctl[], fallback: string): string {
  let latest: { iso: string; ms: number } | undefined;
  for (const r of receipts) {
    const iso = fromLocalDateTime(r.envelope.sent);
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) continue;
    if (latest === undefined || ms > latest.ms) latest = { iso, ms };
  }
  return latest?.iso ?? fallback;
}
