// POST /v1/acknowledgements (CONTRACT.md §2): a ready MedCom Acknowledgement from a receiving system that builds its
// own. Validated like every message, correlated on response.identifier (DOMAIN.md §3.2), routed to the original sender.
import { authorize } from "../access/authorize.js";
import type { Caller } from "../access/clients.js";
import { GatewayError, fail } from "../errors.js";
import { messageSummary } from "../medcom/builders/index.js";
import { readFhir, type FhirFormat } from "../medcom/fhir/index.js";
import type { Bundle } from "../medcom/model/index.js";
import { messageTypeOf } from "../medcom/validate/index.js";
import { shownValue } from "../medcom/ids.js";
import { storeAcknowledgement, type AcknowledgementAnswer } from "./acknowledgements.js";
import type { UseCaseDeps } from "./deps.js";
import { validateInput } from "./validate-input.js";
import { requireMessageIds } from "./validate/id-checks.js";

const HEADER = "Bundle.entry[0].resource";

export async function receiveAcknowledgement(
  caller: Caller,
  bytes: Uint8Array,
  format: FhirFormat,
  deps: UseCaseDeps,
): Promise<AcknowledgementAnswer> {
  const read = readFhir(bytes, format);
  if (!read.ok) throw new GatewayError("malformed", read.issues);
  // Its ids become Redis keys and a lookup: checked before anything else looks at them (issue 11, point 1).
  requireMessageIds(read.value);
  if (messageTypeOf(read.value) === "CareCommunication")
    fail("invalid", "wrong-endpoint", "Bundle", "This is a CareCommunication; post it to /v1/messages.");
  validateInput(read.value, bytes.byteLength);
  const ack = read.value as Bundle;
  return storeReceivedAcknowledgement(caller, ack, deps);
}

/** A valid Acknowledgement from `caller` (over HTTP or from a file-drop inbox). */
export async function storeReceivedAcknowledgement(
  caller: Caller,
  ack: Bundle,
  deps: UseCaseDeps,
): Promise<AcknowledgementAnswer> {
  requireMessageIds(ack);
  const summary = messageSummary(ack);
  if (!authorize(caller, { do: "acknowledge-as", gln: summary.sender.gln }))
    fail(
      "forbidden",
      "sender-not-yours",
      `${HEADER}.sender`,
      `This client may not acknowledge as ${shownValue(summary.sender.gln)}.`,
    );
  // A message the caller is no party to is answered exactly as one the gateway does not know (issue 11, point 19):
  // kept as unmatched, `matched: false`; no error tells a non-party who corresponds with whom.
  const acknowledged = summary.previousMessageHeaderId;
  const known = acknowledged === undefined ? undefined : await deps.store.get(acknowledged);
  const original =
    known && authorize(caller, { do: "read-message", sender: known.sender.gln, receiver: known.receiver.gln })
      ? known
      : undefined;
  if (original?.kind === "acknowledgement")
    fail(
      "invalid",
      "acknowledgement-acknowledged",
      `${HEADER}.response.identifier`,
      "An acknowledgement is never acknowledged (MedCom KR2).",
    );
  // The acknowledgement goes from the message's receiver back to its sender (DOMAIN.md §3.2).
  if (original && (original.receiver.gln !== summary.sender.gln || original.sender.gln !== summary.receiver.gln)) {
    fail(
      "invalid",
      "acknowledgement-parties",
      `${HEADER}.response.identifier`,
      `Message ${original.id} went from ${original.sender.gln} to ${original.receiver.gln}; its acknowledgement must go back the other way.`,
    );
  }
  return storeAcknowledgement(ack, original, caller.id, deps);
}
