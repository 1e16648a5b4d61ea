// FHIR R4 resources used by MedCom CareCommunication 5.0 and Acknowledgement 2.0, in their JSON shape.
import type { AcknowledgementCode } from "../kinds.js";
import type {
  Address,
  Attachment,
  CodeableConcept,
  Coding,
  ContactPoint,
  Element,
  Extension,
  HumanName,
  Identifier,
  Meta,
  Narrative,
  Period,
  Reference,
} from "./datatypes.js";

export interface ResourceBase {
  resourceType: string;
  id?: string;
  meta?: Meta;
  implicitRules?: string;
  language?: string;
}

export interface DomainResourceBase extends ResourceBase {
  text?: Narrative;
  contained?: Resource[];
  extension?: Extension[];
  modifierExtension?: Extension[];
}

export interface Bundle extends ResourceBase {
  resourceType: "Bundle";
  identifier?: Identifier;
  type: string;
  timestamp?: string;
  total?: number;
  link?: (Element & { relation: string; url: string })[];
  entry?: BundleEntry[];
}

export interface BundleEntry extends Element {
  fullUrl?: string;
  resource?: Resource;
}

export interface MessageHeaderDestination extends Element {
  name?: string;
  target?: Reference;
  endpoint: string;
  receiver?: Reference;
}

export interface MessageHeader extends DomainResourceBase {
  resourceType: "MessageHeader";
  eventCoding?: Coding;
  eventUri?: string;
  destination?: MessageHeaderDestination[];
  sender?: Reference;
  enterer?: Reference;
  author?: Reference;
  source: Element & { name?: string; software?: string; version?: string; contact?: ContactPoint; endpoint: string };
  responsible?: Reference;
  reason?: CodeableConcept;
  response?: Element & {
    identifier: string;
    code: AcknowledgementCode;
    details?: Reference;
  };
  focus?: Reference[];
  definition?: string;
}

export interface CommunicationPayload extends Element {
  contentString?: string;
  contentAttachment?: Attachment;
  contentReference?: Reference;
}

export interface Communication extends DomainResourceBase {
  resourceType: "Communication";
  identifier?: Identifier[];
  status: string;
  category?: CodeableConcept[];
  priority?: string;
  subject?: Reference;
  topic?: CodeableConcept;
  encounter?: Reference;
  sent?: string;
  received?: string;
  recipient?: Reference[];
  sender?: Reference;
  payload?: CommunicationPayload[];
  note?: unknown[];
}

export interface Patient extends DomainResourceBase {
  resourceType: "Patient";
  identifier?: Identifier[];
  active?: boolean;
  name?: HumanName[];
  telecom?: ContactPoint[];
  gender?: string;
  birthDate?: string;
  deceasedBoolean?: boolean;
  deceasedDateTime?: string;
  address?: Address[];
  managingOrganization?: Reference;
}

export interface Organization extends DomainResourceBase {
  resourceType: "Organization";
  identifier?: Identifier[];
  active?: boolean;
  type?: CodeableConcept[];
  name?: string;
  alias?: string[];
  telecom?: ContactPoint[];
  address?: Address[];
  partOf?: Reference;
}

export interface Practitioner extends DomainResourceBase {
  resourceType: "Practitioner";
  identifier?: Identifier[];
  active?: boolean;
  name?: HumanName[];
  telecom?: ContactPoint[];
}

export interface PractitionerRole extends DomainResourceBase {
  resourceType: "PractitionerRole";
  identifier?: Identifier[];
  active?: boolean;
  period?: Period;
  practitioner?: Reference;
  organization?: Reference;
  code?: CodeableConcept[];
  specialty?: CodeableConcept[];
  telecom?: ContactPoint[];
}

export interface CareTeam extends DomainResourceBase {
  resourceType: "CareTeam";
  identifier?: Identifier[];
  status?: string;
  category?: CodeableConcept[];
  name?: string;
  subject?: Reference;
  managingOrganization?: Reference[];
  telecom?: ContactPoint[];
}

export interface Encounter extends DomainResourceBase {
  resourceType: "Encounter";
  identifier?: Identifier[];
  status: string;
  class: Coding;
  subject?: Reference;
  episodeOfCare?: Reference[];
  period?: Period;
  serviceProvider?: Reference;
}

export interface ProvenanceEntity extends Element {
  role: "derivation" | "revision" | "quotation" | "source" | "removal";
  what: Reference;
}

export interface Provenance extends DomainResourceBase {
  resourceType: "Provenance";
  target: Reference[];
  occurredPeriod?: Period;
  occurredDateTime?: string;
  recorded: string;
  policy?: string[];
  reason?: CodeableConcept[];
  activity?: CodeableConcept;
  agent: (Element & { type?: CodeableConcept; role?: CodeableConcept[]; who: Reference; onBehalfOf?: Reference })[];
  entity?: ProvenanceEntity[];
}

export interface OperationOutcomeIssue extends Element {
  severity: "fatal" | "error" | "warning" | "information";
  code: string;
  details?: CodeableConcept;
  diagnostics?: string;
  location?: string[];
  expression?: string[];
}

export interface OperationOutcome extends DomainResourceBase {
  resourceType: "OperationOutcome";
  issue: OperationOutcomeIssue[];
}

/** A resource of a type the model does not name (kept whole, never dropped). */
export interface OtherResource extends DomainResourceBase {
  resourceType: string;
  [element: string]: unknown;
}

export type KnownResource =
  | Bundle
  | MessageHeader
  | Communication
  | Patient
  | Organization
  | Practitioner
  | PractitionerRole
  | CareTeam
  | Encounter
  | Provenance
  | OperationOutcome;

export type Resource = KnownResource | OtherResource;

export type ResourceByType = {
  [R in KnownResource as R["resourceType"]]: R;
};
