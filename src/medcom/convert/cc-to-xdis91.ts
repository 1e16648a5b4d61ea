// CareCommunication 5.0 → XDIS91 (+ one XBIN01 for all attachments with data), as MedCom's conversion service does it
// (LEGACY.md §6.4–§6.6; mapping sheets "CareCommunication -> XDIS91" and "CareCommunicat -> XDIS91+MedBin"; use case
// S2, S2.A1, S2.A2; test protocol ConSer_CC_01..15). Pure: the new 14-character OIOXML ids come from the caller, who
// stores them before the first document leaves (issue 15 plan, decision 3). The Bundle is read with the project's
// readers (describeMessage, segmentsOf) and its one reference resolver; it is expected to be a valid CC 5.0.
import type { Bundle, Communication, Encounter, MessageHeader, Patient } from "../model/index.js";
import { fitsOioIdType } from "../oioxml/ids.js";
import type { LocalDateTime, OioEnvelope, Xbin01, Xdis91 } from "../oioxml/model.js";
import { CATEGORIES } from "../compose/codes.js";
import { describeMessage, segmentsOf, type MessageDescription } from "../readers/index.js";
import { bundleReferences } from "../references/bundle-references.js";
import { ExtensionUrl } from "../systems.js";
import { error, hasErrors, warning, type Issue, type Result } from "../../util/issues.js";
import type { LegacyDocumentIds } from "./ack-to-xctl.js";
import { danishLocal } from "./to-legacy-time.js";
import { legacyAttachments, type DetachedSizes } from "./to-legacy-attachments.js";
import { letterText } from "./to-legacy-letter-text.js";
import { legacyParty, specificPartyText } from "./to-legacy-parties.js";
import { episodeOfCareIdentifier, legacyPatient } from "./to-legacy-patient.js";
import { clip, exceeds, textBlocks } from "./to-legacy-text.js";

/** The new OIOXML ids of the letter and of its XBIN01 (1..14 characters each, String_1_14). */
export interface LegacyLetterIds {
  envelope: string;
  letter: string;
  binaryEnvelope: string;
  binaryLetter: string;
}

/** Priority exists only with category regarding-referral (LEGACY.md §6.4 [INFERENCE]: asap → høj_prioritet). */
const PRIORITY: Readonly<Record<string, "rutine" | "høj_prioritet">> = {
  routine: "rutine",
  asap: "høj_prioritet",
  urgent: "høj_prioritet",
  stat: "høj_prioritet",
};

/** `detached`: the sizes of the letter's detached attachments (issue 17; to-legacy-attachments.ts). */
export function careCommunicationToXdis91(
  bundle: Bundle,
  ids: LegacyLetterIds,
  detached?: DetachedSizes,
): Result<{ letter: Xdis91; binary?: Xbin01 }> {
  const issues: Issue[] = [];
  for (const key of ["envelope", "letter", "binaryEnvelope", "binaryLetter"] as const) {
    if (!fitsOioIdType(ids[key]))
      issues.push(error("legacy-id", key, "An OIOXML id is 1 to 14 characters (String_1_14)."));
  }
  let described: MessageDescription;
  try {
    described = describeMessage(bundle);
  } catch {
    return { ok: false, issues: [error("legacy-not-a-message", "Bundle", "The Bundle has no MessageHeader.")] };
  }
  if (described.type !== "CareCommunication") {
    issues.push(error("legacy-not-a-letter", "MessageHeader.eventCoding", "Only a CareCommunication becomes XDIS91."));
    return { ok: false, issues };
  }
  const refs = bundleReferences(bundle);
  const headerEntry = refs.header;
  const header = headerEntry?.resource as MessageHeader;
  const communicationEntry = refs.resolve(header.focus?.[0]?.reference, headerEntry);
  const communication = communicationEntry?.resource as Communication | undefined;
  if (communication?.resourceType !== "Communication") {
    issues.push(error("legacy-not-a-letter", "MessageHeader.focus", "The MessageHeader's focus is no Communication."));
    return { ok: false, issues };
  }
  const patientResource = refs.resource<Patient>(communication.subject?.reference, communicationEntry, "Patient");
  const encounter = refs.resource<Encounter>(communication.encounter?.reference, communicationEntry, "Encounter");
  const segments = segmentsOf(bundle);

  const sender = legacyParty(described.sender, "sender", issues);
  const receiver = legacyParty(described.receiver, "receiver", issues);
  const patient = legacyPatient(patientResource, encounter);
  issues.push(...patient.issues);
  const attachments = legacyAttachments(segments, detached);
  issues.push(...attachments.issues);
  // The letter's own time is that of its newest text segment (payload.extension:date → Authorisation); the envelope's
  // is Bundle.timestamp (→ Envelope/Sent). Both as Danish local time without seconds.
  const newestText = segments.filter((s) => s.kind === "text").at(-1);
  const sent = localTime(bundle.timestamp, "Bundle.timestamp", issues);
  const authorisation = localTime(newestText?.date ?? bundle.timestamp, "Communication.payload.extension", issues);
  if (hasErrors(issues) || !sender || !receiver || !patient.ok || !sent || !authorisation) return { ok: false, issues };

  const phone = newestText?.author?.phone;
  if (phone !== undefined && [...phone].length <= 25) sender.telephone = phone;
  const subject = subjectOf(described, issues);
  const text = letterText({
    kind: described.kind,
    sender: described.sender,
    segments,
    ...(subject.full !== undefined ? { fullSubject: subject.full } : {}),
    ...optional("specificSender", specificSender(refs, communication, communicationEntry)),
    ...optional(
      "specificRecipient",
      specificPartyText(refs, communication.recipient?.[0]?.reference, communicationEntry),
    ),
    otherIdentifiers: patient.value.otherIdentifiers,
    attachmentLines: attachments.value.textLines,
  });

  const envelope = (identifier: string): OioEnvelope => ({ sent, identifier, acknowledgementCode: "pluspositivkvitt" });
  const letter: Xdis91 = {
    kind: "xdis91",
    envelope: envelope(ids.envelope),
    letter: {
      identifier: ids.letter,
      versionCode: "XD9134L",
      statisticalCode: "XDIS91",
      authorisation,
      // A reply or forward is a new letter in XDIS91; the text says what it is (mapping sheet "Message status").
      statusCode: "nytbrev",
      ...optional("episodeOfCareIdentifier", episodeOfCareIdentifier(encounter)),
    },
    sender,
    receiver,
    patient: patient.value.patient,
    ...optional("priority", PRIORITY[communication.priority ?? ""]),
    ...optional("subject", subject.value),
    clinicalInformation: textBlocks(text),
    references: attachments.value.references,
  };
  const objects = attachments.value.objects;
  if (objects.length === 0) return { ok: true, value: { letter }, issues };
  // One XBIN01 for all attachments (use cases §4.5.2), also asking for a positive receipt (Forudsætning 1).
  const { cpr, alternativeIdentifier, surname, given } = patient.value.patient;
  const binary: Xbin01 = {
    kind: "xbin01",
    envelope: envelope(ids.binaryEnvelope),
    letter: {
      identifier: ids.binaryLetter,
      versionCode: "XB0131X",
      statisticalCode: "XBIN01",
      authorisation,
      statusCode: "nytbrev",
    },
    sender: { ...sender },
    receiver: { ...receiver },
    patient: {
      ...optional("cpr", cpr),
      ...optional("alternativeIdentifier", alternativeIdentifier),
      surname,
      ...optional("given", given),
    },
    objects,
  };
  return { ok: true, value: { letter, binary }, issues };
}

/**
 * The OIOXML documents a conversion made, as the legacy id table keeps them (LegacyCorrespondence.documents: the
 * XDIS91 first, then its XBIN01): what the caller remembers before the first one leaves, and what the receipts quote.
 */
export function legacyDocumentsOf(converted: { letter: Xdis91; binary?: Xbin01 }): LegacyDocumentIds[] {
  const of = (d: Xdis91 | Xbin01): LegacyDocumentIds => ({
    kind: d.kind,
    envelope: d.envelope.identifier,
    letter: d.letter.identifier,
    version: d.letter.versionCode,
  });
  return converted.binary ? [of(converted.letter), of(converted.binary)] : [of(converted.letter)];
}

function localTime(iso: string | undefined, path: string, issues: Issue[]): LocalDateTime | undefined {
  const local = iso === undefined ? undefined : danishLocal(iso);
  if (local === undefined) issues.push(error("legacy-time", path, "A date and time is needed for the XDIS91."));
  return local;
}

/**
 * AdditionalInformation/Subject = "<category's Danish display>, <topic>" (mapping sheet row Category: comma-separated,
 * at most 70 characters); the category alone without a topic. Cut at 70, in which case the whole subject opens the text.
 */
function subjectOf(described: MessageDescription, issues: Issue[]): { value?: string; full?: string } {
  const code = described.category ?? "";
  const whole = [CATEGORIES?.display(code) ?? code, described.topic ?? ""].filter((s) => s.trim() !== "").join(", ");
  const value = clip(whole, 70);
  if (value === undefined) return {};
  if (!exceeds(whole, 70)) return { value };
  issues.push(warning("legacy-truncated", "Communication.topic", "The subject was cut to 70 characters."));
  return { value, full: whole };
}

function specificSender(
  refs: ReturnType<typeof bundleReferences>,
  communication: Communication,
  from: Parameters<typeof specificPartyText>[2],
): string | undefined {
  const reference = communication.extension?.find((e) => e.url === ExtensionUrl.specificSender)?.valueReference
    ?.reference;
  return specificPartyText(refs, reference, from);
}

/** `{ key: value }` when value is defined, `{}` otherwise (exactOptionalPropertyTypes). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
