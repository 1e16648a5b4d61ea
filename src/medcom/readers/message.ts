// The one reader of a MedCom message (issue 14, point 2): what a Bundle is — its kind, parties, conversation,
// patient, category and topic, the message it answers or acknowledges, its ids, and an acknowledgement's answer.
// Everything the gateway decides or records about a message is read here, once, with the one reference resolver
// (issue 11, point 2): the parties are the ones a FHIR receiver reads by fullUrl, not "the first resource whose id fits".
import type {
  Bundle,
  Communication,
  MessageHeader,
  OperationOutcome,
  Organization,
  Provenance,
} from "../model/index.js";
import { isMessageId } from "../ids.js";
import type { AcknowledgementCode, MessageKind } from "../kinds.js";
import { bundleReferences } from "../references/bundle-references.js";
import { ownProvenance } from "../references/own-provenance.js";
import { GLN_SYSTEMS, IdentifierSystem } from "../systems.js";

export interface MessageParty {
  gln: string;
  sor: string;
  name: string;
}

export type { MessageKind };
/** An acknowledgement's response.code. */
export type ResponseCode = AcknowledgementCode;

export interface MessageDescription {
  /** MessageHeader.id: the message's identity, the same in every send of it. */
  id: string;
  /** Bundle.id: this send of it (a technical resend has a new one). */
  bundleId: string;
  type: "CareCommunication" | "Acknowledgement";
  kind: MessageKind;
  sender: MessageParty;
  receiver: MessageParty;
  /** The conversation (Communication.identifier). */
  thread?: string;
  /** The patient's CPR (or replacement CPR): for keyed hashing, never for storing. */
  patient?: string;
  category?: string;
  topic?: string;
  /** MessageHeader.id of the message this one answers, forwards or acknowledges. */
  answers?: string;
  /** An acknowledgement's answer: response.code and the issues of its OperationOutcome. */
  response?: { code: ResponseCode; issues: { code: string; message: string }[] };
}

const KIND_OF_ACTIVITY: Record<string, MessageKind> = {
  "new-message": "new",
  "reply-message": "reply",
  "forward-message": "forward",
  acknowledgement: "acknowledgement",
};

export function describeMessage(bundle: Bundle): MessageDescription {
  const refs = bundleReferences(bundle);
  const headerEntry = refs.header;
  const header = headerEntry?.resource as MessageHeader | undefined;
  if (!headerEntry || !header?.id) throw new Error("a message has a MessageHeader with an id");
  const own = ownProvenance(refs, headerEntry);
  // The thread is the one of the Communication the MessageHeader is about (focus), not of whichever comes first.
  const communication = refs.resource<Communication>(header.focus?.[0]?.reference, headerEntry, "Communication");
  const isAck = header.eventCoding?.code === "acknowledgement-message";
  const described: MessageDescription = {
    id: header.id,
    bundleId: bundle.id ?? "",
    type: isAck ? "Acknowledgement" : "CareCommunication",
    kind: isAck ? "acknowledgement" : (KIND_OF_ACTIVITY[own?.activity?.coding?.[0]?.code ?? ""] ?? "new"),
    sender: party(refs.resource<Organization>(header.sender?.reference, headerEntry, "Organization")),
    receiver: party(
      refs.resource<Organization>(header.destination?.[0]?.receiver?.reference, headerEntry, "Organization"),
    ),
  };
  const thread = communication?.identifier?.[0]?.value;
  if (thread !== undefined) described.thread = thread;
  const patient = patientOf(bundle);
  if (patient !== undefined) described.patient = patient;
  const category = communication?.category?.[0]?.coding?.[0]?.code;
  if (category !== undefined) described.category = category;
  if (communication?.topic?.text !== undefined) described.topic = communication.topic.text;
  const answered = header.response?.identifier;
  const answers = isAck ? (isMessageId(answered) ? answered : undefined) : revisedHeaderId(own);
  if (answers !== undefined) described.answers = answers;
  if (header.response) {
    // The OperationOutcome the MessageHeader's response.details points at.
    const details = refs.resource<OperationOutcome>(
      header.response.details?.reference,
      headerEntry,
      "OperationOutcome",
    );
    const issues = (details?.issue ?? []).map((i) => ({
      code: i.details?.coding?.[0]?.code ?? i.code,
      message: i.details?.text ?? "",
    }));
    described.response = { code: header.response.code, issues };
  }
  return described;
}

/**
 * The id of the MessageHeader this message revises (entity role `revision`): the last path segment of the reference,
 * which points at an earlier message and so, by design, outside this Bundle.
 */
function revisedHeaderId(own: Provenance | undefined): string | undefined {
  const reference = own?.entity?.find((e) => e.role === "revision")?.what.reference;
  if (reference === undefined) return undefined;
  const at = reference.lastIndexOf("MessageHeader/");
  const id = at < 0 ? reference : reference.slice(at + "MessageHeader/".length);
  // It becomes a lookup key (the answered message): only a well-formed message id is passed on (issue 11, point 1).
  return isMessageId(id) ? id : undefined;
}

function party(org: Organization | undefined): MessageParty {
  const gln = org?.identifier?.find((i) => i.system !== undefined && GLN_SYSTEMS.includes(i.system))?.value ?? "";
  const sor = org?.identifier?.find((i) => i.system === IdentifierSystem.sor)?.value ?? "";
  return { gln, sor, name: org?.name ?? "" };
}

const PATIENT_ID_SYSTEMS: readonly string[] = [IdentifierSystem.cpr, IdentifierSystem.xEcpr, IdentifierSystem.dEcpr];

function patientOf(bundle: Bundle): string | undefined {
  for (const entry of bundle.entry ?? []) {
    if (entry.resource?.resourceType !== "Patient") continue;
    const ids = (entry.resource as { identifier?: { system?: string; value?: string }[] }).identifier ?? [];
    const id = ids.find((i) => i.system !== undefined && PATIENT_ID_SYSTEMS.includes(i.system))?.value;
    if (id) return id;
  }
  return undefined;
}
