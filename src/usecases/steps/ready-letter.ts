// A ready CareCommunication Bundle (FHIR XML or JSON), posted or dropped: read, its ids checked before anything else
// looks at them, validated, described, its sender and receiver checked.
import type { Caller } from "../../access/clients.js";
import { GatewayError, fail } from "../../errors.js";
import { readFhir, type FhirFormat } from "../../medcom/fhir/index.js";
import type { Bundle } from "../../medcom/model/index.js";
import { describeMessage } from "../../medcom/readers/index.js";
import { messageTypeOf } from "../../medcom/validate/index.js";
import type { UseCaseDeps } from "../deps.js";
import { requireReceiver, requireSenderLocation } from "./checks.js";
import type { Letter } from "./letter.js";
import { requireMessageIds } from "./message-ids.js";
import { validateInput } from "./validate-input.js";

const HEADER = "Bundle.entry[0].resource";

export function readyLetter(
  caller: Caller,
  bytes: Uint8Array,
  format: FhirFormat,
  deps: Pick<UseCaseDeps, "directory">,
): Letter {
  const read = readFhir(bytes, format);
  if (!read.ok) throw new GatewayError("malformed", read.issues);
  // Its ids become Redis keys and file names: checked before anything else looks at them (issue 11, point 1).
  requireMessageIds(read.value);
  if (messageTypeOf(read.value) === "Acknowledgement")
    fail("invalid", "wrong-endpoint", "Bundle", "This is an Acknowledgement; post it to /v1/acknowledgements.");
  validateInput(read.value, bytes.byteLength);
  const bundle = read.value as Bundle;
  const described = describeMessage(bundle);
  return {
    bundle,
    described,
    sender: requireSenderLocation(caller, described.sender.gln, `${HEADER}.sender`, deps),
    receiver: requireReceiver(described.receiver.gln, `${HEADER}.destination[0].receiver`, deps),
    minted: false,
    retry: "same-bundle",
    idPath: `${HEADER}.id`,
  };
}
