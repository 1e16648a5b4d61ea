// XDIS91 (+ its XBIN01) → CareCommunication 5.0, as MedCom's conversion service does it (LEGACY.md §6.3, §6.5, §6.7;
// mapping sheet "XDIS91(+MedBin) -> CareCommunication"). Pure and deterministic: every id is derived from the
// sender's GLN and the letter's own ids (legacy-uuid.ts), so a duplicate XDIS91 becomes the identical Bundle. The
// Bundle is built by the project's CareCommunication builder from a compose-shaped request plus the conversion's
// own inputs (BuildContext.conversion).
import { buildCareCommunication } from "../builders/carecommunication.js";
import type { Party } from "../builders/parties.js";
import type { ComposeRequest } from "../compose/request.js";
import type { Bundle } from "../model/index.js";
import type { OioParty, Xbin01, Xdis91 } from "../oioxml/model.js";
import { fromLocalDateTime } from "../oioxml/local-time.js";
import type { Issue } from "../../util/issues.js";
import { convertAttachments } from "./legacy-attachments.js";
import { addressOf, composePatientOf, encounterOf, isDeceased, patientIdentifierOf } from "./legacy-patient.js";
import { legacyIdSequence, legacyUuid } from "./legacy-uuid.js";

export interface ToCareCommunicationContext {
  /** The directory's SOR view of the two GLNs (MedCom: "lookup in SOR"). */
  parties: { sender: Party; receiver: Party };
}

/** Mapping sheet row "Priority": the only place a high priority survives outside regarding-referral (Flow1). */
export const HIGH_PRIORITY_TEXT = "Denne meddelelse har høj prioritet.";
/** Mapping sheet row "Subject": category `other` requires a topic (invariant medcom-careCommunication-6). */
export const UNKNOWN_TOPIC = "Ukendt emne";
/** Mapping sheet rows "Author role" / "Author name": role `ukendt`, the organisation's name as the author's name. */
export const UNKNOWN_ROLE = "ukendt";
/** No telephone in the letter and none in the directory: MedCom's stand-in (use case S1 remark 3). */
export const NO_PHONE = "0000 0000";
/** A letter without any ClinicalInformation still needs a non-empty text segment. */
export const NO_TEXT = "(XDIS91 uden tekst)";

/** The ids a converted letter's Bundle and MessageHeader get (LEGACY.md §6.2): recomputable from the letter alone. */
export function convertedIds(letter: Pick<Xdis91, "envelope" | "letter" | "sender">): {
  bundle: string;
  header: string;
} {
  const gln = letter.sender.ean;
  return {
    // A new envelope around the same letter is a technical resend: new Bundle.id, same MessageHeader.id.
    bundle: legacyUuid(gln, `${letter.envelope.identifier}\u0000${letter.letter.identifier}`, "bundle"),
    header: legacyUuid(gln, letter.letter.identifier, "messageheader"),
  };
}

export function xdis91ToCareCommunication(
  letter: Xdis91,
  binary: Xbin01 | undefined,
  ctx: ToCareCommunicationContext,
): { bundle: Bundle; issues: Issue[] } {
  const gln = letter.sender.ean;
  const { sender, receiver, author } = convertedParties(letter, ctx);
  const { attachments, issues } = convertAttachments(letter, binary);
  const encounter = encounterOf(letter.letter.episodeOfCareIdentifier, letter.patient.episodeOfCareStatus, sender.sor);
  const request: ComposeRequest = {
    kind: "new",
    sender: sender.gln,
    receiver: receiver.gln,
    patient: composePatientOf(letter.patient),
    category: "other",
    topic: letter.subject ?? UNKNOWN_TOPIC,
    text: textOf(letter),
    author,
    ...(encounter ? { encounter } : {}),
  };
  const address = addressOf(letter.patient);
  const deceased = isDeceased(letter.patient.episodeOfCareStatus);
  const bundle = buildCareCommunication(request, {
    newId: legacyIdSequence(gln, letter.letter.identifier, "xdis91"),
    // Bundle.timestamp and the Provenance's times are the envelope's Sent; the segments' the letter's Authorisation.
    now: fromLocalDateTime(letter.envelope.sent),
    parties: { sender, receiver },
    conversion: {
      ids: convertedIds(letter),
      segmentTime: fromLocalDateTime(letter.letter.authorisation),
      attachments,
      patient: {
        identifierSystem: patientIdentifierOf(letter.patient).system,
        ...(address ? { address } : {}),
        ...(deceased ? { deceased } : {}),
      },
    },
  });
  return { bundle, issues };
}

/**
 * The letter's sender and receiver as the builder's parties (SOR ids from the directory), and its author: role
 * `ukendt`, the sender organisation's name as the author's name, the letter's telephone or MedCom's stand-in (mapping
 * sheet rows "Author role" / "Author name"; use case S1 remark 3). Shared by the XDIS91 conversion and the XBIN01
 * stand-in, which carries the same parties.
 */
export function convertedParties(
  letter: Pick<Xdis91 | Xbin01, "sender" | "receiver">,
  ctx: ToCareCommunicationContext,
): { sender: Party; receiver: Party; author: ComposeRequest["author"] } {
  const senderName = organisationName(letter.sender, ctx.parties.sender.name);
  return {
    sender: { gln: letter.sender.ean, sor: ctx.parties.sender.sor, name: senderName },
    receiver: {
      gln: letter.receiver.ean,
      sor: ctx.parties.receiver.sor,
      // Receiver department, unit and address are dropped (mapping sheet).
      name: letter.receiver.organisationName ?? ctx.parties.receiver.name,
    },
    author: { given: "", family: senderName, role: UNKNOWN_ROLE, phone: letter.sender.telephone ?? NO_PHONE },
  };
}

/**
 * Organisation, department and unit "in the same field" (mapping sheet row "Sender organization name"), joined with
 * ", "; the directory's name only when the letter has none.
 */
export function organisationName(party: OioParty, fallback: string): string {
  const parts = [party.organisationName, party.departmentName, party.unitName].filter(
    (p): p is string => p !== undefined && p.trim() !== "",
  );
  return parts.length > 0 ? parts.join(", ") : fallback;
}

/**
 * The ClinicalInformation blocks joined with a line feed (LEGACY.md §10.2), trailing line breaks and spaces dropped,
 * behind MedCom's high-priority sentence when the letter is `høj_prioritet` (Flow1: same line, one space).
 */
export function textOf(letter: Pick<Xdis91, "clinicalInformation" | "priority">): string {
  const text = letter.clinicalInformation.join("\n").trimEnd();
  if (letter.priority === "høj_prioritet") return text === "" ? HIGH_PRIORITY_TEXT : `${HIGH_PRIORITY_TEXT} ${text}`;
  return text === "" ? NO_TEXT : text;
}
