// A file a journal system dropped into its file-drop inbox: submitted as if posted by that location. A system that
// drops files cannot be answered synchronously, so a message the gateway refuses is answered with a fatal-error
// Acknowledgement carrying the issues (DOMAIN.md §3.5, KR6), written back through the location's own adapter.
// Acknowledgements are never answered (KR2).
import type { Caller } from "../../access/clients.js";
import { GatewayError, acknowledgementCodeOf } from "../../errors.js";
import { buildAcknowledgement } from "../../medcom/builders/index.js";
import { describeMessage } from "../../medcom/readers/index.js";
import { readFhir, sniffFormat } from "../../medcom/fhir/index.js";
import { isMessageId } from "../../medcom/ids.js";
import { hasErrors, type Issue } from "../../util/issues.js";
import { shownIssue } from "../../medcom/shown-issues.js";
import type { Bundle } from "../../medcom/model/index.js";
import { messageTypeOf, validateMessage } from "../../medcom/validate/index.js";
import { acceptAcknowledgement } from "../steps/accept-acknowledgement.js";
import type { UseCaseDeps } from "../deps.js";
import { receiveReadAcknowledgement } from "../acknowledge/receive-acknowledgement.js";
import { submitMessage } from "../submit/submit-message.js";

export type DroppedOutcome =
  | { outcome: "accepted" | "acknowledgement" | "answered"; id: string }
  | { outcome: "refused"; issues: readonly Issue[] };

const MAX_ACK_ISSUES = 50;

/** The problem report beside a refused file shows each issue bounded and escaped, as an HTTP answer would. */
export async function receiveDropped(gln: string, bytes: Uint8Array, deps: UseCaseDeps): Promise<DroppedOutcome> {
  const outcome = await receiveDroppedFile(gln, bytes, deps);
  return outcome.outcome === "refused" ? { outcome: "refused", issues: outcome.issues.map(shownIssue) } : outcome;
}

async function receiveDroppedFile(gln: string, bytes: Uint8Array, deps: UseCaseDeps): Promise<DroppedOutcome> {
  const caller: Caller = {
    id: `file-drop:${gln}`,
    locations: new Set([gln]),
    roles: new Set(["send", "receive"]),
    requestsPerMinute: Number.POSITIVE_INFINITY,
  };
  const format = sniffFormat(bytes);
  if (!format)
    return {
      outcome: "refused",
      issues: [{ severity: "error", code: "format-unknown", path: "", message: "Neither FHIR XML nor FHIR JSON." }],
    };
  const read = readFhir(bytes, format);
  if (!read.ok) return { outcome: "refused", issues: read.issues };
  try {
    if (messageTypeOf(read.value) === "Acknowledgement") {
      const answer = await receiveReadAcknowledgement(caller, read.value, bytes.byteLength, deps);
      return { outcome: "acknowledgement", id: answer.body.id };
    }
    const answer = await submitMessage(
      caller,
      { type: "read", resource: read.value, sizeBytes: bytes.byteLength },
      deps,
    );
    return { outcome: "accepted", id: answer.body.id };
  } catch (err) {
    // Redis away, or its answer lost: the file stays and is read again (the same Bundle again is safe).
    if (!(err instanceof GatewayError) || err.kind === "unavailable" || err.kind === "outcome-unknown") throw err;
    if (messageTypeOf(read.value) === "Acknowledgement") return { outcome: "refused", issues: err.issues };
    return answerWithError(gln, read.value as Bundle, err, caller, deps);
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
  // MedCom's answer quotes the message's MessageHeader.id in response.identifier, and MedCom's message ids are UUIDs
  // (DOMAIN.md §1.11, §2.4); the gateway's validator refuses an acknowledgement quoting anything else, and the gateway
  // never sends what it would refuse. An id that is not a UUID (a path, a line break, 65+ characters, or merely
  // another FHIR id) cannot be quoted in an answer, and quoting a hostile one would carry it into the answer, the store
  // and the audit trail (issue 11, point 1). Such a file is refused without an answer: the problem report beside it
  // says why, the id shown cut and escaped.
  const header = message.entry?.find((e) => e.resource?.resourceType === "MessageHeader")?.resource;
  if (!isMessageId(header?.id)) return { outcome: "refused", issues };
  let ack: Bundle;
  try {
    ack = buildAcknowledgement({
      message,
      // The one mapping from a failure to an acknowledgement code (errors.ts): refusals are fatal-error.
      code: acknowledgementCodeOf(err.kind),
      issues: issues
        .filter((i) => i.severity === "error")
        .slice(0, MAX_ACK_ISSUES)
        .map((i) => ({
          code: i.code,
          message: `${i.path ? `${i.path}: ` : ""}${i.message}${i.rule ? ` (${i.rule})` : ""}`,
        })),
      newId: deps.newId,
      now: deps.now().toISOString(),
    });
  } catch {
    return { outcome: "refused", issues }; // too broken to address an answer to
  }
  // The answer goes to whoever dropped the file; a message claiming another sender is refused without an answer.
  const described = describeMessage(ack);
  if (described.receiver.gln !== gln || hasErrors(validateMessage(ack).issues)) return { outcome: "refused", issues };
  const answer = await acceptAcknowledgement({ bundle: ack, described }, undefined, caller.id, deps, { route: true });
  return { outcome: "answered", id: answer.body.id };
}
