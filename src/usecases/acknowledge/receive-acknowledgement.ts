// POST /v1/acknowledgements (CONTRACT.md §2), and an acknowledgement dropped in a file-drop inbox: a ready MedCom
// Acknowledgement from a receiving system that builds its own. Its ids are checked before anything else looks at
// them, it is validated like every message, described once, correlated on response.identifier (DOMAIN.md §3.2), and
// accepted to go back to the original sender.
import { authorize } from "../../access/authorize.js";
import type { Caller } from "../../access/clients.js";
import { fail } from "../../errors.js";
import type { FhirFormat } from "../../medcom/fhir/index.js";
import type { Bundle, Resource } from "../../medcom/model/index.js";
import { describeMessage } from "../../medcom/readers/index.js";
import { messageTypeOf } from "../../medcom/validate/index.js";
import { shownValue } from "../../medcom/ids.js";
import { acceptAcknowledgement, type AcknowledgementAnswer } from "../steps/accept-acknowledgement.js";
import type { UseCaseDeps } from "../deps.js";
import { parseMessageBytes } from "../steps/parse-bytes.js";
import { validateInput } from "../steps/validate-input.js";
import { requireMessageIds } from "../steps/message-ids.js";

const HEADER = "Bundle.entry[0].resource";

export async function receiveAcknowledgement(
  caller: Caller,
  bytes: Uint8Array,
  format: FhirFormat,
  deps: UseCaseDeps,
): Promise<AcknowledgementAnswer> {
  return receiveReadAcknowledgement(caller, parseMessageBytes(bytes, format), bytes.byteLength, deps);
}

/** An Acknowledgement from `caller` as read from its bytes (over HTTP or from a file-drop inbox). */
export async function receiveReadAcknowledgement(
  caller: Caller,
  resource: Resource,
  sizeBytes: number,
  deps: UseCaseDeps,
): Promise<AcknowledgementAnswer> {
  // Its ids become Redis keys and a lookup: checked before anything else looks at them (issue 11, point 1).
  requireMessageIds(resource);
  if (messageTypeOf(resource) === "CareCommunication")
    fail("invalid", "wrong-endpoint", "Bundle", "This is a CareCommunication; post it to /v1/messages.");
  validateInput(resource, sizeBytes);
  const bundle = resource as Bundle;
  const described = describeMessage(bundle);
  if (!authorize(caller, { do: "acknowledge-as", gln: described.sender.gln }))
    fail(
      "forbidden",
      "sender-not-yours",
      `${HEADER}.sender`,
      `This client may not acknowledge as ${shownValue(described.sender.gln)}.`,
    );
  // A message the caller is no party to is answered exactly as one the gateway does not know (issue 11, point 19):
  // kept as unmatched, `matched: false`; no error tells a non-party who corresponds with whom.
  const known = described.answers === undefined ? undefined : await deps.store.get(described.answers);
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
  if (original && (original.receiver.gln !== described.sender.gln || original.sender.gln !== described.receiver.gln))
    fail(
      "invalid",
      "acknowledgement-parties",
      `${HEADER}.response.identifier`,
      `Message ${original.id} went from ${original.sender.gln} to ${original.receiver.gln}; its acknowledgement must go back the other way.`,
    );
  return acceptAcknowledgement({ bundle, described }, original, caller.id, deps);
}
