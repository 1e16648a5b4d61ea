// Builds a CareCommunication 5.0 Bundle from a compose request: new, reply or forward (DOMAIN.md §1.4–1.9, §1.13).
// Pure: ids and time come from the context. A reply keeps the thread, carries all earlier text segments, earlier
// attachments by identifier only and the whole Provenance stack; a forward starts a new thread and carries data.
import type { ComposeRequest } from "../compose/request.js";
import type {
  Address,
  Bundle,
  Communication,
  CommunicationPayload,
  Encounter,
  MessageHeader,
  Organization,
  Patient,
  Resource,
} from "../model/index.js";
import { bundleReferences } from "../references/bundle-references.js";
import { CodeSystem, ExtensionUrl, GLN_SYSTEMS, IdentifierSystem, MessageDefinition, Profile } from "../systems.js";
import { messageBundle, messageHeader, provenance } from "./header.js";
import { communicationNarrative } from "./communication-narrative.js";
import { encounter, fullName, organization, patient, practitioner, practitionerRole, type Party } from "./parties.js";
import { specificParties } from "./specific-parties.js";
import {
  attachmentSegment,
  preparedAttachmentSegment,
  textSegment,
  withoutAttachmentContent,
  type PreparedAttachment,
} from "./segments.js";

export interface BuildContext {
  /** A new lower-case UUID v4 each call. */
  newId: () => string;
  /** Send time, ISO-8601 with a time zone. */
  now: string;
  parties: { sender: Party; receiver: Party };
  /** The answered or forwarded message (reply, forward). */
  previous?: Bundle;
  /** Set only by the gateway's own conversions of legacy letters (LEGACY.md §6.3); never from a compose request. */
  conversion?: ConversionInputs;
}

/**
 * What a converted XDIS91 needs beyond a compose request (LEGACY.md §6.2–§6.7). The public compose request
 * (CONTRACT.md §3) stays as it is: these inputs exist only inside the gateway.
 */
export interface ConversionInputs {
  /** Bundle.id and MessageHeader.id derived from the legacy envelope and letter ids (§6.2). */
  ids?: { bundle?: string; header?: string };
  /** The segments' time (payload extension:date) when it is not `now`: the XDIS91 Authorisation. */
  segmentTime?: string;
  /** Attachment segments as worked out by the conversion; they replace `request.attachments`. */
  attachments?: readonly PreparedAttachment[];
  /** The patient's identifier system, address and deceased flag (§6.3, §6.5). */
  patient?: { identifierSystem?: string; address?: Address; deceased?: boolean };
}

const CARE_COMMUNICATION_FULL_URL_BASE = "https://medcomfhir.dk/ig/carecommunication/";

const ACTIVITY = { new: "new-message", reply: "reply-message", forward: "forward-message" } as const;

export function buildCareCommunication(request: ComposeRequest, ctx: BuildContext): Bundle {
  const previous = request.kind === "new" ? undefined : ctx.previous;
  if (request.kind !== "new" && !previous) throw new Error(`a ${request.kind} is built from the message it answers`);
  const earlier = earlierParts(previous);
  const pool = new OrganizationPool(earlier.organizations, ctx.newId);
  const senderOrg = pool.for(ctx.parties.sender);
  const receiverOrg = pool.for(ctx.parties.receiver);
  const conversion = ctx.conversion ?? {};
  const ids = {
    header: conversion.ids?.header ?? ctx.newId(),
    communication: ctx.newId(),
    practitioner: ctx.newId(),
    role: ctx.newId(),
  };

  const thePatient = earlier.patient ?? patient(ctx.newId(), requirePatient(request), conversion.patient);
  const author = [
    practitioner(ids.practitioner, request.author),
    practitionerRole(ids.role, {
      practitionerId: ids.practitioner,
      name: fullName(request.author),
      role: request.author.role,
      organizationId: senderOrg.id ?? "",
    }),
  ];
  const signatureOf = (identifier?: string) => ({
    identifier: identifier ?? `urn:uuid:${ctx.newId()}`,
    now: conversion.segmentTime ?? ctx.now,
    assignerId: senderOrg.id ?? "",
    author: { roleId: ids.role, phone: request.author.phone },
  });
  const newSegments = [
    textSegment(request.text, signatureOf()),
    ...(conversion.attachments
      ? conversion.attachments.map((a) => preparedAttachmentSegment(a, signatureOf(a.identifier)))
      : (request.attachments ?? []).map((a) => attachmentSegment(a, signatureOf()))),
  ];
  const carried = (earlier.communication?.payload ?? []).map((p) =>
    request.kind === "reply" ? withoutAttachmentContent(p) : p,
  );

  const teams = specificParties(request, {
    newId: ctx.newId,
    senderOrgId: senderOrg.id ?? "",
    receiverOrgId: receiverOrg.id ?? "",
    ...(earlier.communication ? { answered: earlier.communication } : {}),
    earlierPeople: earlier.people,
  });
  const theEncounter = request.encounter
    ? encounter(ctx.newId(), request.encounter, thePatient.id ?? "")
    : request.kind === "reply"
      ? earlier.encounter
      : undefined;

  const communication: Communication = {
    resourceType: "Communication",
    id: ids.communication,
    meta: { profile: [Profile.careCommunication] },
    ...(teams.sender
      ? { extension: [{ url: ExtensionUrl.specificSender, valueReference: { reference: teams.sender } }] }
      : {}),
    identifier: [
      { value: request.kind === "reply" ? (earlier.thread ?? `urn:uuid:${ctx.newId()}`) : `urn:uuid:${ctx.newId()}` },
    ],
    status: "unknown",
    category: [{ coding: [{ system: CodeSystem.careCommunicationCategory, code: request.category }] }],
    ...(request.priority ? { priority: request.priority } : {}),
    subject: { reference: `Patient/${thePatient.id ?? ""}` },
    ...(request.topic ? { topic: { text: request.topic } } : {}),
    ...(theEncounter ? { encounter: { reference: `Encounter/${theEncounter.id ?? ""}` } } : {}),
    ...(teams.recipient ? { recipient: [{ reference: teams.recipient }] } : {}),
    payload: [...carried, ...newSegments],
  };
  const resources: Resource[] = [...author, ...earlier.people, ...teams.resources];
  communication.text = communicationNarrative(communication, [
    thePatient,
    ...pool.all(),
    ...resources,
    ...(theEncounter ? [theEncounter] : []),
  ]);

  const header = messageHeader(
    {
      id: ids.header,
      profile: Profile.careCommunicationHeader,
      event: "care-communication-message",
      definition: MessageDefinition.careCommunication,
      sender: { organizationId: senderOrg.id ?? "", party: ctx.parties.sender },
      receiver: { organizationId: receiverOrg.id ?? "", party: ctx.parties.receiver },
    },
    { focus: [{ reference: `Communication/${ids.communication}` }] },
  );
  const newProvenance = provenance({
    id: ctx.newId(),
    profile: Profile.careCommunicationProvenance,
    headerId: ids.header,
    now: ctx.now,
    activity: ACTIVITY[request.kind],
    agentOrganizationId: senderOrg.id ?? "",
    agentName: ctx.parties.sender.name,
    ...(earlier.headerId !== undefined ? { previousHeaderId: earlier.headerId } : {}),
    newSegments: newSegments.map((s) => s.extension?.[1]?.valueIdentifier?.value ?? ""),
  });
  return messageBundle({
    id: conversion.ids?.bundle ?? ctx.newId(),
    profile: Profile.careCommunicationMessage,
    timestamp: ctx.now,
    fullUrlBase: CARE_COMMUNICATION_FULL_URL_BASE,
    resources: [
      header,
      communication,
      thePatient,
      ...pool.all(),
      ...resources,
      ...(theEncounter ? [theEncounter] : []),
      ...earlier.provenances,
      newProvenance,
    ],
  });
}

function requirePatient(request: ComposeRequest) {
  if (!request.patient) throw new Error("a new message needs a patient");
  return request.patient;
}

/** What a reply or forward takes over from the message it answers. */
interface EarlierParts {
  headerId?: string;
  thread?: string;
  communication?: Communication;
  patient?: Patient;
  encounter?: Encounter;
  organizations: Organization[];
  /** Authors' PractitionerRoles and Practitioners and the care teams of earlier segments. */
  people: Resource[];
  provenances: Resource[];
}

function earlierParts(previous: Bundle | undefined): EarlierParts {
  const resources = (previous?.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
  const ofType = <T extends Resource>(type: string) => resources.filter((r): r is T => r.resourceType === type);
  const parts: EarlierParts = {
    organizations: ofType<Organization>("Organization"),
    people: resources.filter((r) => ["PractitionerRole", "Practitioner", "CareTeam"].includes(r.resourceType)),
    provenances: ofType("Provenance"),
  };
  if (previous === undefined) return parts;
  // The thread, patient and encounter are those of the Communication the earlier MessageHeader is about, followed
  // with the one resolver (issue 11, point 2), not whichever resource of the type comes first.
  const refs = bundleReferences(previous);
  const headerEntry = refs.header;
  const header = headerEntry?.resource as MessageHeader | undefined;
  if (header?.id !== undefined) parts.headerId = header.id;
  const communicationEntry = refs.resolve(header?.focus?.[0]?.reference, headerEntry);
  const communication =
    communicationEntry?.resource.resourceType === "Communication"
      ? (communicationEntry.resource as Communication)
      : undefined;
  const thread = communication?.identifier?.[0]?.value;
  if (thread !== undefined) parts.thread = thread;
  if (communication) parts.communication = communication;
  const thePatient = refs.resource<Patient>(communication?.subject?.reference, communicationEntry, "Patient");
  if (thePatient) parts.patient = thePatient;
  const theEncounter = refs.resource<Encounter>(communication?.encounter?.reference, communicationEntry, "Encounter");
  if (theEncounter) parts.encounter = theEncounter;
  return parts;
}

/**
 * Organisations by GLN and SOR-ID together: a party already in the thread keeps its resource, so every earlier
 * reference still resolves. Both must match — one GLN may serve several SOR units (the official forward cc5-04 holds
 * two organisations with GLN 5790001348120), and the SOR unit is who owns the thread (DOMAIN.md §6.1–6.2).
 */
class OrganizationPool {
  private readonly byKey = new Map<string, Organization>();
  constructor(
    private readonly earlier: readonly Organization[],
    private readonly newId: () => string,
  ) {
    for (const org of earlier) {
      const gln = org.identifier?.find((i) => i.system !== undefined && GLN_SYSTEMS.includes(i.system))?.value;
      const sor = org.identifier?.find((i) => i.system === IdentifierSystem.sor)?.value;
      const key = `${gln ?? ""}|${sor ?? ""}`;
      if (gln !== undefined && sor !== undefined && !this.byKey.has(key)) this.byKey.set(key, org);
    }
  }
  for(party: Party): Organization {
    const key = `${party.gln}|${party.sor}`;
    const existing = this.byKey.get(key);
    if (existing) return existing;
    const created = organization(this.newId(), party);
    this.byKey.set(key, created);
    return created;
  }
  all(): Organization[] {
    return [...new Set([...this.earlier, ...this.byKey.values()])];
  }
}

export type { CommunicationPayload };
