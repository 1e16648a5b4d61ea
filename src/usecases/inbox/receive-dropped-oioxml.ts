// An OIOXML document (XDIS91, XBIN01, XCTL) dropped in a legacy location's file-drop inbox (issue 15, point 3),
// handled as if posted by that location: a letter through the legacy submit (converted, or kept until its partner
// comes), a receipt through the legacy receipt use case. An unreadable document is refused like any refused file,
// with the XCTL02 written beside its problem report (plan decision 4); a letter refused after conversion was answered
// with a fatal-error acknowledgement (its XCTL02 is delivered through the location's adapter).
import type { Caller } from "../../access/clients.js";
import { GatewayError } from "../../errors.js";
import type { OioxmlDocument } from "../../medcom/oioxml/index.js";
import type { Issue } from "../../util/issues.js";
import type { UseCaseDeps } from "../deps.js";
import { actingFor } from "../../access/clients.js";
import { readLegacyDocument, UnreadableOioxml } from "../legacy/read-document.js";
import { receiveXctl } from "../legacy/receive-xctl.js";
import { refusalReceipt } from "../legacy/refusal-receipt.js";
import { submitLegacyDocument } from "../legacy/submit-oioxml.js";

export type DroppedOioxmlOutcome =
  | { outcome: "accepted" | "acknowledgement" | "answered"; id: string }
  | { outcome: "waiting" }
  | { outcome: "refused"; issues: readonly Issue[]; receipt?: Uint8Array };

export function receiveDroppedOioxml(gln: string, bytes: Uint8Array, deps: UseCaseDeps): Promise<DroppedOioxmlOutcome> {
  return receiveOioxml(actingFor(gln, "file-drop"), bytes, deps);
}

/**
 * The same for any source acting as `caller` (the VANS network, issue 16); `read`: the document already read from
 * `bytes` by a caller that had to look at it first (the envelope's parties).
 */
export async function receiveOioxml(
  caller: Caller,
  bytes: Uint8Array,
  deps: UseCaseDeps,
  read?: OioxmlDocument,
): Promise<DroppedOioxmlOutcome> {
  try {
    const doc = read ?? readLegacyDocument(bytes);
    if (doc.kind !== "xdis91" && doc.kind !== "xbin01") {
      const answer = await receiveXctl(caller, doc, deps);
      return "id" in answer.body ? { outcome: "acknowledgement", id: answer.body.id } : { outcome: "waiting" };
    }
    const outcome = await submitLegacyDocument(caller, doc, bytes, deps);
    if (outcome.outcome === "waiting") return { outcome: "waiting" };
    if (outcome.outcome === "accepted") return { outcome: "accepted", id: outcome.answer.body.id };
    return outcome.acknowledgement
      ? { outcome: "answered", id: outcome.acknowledgement }
      : { outcome: "refused", issues: outcome.error.issues };
  } catch (err) {
    // Redis away, or its answer lost: the file stays and is read again (the same document again is safe).
    if (!(err instanceof GatewayError) || err.kind === "unavailable" || err.kind === "outcome-unknown") throw err;
    const receipt = err instanceof UnreadableOioxml ? refusalReceipt(bytes, err.issues, deps.now()) : undefined;
    return { outcome: "refused", issues: err.issues, ...(receipt ? { receipt } : {}) };
  }
}
