// A file a journal system dropped into its file-drop inbox: submitted as if posted by that location. A system that
// drops files cannot be answered synchronously, so a message the gateway refuses is answered with a fatal-error
// Acknowledgement carrying the issues (DOMAIN.md §3.5, KR6), written back through the location's own adapter.
// Acknowledgements are never answered (KR2). The same path serves the VANS network's envelopes (issue 16), acting for
// the envelope's sender (receiveReadFhir).
import { actingFor, type Caller } from "../../access/clients.js";
import { GatewayError, acknowledgementCodeOf } from "../../errors.js";
import { readFhir, sniffFormat } from "../../medcom/fhir/index.js";
import type { Issue } from "../../util/issues.js";
import { shownIssue } from "../../medcom/shown-issues.js";
import type { Bundle, Resource } from "../../medcom/model/index.js";
import { messageTypeOf } from "../../medcom/validate/index.js";
import { acknowledgeRefusal, refusalIssues } from "../steps/refusal-acknowledgement.js";
import type { UseCaseDeps } from "../deps.js";
import { receiveReadAcknowledgement } from "../acknowledge/receive-acknowledgement.js";
import { submitMessage } from "../submit/submit-message.js";
import { sniffOioxml } from "../../medcom/oioxml/index.js";
import { receiveDroppedOioxml } from "./receive-dropped-oioxml.js";

export type DroppedOutcome =
  | { outcome: "accepted" | "acknowledgement" | "answered"; id: string }
  /** An OIOXML part kept until its partner comes (an XBIN01 and its XDIS91; a receipt and the other receipt). */
  | { outcome: "waiting" }
  /** `receipt`: the XCTL02 refusing an unreadable OIOXML document, written beside the problem report. */
  | { outcome: "refused"; issues: readonly Issue[]; receipt?: Uint8Array };

/** The problem report beside a refused file shows each issue bounded and escaped, as an HTTP answer would. */
export async function receiveDropped(gln: string, bytes: Uint8Array, deps: UseCaseDeps): Promise<DroppedOutcome> {
  // MedCom's legacy OIOXML (issue 15) is told from FHIR by its root element first.
  const outcome = sniffOioxml(bytes)
    ? await receiveDroppedOioxml(gln, bytes, deps)
    : await receiveDroppedFile(gln, bytes, deps);
  return outcome.outcome === "refused" ? { ...outcome, issues: outcome.issues.map(shownIssue) } : outcome;
}

async function receiveDroppedFile(gln: string, bytes: Uint8Array, deps: UseCaseDeps): Promise<DroppedOutcome> {
  const format = sniffFormat(bytes);
  if (!format)
    return {
      outcome: "refused",
      issues: [
        { severity: "error", code: "format-unknown", path: "", message: "Neither FHIR XML, FHIR JSON nor OIOXML." },
      ],
    };
  const read = readFhir(bytes, format);
  if (!read.ok) return { outcome: "refused", issues: read.issues };
  return receiveReadFhir(actingFor(gln, "file-drop"), gln, read.value, bytes.byteLength, deps);
}

/**
 * A FHIR message read from a source that cannot be answered synchronously (a file-drop inbox, a VANS envelope):
 * submitted, or received as an acknowledgement, as `caller`; a refused message is answered to `gln`, its sender,
 * with an acknowledgement when one can be addressed. Issues are returned as the checks wrote them.
 */
export async function receiveReadFhir(
  caller: Caller,
  gln: string,
  resource: Resource,
  sizeBytes: number,
  deps: UseCaseDeps,
): Promise<DroppedOutcome> {
  try {
    if (messageTypeOf(resource) === "Acknowledgement") {
      const answer = await receiveReadAcknowledgement(caller, resource, sizeBytes, deps);
      return { outcome: "acknowledgement", id: answer.body.id };
    }
    const answer = await submitMessage(caller, { type: "read", resource, sizeBytes }, deps);
    return { outcome: "accepted", id: answer.body.id };
  } catch (err) {
    // Redis away, or its answer lost: the file stays and is read again (the same Bundle again is safe).
    if (!(err instanceof GatewayError) || err.kind === "unavailable" || err.kind === "outcome-unknown") throw err;
    if (messageTypeOf(resource) === "Acknowledgement") return { outcome: "refused", issues: err.issues };
    return answerWithError(gln, resource as Bundle, err, caller, deps);
  }
}

async function answerWithError(
  gln: string,
  message: Bundle,
  err: GatewayError,
  caller: Caller,
  deps: UseCaseDeps,
): Promise<DroppedOutcome> {
  const issues = err.issues;
  // The one mapping from a failure to an acknowledgement code (errors.ts): refusals are fatal-error.
  const code = acknowledgementCodeOf(err.kind);
  const id = await acknowledgeRefusal(gln, message, code, refusalIssues(issues), caller.id, deps);
  return id === undefined ? { outcome: "refused", issues } : { outcome: "answered", id };
}
