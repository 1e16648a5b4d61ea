// Every code system, identifier system, extension and profile URI the message core uses, in one place (never an
// inline URI elsewhere). Sources: DOMAIN.md §1.3–1.11, §3, §6; the pinned profiles in ../shared/medcom/profiles.

const MEDCOM = "http://medcomfhir.dk/ig";

/** Identifier systems. */
export const IdentifierSystem = {
  cpr: "urn:oid:1.2.208.176.1.2",
  /** National replacement CPR (x-eCPR), DOMAIN.md §1.7. */
  xEcpr: "urn:oid:1.2.208.176.1.6.1.1",
  /** Decentral/regional replacement CPR (d-eCPR) as used in MedCom examples. */
  dEcpr: "urn:oid:1.2.208.176.1.6.1.3",
  sor: "urn:oid:1.2.208.176.1.1",
  /** GLN/EAN as emitted for CareCommunication 5.0.x (dk-core ≤ 3.4.0). */
  gln: "https://www.gs1.org/gln",
  lpr3Episode: "https://www.esundhed.dk/Registre/Landspatientregisteret",
} as const;

/** Every system URI under which a GLN is read on input (DOMAIN.md §6.1: dk-core ≤3.4.0, ≥3.5.0, legacy OID). */
export const GLN_SYSTEMS: readonly string[] = ["https://www.gs1.org/gln", "http://www.gs1.org/gln", "urn:oid:1.3.88"];

/** Replacement-CPR systems whose prefix marks a decentral eCPR (DkCoreDeCPRValueSet: urn:oid:1.2.208.176.1.6.1.x). */
export const ECPR_SYSTEM_PREFIX = "urn:oid:1.2.208.176.1.6.1.";

export const CodeSystem = {
  eventCodes: `${MEDCOM}/terminology/CodeSystem/medcom-messaging-eventCodes`,
  activityCodes: `${MEDCOM}/terminology/CodeSystem/medcom-messaging-activityCodes`,
  destinationUse: `${MEDCOM}/terminology/CodeSystem/medcom-messaging-destinationUse`,
  careCommunicationCategory: `${MEDCOM}/terminology/CodeSystem/medcom-careCommunication-categoryCodes`,
  practitionerRolesSks: `${MEDCOM}/terminology/CodeSystem/medcom-core-PractitionerRolesSKSadministrativ`,
  acknowledgementErrorCodes: `${MEDCOM}/terminology/CodeSystem/medcom-acknowledgement-error-codes`,
  requestPriority: "http://hl7.org/fhir/request-priority",
  responseCode: "http://hl7.org/fhir/response-code",
  issueType: "http://hl7.org/fhir/issue-type",
  operationOutcome: "http://terminology.hl7.org/CodeSystem/operation-outcome",
  eventStatus: "http://hl7.org/fhir/event-status",
  mimeTypes: "urn:ietf:bcp:13",
  v3ActCode: "http://terminology.hl7.org/CodeSystem/v3-ActCode",
} as const;

export const ExtensionUrl = {
  destinationUse: `${MEDCOM}/messaging/StructureDefinition/medcom-messaging-destinationUseExtension`,
  segmentDateTime: `${MEDCOM}/core/StructureDefinition/medcom-core-datetime-extension`,
  segmentIdentifier: `${MEDCOM}/core/StructureDefinition/medcom-core-identifier-extension`,
  segmentAuthor: `${MEDCOM}/core/StructureDefinition/medcom-core-practitioner-extension`,
  segmentAuthorContact: `${MEDCOM}/core/StructureDefinition/medcom-core-contact-extension`,
  specificSender: `${MEDCOM}/core/StructureDefinition/medcom-core-sender-extension`,
} as const;

export const Profile = {
  careCommunicationMessage: `${MEDCOM}/carecommunication/StructureDefinition/medcom-careCommunication-message`,
  careCommunicationHeader: `${MEDCOM}/carecommunication/StructureDefinition/medcom-careCommunication-messageHeader`,
  careCommunication: `${MEDCOM}/carecommunication/StructureDefinition/medcom-careCommunication-communication`,
  careCommunicationProvenance: `${MEDCOM}/carecommunication/StructureDefinition/medcom-careCommunication-provenance`,
  acknowledgementMessage: `${MEDCOM}/acknowledgement/StructureDefinition/medcom-messaging-acknowledgement`,
  acknowledgementHeader: `${MEDCOM}/acknowledgement/StructureDefinition/medcom-messaging-acknowledgementHeader`,
  acknowledgementOperationOutcome: `${MEDCOM}/acknowledgement/StructureDefinition/medcom-acknowledgement-operationoutcome`,
  messagingOrganization: `${MEDCOM}/messaging/StructureDefinition/medcom-messaging-organization`,
  messagingProvenance: `${MEDCOM}/messaging/StructureDefinition/medcom-messaging-provenance`,
  messagingHeader: `${MEDCOM}/messaging/StructureDefinition/medcom-messaging-messageHeader`,
  corePatient: `${MEDCOM}/core/StructureDefinition/medcom-core-patient`,
  corePractitioner: `${MEDCOM}/core/StructureDefinition/medcom-core-practitioner`,
  corePractitionerRole: `${MEDCOM}/core/StructureDefinition/medcom-core-practitionerrole`,
  coreCareTeam: `${MEDCOM}/core/StructureDefinition/medcom-core-careteam`,
  coreEncounter: `${MEDCOM}/core/StructureDefinition/medcom-core-encounter`,
  coreOrganization: `${MEDCOM}/core/StructureDefinition/medcom-core-organization`,
} as const;

/** MessageHeader.definition values (MessageDefinitions IG 1.0.0; "the current minor version the sender uses"). */
export const MessageDefinition = {
  careCommunication:
    "http://medcomfhir.dk/ig/messagedefinitions/MessageDefinition/MedComCareCommunicationMessageDefinition|5.0",
  acknowledgement:
    "http://medcomfhir.dk/ig/messagedefinitions/MessageDefinition/MedComAcknowledgementMessageDefinition|2.0",
} as const;

/** Conventional endpoint URL of a SOR unit (DOMAIN.md §1.4: every MedCom example uses it). */
export function sorEndpoint(sor: string): string {
  return `https://sor2.sum.dsdn.dk/#id=${sor}`;
}

export const XHTML_NS = "http://www.w3.org/1999/xhtml";
export const FHIR_NS = "http://hl7.org/fhir";

/** Media types of the two FHIR serialisations (DOMAIN.md §2.8: receivers SHALL accept both). */
export const MediaType = {
  fhirXml: "application/fhir+xml",
  fhirJson: "application/fhir+json",
} as const;
