// A CareCommunication made from an XBIN01 alone (issue 15 plan, decision 4): when an XBIN01's XDIS91 never comes,
// the gateway answers the sender with a fatal-error Acknowledgement, and buildAcknowledgement needs a message to
// answer. This stand-in carries the XBIN01's parties, patient and files; it is never delivered to anyone.
import { buildCareCommunication } from "../builders/carecommunication.js";
import type { ComposeRequest } from "../compose/request.js";
import type { Bundle } from "../model/index.js";
import type { Xbin01 } from "../oioxml/model.js";
import { IdentifierSystem } from "../systems.js";
import { objectAttachment } from "./legacy-attachments.js";
import { composePatientOf, patientIdentifierOf } from "./legacy-patient.js";
import { legacyIdSequence, legacyUuid } from "./legacy-uuid.js";
import { fromLocalDateTime } from "../oioxml/local-time.js";
import { UNKNOWN_TOPIC, convertedParties, type ToCareCommunicationContext } from "./xdis91-to-cc.js";

export const STAND_IN_TEXT = "XBIN01 uden tilhørende XDIS91";

/** An XBIN01 with SystemInformation instead of a patient still needs one for the builder: a visible placeholder. */
const NO_PATIENT = { cpr: "0000000000", family: "Ukendt patient" };

export function xbin01StandIn(binary: Xbin01, ctx: ToCareCommunicationContext): Bundle {
  const gln = binary.sender.ean;
  const letterId = binary.letter.identifier;
  const { sender, receiver, author } = convertedParties(binary, ctx);
  const request: ComposeRequest = {
    kind: "new",
    sender: sender.gln,
    receiver: receiver.gln,
    patient: binary.patient ? composePatientOf(binary.patient) : NO_PATIENT,
    category: "other",
    topic: UNKNOWN_TOPIC,
    text: STAND_IN_TEXT,
    author,
  };
  return buildCareCommunication(request, {
    newId: legacyIdSequence(gln, letterId, "xbin01"),
    now: fromLocalDateTime(binary.envelope.sent),
    parties: { sender, receiver },
    conversion: {
      ids: {
        bundle: legacyUuid(gln, `${binary.envelope.identifier}\u0000${letterId}`, "xbin01-bundle"),
        header: legacyUuid(gln, letterId, "xbin01-messageheader"),
      },
      segmentTime: fromLocalDateTime(binary.letter.authorisation),
      attachments: binary.objects.map((o, i) => objectAttachment(o, () => legacyUuid(gln, letterId, `object-${i}`))),
      patient: { identifierSystem: binary.patient ? patientIdentifierOf(binary.patient).system : IdentifierSystem.cpr },
    },
  });
}
