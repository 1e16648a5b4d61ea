// A ready CareCommunication Bundle (FHIR XML or JSON), posted or dropped, as read from its bytes: its ids checked before anything else
// looks at them, validated, described, its sender and receiver checked.
import type { Caller } from "../../access/clients.js";
import { fail } from "../../errors.js";
import type { DetachedAttachments } from "../../medcom/detached.js";
import type { Bundle, Resource } from "../../medcom/model/index.js";
import { describeMessage } from "../../medcom/readers/index.js";
import { messageTypeOf } from "../../medcom/validate/index.js";
import type { UseCaseDeps } from "../deps.js";
import { asNamed, requireReceiver, requireSenderLocation } from "./checks.js";
import type { Letter } from "./letter.js";
import { requireMessageIds } from "./message-ids.js";
import { validateInput } from "./validate-input.js";

const HEADER = "Bundle.entry[0].resource";

/** A ready Bundle as read from its bytes (`sizeBytes` of them, as received); `detached`: what was detached from them. */
export function readyLetter(
  caller: Caller,
  resource: Resource,
  sizeBytes: number,
  deps: Pick<UseCaseDeps, "directory">,
  detached?: DetachedAttachments,
): Letter {
  // Its ids become Redis keys and file names: checked before anything else looks at them (issue 11, point 1).
  requireMessageIds(resource);
  if (messageTypeOf(resource) === "Acknowledgement")
    fail("invalid", "wrong-endpoint", "Bundle", "This is an Acknowledgement; post it to /v1/acknowledgements.");
  validateInput(resource, sizeBytes, detached ? { detached } : {});
  const bundle = resource as Bundle;
  const described = describeMessage(bundle);
  return {
    bundle,
    described,
    sender: asNamed(requireSenderLocation(caller, described.sender.gln, `${HEADER}.sender`, deps), described.sender),
    receiver: asNamed(
      requireReceiver(described.receiver.gln, `${HEADER}.destination[0].receiver`, deps),
      described.receiver,
    ),
    minted: false,
    retry: "same-bundle",
    idPath: `${HEADER}.id`,
    ...(detached ? { detached } : {}),
  };
}
