// What the gateway records about a message: ids, parties, thread, category, kind — never patient data or text.
import type { Bundle, Communication, MessageHeader, Organization, Provenance } from "../model/index.js";
import { isMessageId } from "../ids.js";
import type { AcknowledgementCode, MessageKind } from "../kinds.js";
import { bundleReferences } from "../references/bundle-references.js";
import { ownProvenance } from "../references/own-provenance.js";
import { GLN_SYSTEMS, IdentifierSystem } from "../systems.js";

export interface PartySummary {
  gln: string;
  sor: string;
  name: string;
}

export interface MessageSummary {
  messageHeaderId: string;
  bundleId: string;
  type: "CareCommunication" | "Acknowledgement";
  kind: MessageKind;
  thread?: string;
  sender: PartySummary;
  receiver: PartySummary;
  category?: string;
  topic?: string;
  /** The message this one answers, forwards or acknowledges. */
  previousMessageHeaderId?: string;
  /** Acknowledgements: response.code. */
  responseCode?: AcknowledgementCode;
}

const KIND_OF_ACTIVITY: Record<string, MessageSummary["kind"]> = {
  "new-message": "new",
  "reply-message": "reply",
  "forward-message": "forward",
  acknowledgement: "acknowledgement",
};

export function messageSummary(bundle: Bundle): MessageSummary {
  // One resolver for every reference (issue 11, point 2): the parties recorded here are the ones a FHIR receiver
  // reads by fullUrl, not "the first resource whose id fits".
  const refs = bundleReferences(bundle);
  const headerEntry = refs.header;
  const header = headerEntry?.resource as MessageHeader | undefined;
  if (!headerEntry || !header?.id) throw new Error("a message has a MessageHeader with an id");
  const own = ownProvenance(refs, headerEntry);
  // The thread is the one of the Communication the MessageHeader is about (focus), not of whichever comes first.
  const communication = refs.resource<Communication>(header.focus?.[0]?.reference, headerEntry, "Communication");
  const isAck = header.eventCoding?.code === "acknowledgement-message";
  const summary: MessageSummary = {
    messageHeaderId: header.id,
    bundleId: bundle.id ?? "",
    type: isAck ? "Acknowledgement" : "CareCommunication",
    kind: isAck ? "acknowledgement" : (KIND_OF_ACTIVITY[own?.activity?.coding?.[0]?.code ?? ""] ?? "new"),
    sender: party(refs.resource<Organization>(header.sender?.reference, headerEntry, "Organization")),
    receiver: party(
      refs.resource<Organization>(header.destination?.[0]?.receiver?.reference, headerEntry, "Organization"),
    ),
  };
  const thread = communication?.identifier?.[0]?.value;
  if (thread !== undefined) summary.thread = thread;
  const category = communication?.category?.[0]?.coding?.[0]?.code;
  if (category !== undefined) summary.category = category;
  if (communication?.topic?.text !== undefined) summary.topic = communication.topic.text;
  const answered = header.response?.identifier;
  const previous = isAck ? (isMessageId(answered) ? answered : undefined) : previousHeaderId(own);
  if (previous !== undefined) summary.previousMessageHeaderId = previous;
  if (header.response) summary.responseCode = header.response.code;
  return summary;
}

/**
 * The id of the MessageHeader this message revises (entity role `revision`): the last path segment of the reference,
 * which points at an earlier message and so, by design, outside this Bundle.
 */
function previousHeaderId(own: Provenance | undefined): string | undefined {
  const reference = own?.entity?.find((e) => e.role === "revision")?.what.reference;
  if (reference === undefined) return undefined;
  const at = reference.lastIndexOf("MessageHeader/");
  const id = at < 0 ? reference : reference.slice(at + "MessageHeader/".length);
  // It becomes a lookup key (the answered message): only a well-formed message id is passed on (issue 11, point 1).
  return isMessageId(id) ? id : undefined;
}

function party(org: Organization | undefined): PartySummary {
  const gln = org?.identifier?.find((i) => i.system !== undefined && GLN_SYSTEMS.includes(i.system))?.value ?? "";
  const sor = org?.identifier?.find((i) => i.system === IdentifierSystem.sor)?.value ?? "";
  return { gln, sor, name: org?.name ?? "" };
}

const PATIENT_ID_SYSTEMS: readonly string[] = [IdentifierSystem.cpr, IdentifierSystem.xEcpr, IdentifierSystem.dEcpr];

/** The patient's CPR (or replacement CPR) in a message, if it has a patient: for keyed hashing, never for storing. */
export function patientIdOf(bundle: Bundle): string | undefined {
  for (const entry of bundle.entry ?? []) {
    if (entry.resource?.resourceType !== "Patient") continue;
    const ids = (entry.resource as { identifier?: { system?: string; value?: string }[] }).identifier ?? [];
    const id = ids.find((i) => i.system !== undefined && PATIENT_ID_SYSTEMS.includes(i.system))?.value;
    if (id) return id;
  }
  return undefined;
}
