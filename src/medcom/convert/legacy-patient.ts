// The XDIS91 (or XBIN01) patient and episode of care as CareCommunication inputs (LEGACY.md §6.3, §6.5).
import type { ComposeEncounter, ComposePatient } from "../compose/request.js";
import type { Address } from "../model/index.js";
import type { EpisodeOfCareStatusCode, OioPatient } from "../oioxml/model.js";
import { withHyphens } from "../oioxml/ids.js";
import { IdentifierSystem, sorEndpoint } from "../systems.js";

/**
 * CivilRegistrationNumber is a CPR; an AlternativeIdentifier is a replacement CPR whose 7th character says which:
 * `1` or `7` the national x-eCPR (urn:oid:1.2.208.176.1.6.1.1), anything else urn:oid:1.2.208.176.1.6.1.3 (§6.3,
 * mapping sheet row "Patient alternative id").
 */
export function patientIdentifierOf(p: OioPatient): { value: string; system: string } {
  if (p.cpr !== undefined) return { value: p.cpr, system: IdentifierSystem.cpr };
  const value = p.alternativeIdentifier ?? "";
  const seventh = value.charAt(6);
  return { value, system: seventh === "1" || seventh === "7" ? IdentifierSystem.xEcpr : IdentifierSystem.dEcpr };
}

/** Names as given: PersonGivenName is one `given` (not split on spaces), PersonSurnameName the family name. */
export function composePatientOf(p: OioPatient): ComposePatient {
  return { cpr: patientIdentifierOf(p).value, family: p.surname, ...(p.given ? { given: [p.given] } : {}) };
}

/** StreetName → line, DistrictName → city, PostCodeIdentifier → postalCode; SuburbName and OccupancyText dropped. */
export function addressOf(p: OioPatient): Address | undefined {
  const address: Address = {
    ...(p.streetName ? { line: [p.streetName] } : {}),
    ...(p.districtName ? { city: p.districtName } : {}),
    ...(p.postCode ? { postalCode: p.postCode } : {}),
  };
  return Object.keys(address).length > 0 ? address : undefined;
}

/** Use cases §4.2.1 (the XSD's values are lower case). */
const STATUS: Record<EpisodeOfCareStatusCode, { class: string; status: string }> = {
  inaktiv: { class: "other", status: "unknown" },
  indlagt: { class: "IMP", status: "in-progress" },
  ambulant: { class: "AMB", status: "in-progress" },
  doed: { class: "other", status: "finished" },
  ambulant_roentgen: { class: "AMB", status: "in-progress" },
};

/**
 * The Encounter, only when the letter names its episode of care: CareCommunication's invariant -9 demands an
 * episodeOfCare identifier on any Encounter, so a bare status (and Flow1's `inaktiv`) gives none; `doed` is still
 * carried by Patient.deceased. The identifier gets its hyphens back (§6.3); a version 5 UUID is an LPR3 episode
 * (`urn:uuid:`, slice lpr3identifier), anything else a local one under the sender's SOR endpoint, as MedCom's
 * ConSer_CC_02 writes it (episode-of-care governance: the sender's SOR URL as the system).
 */
export function encounterOf(
  episodeOfCare: string | undefined,
  status: EpisodeOfCareStatusCode | undefined,
  senderSor: string,
): ComposeEncounter | undefined {
  if (episodeOfCare === undefined) return undefined;
  const { class: code, status: state } = STATUS[status ?? "inaktiv"];
  const uuid = withHyphens(episodeOfCare);
  const lpr3 = uuid !== undefined && uuid.charAt(14) === "5" && "89ab".includes(uuid.charAt(19));
  return {
    episodeOfCare: lpr3 ? `urn:uuid:${uuid}` : (uuid ?? episodeOfCare),
    system: lpr3 ? IdentifierSystem.lpr3Episode : sorEndpoint(senderSor),
    class: code,
    status: state,
  };
}

export const isDeceased = (status: EpisodeOfCareStatusCode | undefined): true | undefined =>
  status === "doed" ? true : undefined;
