// MessageHeader, Provenance and Bundle assembly shared by the CareCommunication and Acknowledgement builders.
import type { Bundle, BundleEntry, MessageHeader, Provenance, Resource } from "../model/index.js";
import { CodeSystem, ExtensionUrl, sorEndpoint } from "../systems.js";
import { field, narrative } from "./narrative.js";
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
  return {
    resourceType: "MessageHeader",
    id: input.id,
    meta: { profile: [input.profile] },
    text: narrative(
      field("Meddelelse", input.event),
      field("Afsender", `${input.sender.party.name} (GLN ${input.sender.party.gln})`),
      field("Modtager", `${input.receiver.party.name} (GLN ${input.receiver.party.gln})`),
    ),
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
}

export interface ProvenanceInput {
  id: string;
  profile: string;
  headerId: string;
  now: string;
  activity: string;
  agentOrganizationId: string;
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
  return {
    resourceType: "Provenance",
    id: input.id,
    meta: { profile: [input.profile] },
    text: narrative(field("Aktivitet", input.activity), field("Tidspunkt", input.now)),
    target: [{ reference: `MessageHeader/${input.headerId}` }],
    occurredDateTime: input.now,
    recorded: input.now,
    activity: { coding: [{ system: CodeSystem.activityCodes, code: input.activity }] },
    agent: [{ who: { reference: `Organization/${input.agentOrganizationId}` } }],
    ...(entity.length > 0 ? { entity } : {}),
  };
}

/**
 * Full URLs follow the IG examples (`https://medcomfhir.dk/ig/<ig>/<Type>/<id>`) so that the relative references
 * `Type/id` inside the message resolve for any FHIR validator.
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
