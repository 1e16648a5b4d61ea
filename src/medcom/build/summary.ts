// What the gateway records about a message: ids, parties, thread, category, kind — never patient data or text.
import type { Bundle, Communication, MessageHeader, Organization, Provenance, Resource } from "../model/index.js";
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
  kind: "new" | "reply" | "forward" | "acknowledgement";
  thread?: string;
  sender: PartySummary;
  receiver: PartySummary;
  category?: string;
  topic?: string;
  /** The message this one answers, forwards or acknowledges. */
  previousMessageHeaderId?: string;
  /** Acknowledgements: response.code. */
  responseCode?: "ok" | "transient-error" | "fatal-error";
}

const KIND_OF_ACTIVITY: Record<string, MessageSummary["kind"]> = {
  "new-message": "new",
  "reply-message": "reply",
  "forward-message": "forward",
  acknowledgement: "acknowledgement",
};

export function messageSummary(bundle: Bundle): MessageSummary {
  const resources = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
  const header = resources.find((r): r is MessageHeader => r.resourceType === "MessageHeader");
  if (!header?.id) throw new Error("a message has a MessageHeader with an id");
  const resolve = (ref: string | undefined) =>
    resources.find((r) => ref !== undefined && ref.endsWith(`${r.resourceType}/${r.id ?? ""}`));
  const own = resources.find(
    (r): r is Provenance =>
      r.resourceType === "Provenance" &&
      (r as Provenance).target.some((t) => t.reference?.endsWith(`MessageHeader/${header.id ?? ""}`)),
  );
  const communication = resources.find((r): r is Communication => r.resourceType === "Communication");
  const isAck = header.eventCoding?.code === "acknowledgement-message";
  const summary: MessageSummary = {
    messageHeaderId: header.id,
    bundleId: bundle.id ?? "",
    type: isAck ? "Acknowledgement" : "CareCommunication",
    kind: isAck ? "acknowledgement" : (KIND_OF_ACTIVITY[own?.activity?.coding?.[0]?.code ?? ""] ?? "new"),
    sender: party(resolve(header.sender?.reference)),
    receiver: party(resolve(header.destination?.[0]?.receiver?.reference)),
  };
  const thread = communication?.identifier?.[0]?.value;
  if (thread !== undefined) summary.thread = thread;
  const category = communication?.category?.[0]?.coding?.[0]?.code;
  if (category !== undefined) summary.category = category;
  if (communication?.topic?.text !== undefined) summary.topic = communication.topic.text;
  const previous = isAck
    ? header.response?.identifier
    : own?.entity?.find((e) => e.role === "revision")?.what.reference?.replace(/^.*MessageHeader\//, "");
  if (previous !== undefined) summary.previousMessageHeaderId = previous;
  if (header.response) summary.responseCode = header.response.code;
  return summary;
}

function party(resource: Resource | undefined): PartySummary {
  const org = resource as Organization | undefined;
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
