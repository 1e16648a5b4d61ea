// MessageHeader, Provenance and Bundle assembly shared by the CareCommunication and Acknowledgement builders.
import type { Bundle, BundleEntry, MessageHeader, Narrative, Provenance, Resource } from "../model/index.js";
import { CodeSystem, ExtensionUrl, sorEndpoint } from "../systems.js";
import { field, idField, narrative, narrativeWithExtensions, referenceText } from "./narrative.js";
import type { Party } from "./parties.js";

export interface HeaderInput {
  id: string;
  profile: string;
  event: "care-communication-message" | "acknowledgement-message";
  definition: string;
  sender: { organizationId: string; party: Party };
  receiver: { organizationId: string; party: Party };
}

/** One primary destination (cc is not allowed), endpoints as SOR URLs (DOMAIN.md §1.4). */
export function messageHeader(input: HeaderInput, extra: Partial<MessageHeader>): MessageHeader {
  const header: MessageHeader = {
    resourceType: "MessageHeader",
    id: input.id,
    meta: { profile: [input.profile] },
    eventCoding: { system: CodeSystem.eventCodes, code: input.event },
    destination: [
      {
        extension: [
          { url: ExtensionUrl.destinationUse, valueCoding: { system: CodeSystem.destinationUse, code: "primary" } },
        ],
        endpoint: sorEndpoint(input.receiver.party.sor),
        receiver: { reference: `Organization/${input.receiver.organizationId}` },
      },
    ],
    sender: { reference: `Organization/${input.sender.organizationId}` },
    source: { endpoint: sorEndpoint(input.sender.party.sor) },
    ...extra,
    definition: input.definition,
  };
  header.text = headerNarrative(header, {
    [`Organization/${input.sender.organizationId}`]: partyName(input.sender.party),
    [`Organization/${input.receiver.organizationId}`]: partyName(input.receiver.party),
  });
  return header;
}

const partyName = (party: Party) => `${party.name} (GLN ${party.gln}, SOR ${party.sor})`;

/**
 * The messaging obligations (SHALL:in-narrative): id, event code, each destination's use, endpoint and receiver,
 * sender, source endpoint, focus — and for an acknowledgement what it answers. Call again after editing the header.
 */
export function headerNarrative(header: MessageHeader, names: Readonly<Record<string, string>>): Narrative {
  const name = (ref: string | undefined) => (ref === undefined ? undefined : names[ref]);
  let showsExtension = false;
  const destinations = (header.destination ?? []).map((d) => {
    const use = d.extension?.find((e) => e.url === ExtensionUrl.destinationUse)?.valueCoding?.code;
    if (use !== undefined) showsExtension = true;
    return (
      field(`Modtager (${use ?? "primary"})`, referenceText(d.receiver, name(d.receiver?.reference))) +
      field("Modtagers endepunkt", d.endpoint)
    );
  });
  const response = header.response;
  // A destination's use comes from MedCom's destination-use extension: shown, the narrative's status is `extensions`
  // (R4 narrative-status).
  return (showsExtension ? narrativeWithExtensions : narrative)(
    idField(header),
    field("Meddelelsestype", header.eventCoding?.code),
    ...destinations,
    field("Afsender", referenceText(header.sender, name(header.sender?.reference))),
    field("Afsenders endepunkt (source)", header.source.endpoint),
    ...(header.focus ?? []).map((f) => field("Indhold (focus)", referenceText(f))),
    field("Kvittering for MessageHeader", response?.identifier),
    field("Kvitteringskode", response?.code),
    field("Fejlbeskrivelse", referenceText(response?.details)),
    field("Definition", header.definition),
  );
}

export interface ProvenanceInput {
  id: string;
  profile: string;
  headerId: string;
  now: string;
  activity: string;
  agentOrganizationId: string;
  /** The agent's name, for the narrative. */
  agentName?: string;
  /** MessageHeader.id of the message this one answers, forwards or acknowledges (entity role revision). */
  previousHeaderId?: string;
  /** Identifiers of the segments this message adds (entity role source). */
  newSegments?: readonly string[];
}

export function provenance(input: ProvenanceInput): Provenance {
  const entity: Provenance["entity"] = [];
  if (input.previousHeaderId !== undefined) {
    entity.push({ role: "revision", what: { reference: `MessageHeader/${input.previousHeaderId}` } });
  }
  for (const id of input.newSegments ?? []) entity.push({ role: "source", what: { identifier: { value: id } } });
  const result: Provenance = {
    resourceType: "Provenance",
    id: input.id,
    meta: { profile: [input.profile] },
    target: [{ reference: `MessageHeader/${input.headerId}` }],
    occurredDateTime: input.now,
    recorded: input.now,
    activity: { coding: [{ system: CodeSystem.activityCodes, code: input.activity }] },
    agent: [{ who: { reference: `Organization/${input.agentOrganizationId}` } }],
    ...(entity.length > 0 ? { entity } : {}),
  };
  result.text = provenanceNarrative(result, input.agentName);
  return result;
}

const ENTITY_LABEL: Record<string, string> = { revision: "Tidligere meddelelse", source: "Nyt segment" };

/** Provenance obligations: id, target, occurred, activity code, agent, every entity's role and what. */
export function provenanceNarrative(p: Provenance, agentName?: string): Narrative {
  const entities = (p.entity ?? []).map((e) =>
    field(`${ENTITY_LABEL[e.role] ?? "Entitet"} (${e.role})`, referenceText(e.what)),
  );
  return narrative(
    idField(p),
    ...p.target.map((t) => field("Gælder (target)", referenceText(t))),
    field("Tidspunkt", p.occurredDateTime),
    field("Aktivitet", p.activity?.coding?.[0]?.code),
    ...p.agent.map((a) => field("Udført af", referenceText(a.who, agentName))),
    entities.length > 0 ? `<div>${entities.join("")}</div>` : "",
  );
}

/**
 * Full URLs follow the IG examples (`https://medcomfhir.dk/ig/<ig>/<Type>/<id>`) so that the relative references
 * `Type/id` inside the message resolve for any FHIR validator. `urn:uuid:` full URLs would not do: MedCom's own
 * references (Provenance.target, entity `MessageHeader/<id>` of an earlier message) are relative `Type/id`.
 */
export function messageBundle(input: {
  id: string;
  profile: string;
  timestamp: string;
  fullUrlBase: string;
  resources: readonly Resource[];
}): Bundle {
  const entry: BundleEntry[] = input.resources.map((resource) => ({
    fullUrl: `${input.fullUrlBase}${resource.resourceType}/${resource.id ?? ""}`,
    resource,
  }));
  return {
    resourceType: "Bundle",
    id: input.id,
    meta: { profile: [input.profile] },
    type: "message",
    timestamp: input.timestamp,
    entry,
  };
}
