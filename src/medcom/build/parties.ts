// Builders for the parties of a message: organisations (SOR + GLN), the patient, the author (Practitioner and
// PractitionerRole), a care team and an encounter. Each gets meta.profile and a narrative.
import type { ComposeAuthor, ComposeEncounter, ComposePatient } from "../compose/request.js";
import { ROLE_CODES } from "../compose/codes.js";
import { isValidCpr, isValidXEcpr } from "../identifiers.js";
import type { CareTeam, Encounter, Organization, Patient, Practitioner, PractitionerRole } from "../model/index.js";
import { CodeSystem, IdentifierSystem, Profile } from "../systems.js";
import { escapeXhtml, field, narrative } from "./narrative.js";

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
    text: narrative(field("Organisation", party.name), field("GLN", party.gln), field("SOR", party.sor)),
    identifier: [
      { system: IdentifierSystem.gln, value: party.gln },
      { system: IdentifierSystem.sor, value: party.sor },
    ],
    name: party.name,
  };
}

/** The identifier slice follows the number's form: CPR, national or decentral replacement CPR (DOMAIN.md §1.7). */
export function patientIdentifier(cpr: string): { system: string; value: string; use?: "official" | "temp" } {
  if (isValidCpr(cpr)) return { system: IdentifierSystem.cpr, value: cpr };
  if (isValidXEcpr(cpr)) return { system: IdentifierSystem.xEcpr, value: cpr, use: "temp" };
  return { system: IdentifierSystem.dEcpr, value: cpr, use: "temp" };
}

export function patient(id: string, p: ComposePatient): Patient {
  const name = [...(p.given ?? []), p.family].join(" ");
  return {
    resourceType: "Patient",
    id,
    meta: { profile: [Profile.corePatient] },
    text: narrative(field("Patient", name), field("Identifikation", p.cpr)),
    identifier: [patientIdentifier(p.cpr)],
    name: [{ use: "official", family: p.family, ...(p.given?.length ? { given: p.given } : {}) }],
  };
}

export function practitioner(id: string, author: ComposeAuthor): Practitioner {
  return {
    resourceType: "Practitioner",
    id,
    meta: { profile: [Profile.corePractitioner] },
    text: narrative(field("Navn", `${author.given} ${author.family}`)),
    name: [{ family: author.family, given: [author.given] }],
  };
}

/** Role as a MedCom code when it is one, else as text: never both (invariant medcom-careCommunication-7). */
export function practitionerRole(id: string, practitionerId: string, role: string): PractitionerRole {
  const system = ROLE_CODES?.systemOf(role);
  return {
    resourceType: "PractitionerRole",
    id,
    meta: { profile: [Profile.corePractitionerRole] },
    text: narrative(field("Rolle", ROLE_CODES?.display(role) ?? role)),
    practitioner: { reference: `Practitioner/${practitionerId}` },
    code: [system === undefined ? { text: role } : { coding: [{ system, code: role }] }],
  };
}

export function careTeam(id: string, name: string, organizationId: string): CareTeam {
  return {
    resourceType: "CareTeam",
    id,
    meta: { profile: [Profile.coreCareTeam] },
    text: narrative(field("Team", name)),
    name,
    managingOrganization: [{ reference: `Organization/${organizationId}` }],
  };
}

export function encounter(id: string, e: ComposeEncounter, patientId: string): Encounter {
  const system = e.system ?? IdentifierSystem.lpr3Episode;
  const code = e.class ?? "AMB";
  return {
    resourceType: "Encounter",
    id,
    meta: { profile: [Profile.coreEncounter] },
    text: narrative(field("Forløb", e.episodeOfCare), `<p>${escapeXhtml(code)}</p>`),
    status: e.status ?? "in-progress",
    class: { system: CodeSystem.v3ActCode, code },
    subject: { reference: `Patient/${patientId}` },
    episodeOfCare: [{ identifier: { system, value: e.episodeOfCare } }],
  };
}
