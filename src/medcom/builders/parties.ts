// Builders for the parties of a message: organisations (SOR + GLN), the patient, the author (Practitioner and
// PractitionerRole), a care team and an encounter. Each gets meta.profile and a narrative holding what its profile
// marks SHALL:in-narrative (core 3.0.1 obligations: id, identifiers, names, role, organisation, class, status …).
import type { ComposeAuthor, ComposeEncounter, ComposePatient } from "../compose/request.js";
import { ENCOUNTER_CLASSES, ROLE_CODES, roleCodeOf } from "../compose/codes.js";
import { isValidCpr, isValidXEcpr } from "../identifiers.js";
import type {
  Address,
  CareTeam,
  Encounter,
  Organization,
  Patient,
  Practitioner,
  PractitionerRole,
} from "../model/index.js";
import { CodeSystem, IdentifierSystem, Profile } from "../systems.js";
import { field, idField, narrative, referenceText } from "./narrative.js";

/** A location as the directory knows it. */
export interface Party {
  gln: string;
  sor: string;
  name: string;
}

/** MedComMessagingOrganization: EAN-ID (GLN, under the system CC 5.0 emits) and SOR-ID, both 1..1 (DOMAIN.md §1.8). */
export function organization(id: string, party: Party): Organization {
  return {
    resourceType: "Organization",
    id,
    meta: { profile: [Profile.messagingOrganization] },
    text: narrative(
      idField({ resourceType: "Organization", id }),
      field("Organisation", party.name),
      field("EAN/GLN (lokationsnummer)", party.gln),
      field("SOR-ID", party.sor),
    ),
    identifier: [
      { use: "official", system: IdentifierSystem.gln, value: party.gln },
      { use: "official", system: IdentifierSystem.sor, value: party.sor },
    ],
    name: party.name,
  };
}

/** The identifier slice follows the number's form: CPR, national or decentral replacement CPR (DOMAIN.md §1.7). */
function patientIdentifier(cpr: string): { system: string; value: string; use: "official" | "temp" } {
  if (isValidCpr(cpr)) return { use: "official", system: IdentifierSystem.cpr, value: cpr };
  if (isValidXEcpr(cpr)) return { use: "temp", system: IdentifierSystem.xEcpr, value: cpr };
  return { use: "temp", system: IdentifierSystem.dEcpr, value: cpr };
}

const IDENTIFIER_LABEL: Record<string, string> = {
  [IdentifierSystem.cpr]: "CPR",
  [IdentifierSystem.xEcpr]: "Erstatnings-CPR (x-eCPR)",
  [IdentifierSystem.dEcpr]: "Erstatnings-CPR (d-eCPR)",
};

/**
 * What only a conversion knows about the patient (LEGACY.md §6.3, §6.5), never part of the compose request: the
 * identifier system when the source names it (an XDIS91 AlternativeIdentifier is a replacement CPR by its 7th
 * character, not by its form), the address and whether the patient is dead.
 */
export interface PatientExtras {
  identifierSystem?: string;
  address?: Address;
  deceased?: boolean;
}

function identifierOf(
  cpr: string,
  system: string | undefined,
): { system: string; value: string; use: "official" | "temp" } {
  if (system === undefined) return patientIdentifier(cpr);
  return { use: system === IdentifierSystem.cpr ? "official" : "temp", system, value: cpr };
}

const addressText = (a: Address) => [...(a.line ?? []), [a.postalCode, a.city].filter(Boolean).join(" ")].join(", ");

export function patient(id: string, p: ComposePatient, extras: PatientExtras = {}): Patient {
  const identifier = identifierOf(p.cpr, extras.identifierSystem);
  const { address, deceased } = extras;
  return {
    resourceType: "Patient",
    id,
    meta: { profile: [Profile.corePatient] },
    text: narrative(
      idField({ resourceType: "Patient", id }),
      field("Patient", [...(p.given ?? []), p.family].join(" ")),
      field(IDENTIFIER_LABEL[identifier.system] ?? "Identifikation", p.cpr),
      field("Adresse", address ? addressText(address) : undefined),
      field("Død", deceased ? "ja" : undefined),
    ),
    identifier: [identifier],
    name: [{ use: "official", family: p.family, ...(p.given?.length ? { given: p.given } : {}) }],
    ...(deceased !== undefined ? { deceasedBoolean: deceased } : {}),
    ...(address ? { address: [address] } : {}),
  };
}

/** An empty given name is left out: a converted letter's author is named by the organisation alone (LEGACY.md §6.3). */
export function practitioner(id: string, person: Pick<ComposeAuthor, "given" | "family">): Practitioner {
  return {
    resourceType: "Practitioner",
    id,
    meta: { profile: [Profile.corePractitioner] },
    text: narrative(idField({ resourceType: "Practitioner", id }), field("Navn", fullName(person))),
    name: [{ family: person.family, ...(person.given ? { given: [person.given] } : {}) }],
  };
}

export const fullName = (person: Pick<ComposeAuthor, "given" | "family">): string =>
  person.given ? `${person.given} ${person.family}` : person.family;

export interface RoleInput {
  practitionerId: string;
  /** The person's name, for the narrative. */
  name: string;
  role: string;
  /** The organisation the person acts for (invariants -11/-12 for a specific sender/recipient). */
  organizationId: string;
}

/** Role as a MedCom code when it names one, else as text: never both (invariant medcom-careCommunication-7). */
export function practitionerRole(id: string, input: RoleInput): PractitionerRole {
  const code = roleCodeOf(input.role);
  const system = code === undefined ? undefined : ROLE_CODES?.systemOf(code);
  const practitionerRef = { reference: `Practitioner/${input.practitionerId}` };
  const organizationRef = { reference: `Organization/${input.organizationId}` };
  return {
    resourceType: "PractitionerRole",
    id,
    meta: { profile: [Profile.corePractitionerRole] },
    text: narrative(
      idField({ resourceType: "PractitionerRole", id }),
      field("Behandler", referenceText(practitionerRef, input.name)),
      field("Rolle", code === undefined ? input.role : `${ROLE_CODES?.display(code) ?? code} (${code})`),
      field("Organisation", referenceText(organizationRef)),
    ),
    practitioner: practitionerRef,
    organization: organizationRef,
    code: [code === undefined || system === undefined ? { text: input.role } : { coding: [{ system, code }] }],
  };
}

export function careTeam(id: string, name: string, organizationId: string): CareTeam {
  const managing = { reference: `Organization/${organizationId}` };
  return {
    resourceType: "CareTeam",
    id,
    meta: { profile: [Profile.coreCareTeam] },
    text: narrative(
      idField({ resourceType: "CareTeam", id }),
      field("Team", name),
      field("Organisation", referenceText(managing)),
    ),
    name,
    managingOrganization: [managing],
  };
}

/** Default class and status when the request gives none: an ongoing outpatient course (DOMAIN.md §5.1 mapping). */
const DEFAULT_CLASS = "AMB";
const DEFAULT_STATUS = "in-progress";

export function encounter(id: string, e: ComposeEncounter, patientId: string): Encounter {
  const system = e.system ?? IdentifierSystem.lpr3Episode;
  const code = e.class ?? DEFAULT_CLASS;
  const status = e.status ?? DEFAULT_STATUS;
  const subject = { reference: `Patient/${patientId}` };
  return {
    resourceType: "Encounter",
    id,
    meta: { profile: [Profile.coreEncounter] },
    text: narrative(
      idField({ resourceType: "Encounter", id }),
      field("Forløb (episodeOfCare)", `${e.episodeOfCare} (${system})`),
      field("Kontakttype (class)", code),
      field("Status", status),
      field("Patient", referenceText(subject)),
    ),
    status,
    // `other` is MedCom's own code; every other class is a v3-ActCode encounter code.
    class: { system: ENCOUNTER_CLASSES?.systemOf(code) ?? CodeSystem.v3ActCode, code },
    subject,
    episodeOfCare: [{ identifier: { system, value: e.episodeOfCare } }],
  };
}
