// The patient of a CareCommunication as XDIS91 / XBIN01 carry it (LEGACY.md §6.4 rows Patient.*, §6.5): one number
// only — a CPR wins, then the national replacement CPR, then any other replacement CPR; every other identifier goes
// into the letter text after MedCom's fixed sentence (use case S2 remark 2; mapping sheet "Patient id"; test protocol
// ConSer_CC_13/14/15). The episode-of-care status is §6.5's table read backwards.
import type { Encounter, Identifier, Patient } from "../model/index.js";
import type { EpisodeOfCareStatusCode, OioPatient } from "../oioxml/model.js";
import { withoutUrnUuid } from "../oioxml/ids.js";
import { fitsCprType } from "../oioxml/simple-types.js";
import { ECPR_SYSTEM_PREFIX, IdentifierSystem } from "../systems.js";
import { error, warning, type Issue } from "../../util/issues.js";
import { clip } from "./to-legacy-text.js";

/** MedCom's fixed sentence before the identifiers that did not fit (test protocol ConSer_CC_13/14/15, verbatim). */
export const MORE_THAN_ONE_CPR =
  "Der er modtaget flere end et CPR-nummer i korrespondancemeddelelsen. Derfor er de resterende medsendte CPR-numre indsat her";

export interface LegacyPatient {
  /** The XDIS91 patient (with address and status). */
  patient: OioPatient;
  /** The identifiers that did not fit, as lines for the text (value and what it is). */
  otherIdentifiers: string[];
}

/** The rank of an identifier as the patient's one number (lower wins), or undefined when it cannot be that number. */
function rank(id: Identifier): number | undefined {
  const value = id.value ?? "";
  if (id.system === IdentifierSystem.cpr) return fitsCprType(value) ? 0 : undefined;
  // A replacement CPR is 10 characters (Patient.xsd AlternativeIdentifier); the national one (x-eCPR) wins.
  if (value.length !== 10) return undefined;
  if (id.system === IdentifierSystem.xEcpr) return 1;
  if (id.system?.startsWith(ECPR_SYSTEM_PREFIX)) return 2;
  return undefined;
}

function label(system: string | undefined): string {
  if (system === IdentifierSystem.cpr) return "CPR-nummer";
  if (system === IdentifierSystem.xEcpr) return "nationalt erstatnings-CPR";
  if (system?.startsWith(ECPR_SYSTEM_PREFIX)) return "erstatnings-CPR";
  return system ?? "ukendt type";
}

export function legacyPatient(
  patient: Patient | undefined,
  encounter: Encounter | undefined,
): { ok: true; value: LegacyPatient; issues: Issue[] } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const ids = (patient?.identifier ?? []).filter((i) => (i.value ?? "") !== "");
  let chosen: Identifier | undefined;
  let best = Number.POSITIVE_INFINITY;
  for (const id of ids) {
    const r = rank(id);
    if (r !== undefined && r < best) [chosen, best] = [id, r];
  }
  const name = patient?.name?.find((n) => n.use === "official") ?? patient?.name?.[0];
  const surname = clip(name?.family ?? name?.text, 70);
  if (chosen === undefined) {
    issues.push(
      error(
        "legacy-patient-identifier",
        "Patient.identifier",
        "XDIS91 needs the patient's CPR or a 10-character replacement CPR (Patient.xsd); the message has neither.",
      ),
    );
  }
  if (surname === undefined) {
    issues.push(
      error("legacy-patient-name", "Patient.name.family", "XDIS91 needs the patient's surname (PersonSurnameName)."),
    );
  }
  if (chosen === undefined || surname === undefined) return { ok: false, issues };

  const value = chosen.value ?? "";
  const out: OioPatient = best === 0 ? { cpr: value, surname } : { alternativeIdentifier: value, surname };
  const given = clip((name?.given ?? []).join(" "), 70);
  if (given !== undefined) out.given = given;
  const address = patient?.address?.[0];
  const street = clip((address?.line ?? []).join(", "), 35);
  if (street !== undefined) out.streetName = street;
  const city = clip(address?.city, 35);
  if (city !== undefined) out.districtName = city;
  const postCode = clip(address?.postalCode, 9);
  if (postCode !== undefined) out.postCode = postCode;
  out.episodeOfCareStatus = episodeOfCareStatus(patient, encounter);
  if ((name?.family ?? "").length > 70) {
    issues.push(warning("legacy-truncated", "Patient.name.family", "The surname was cut to XDIS91's 70 characters."));
  }
  const otherIdentifiers = ids.filter((i) => i !== chosen).map((i) => `${i.value ?? ""} (${label(i.system)})`);
  return { ok: true, value: { patient: out, otherIdentifiers }, issues };
}

/**
 * §6.5 read backwards: IMP + in-progress → indlagt, AMB + in-progress → ambulant (ambulant_roentgen cannot be told
 * apart and is never produced), a deceased patient → doed (mapping sheet row "Deceased"); anything else, and no
 * Encounter, → inaktiv. A finished encounter of class other is not taken as a death without Patient.deceased.
 */
export function episodeOfCareStatus(
  patient: Patient | undefined,
  encounter: Encounter | undefined,
): EpisodeOfCareStatusCode {
  if (patient?.deceasedBoolean === true || patient?.deceasedDateTime !== undefined) return "doed";
  if (encounter?.status === "in-progress") {
    if (encounter.class?.code === "IMP") return "indlagt";
    if (encounter.class?.code === "AMB") return "ambulant";
  }
  return "inaktiv";
}

/**
 * Letter/EpisodeOfCareIdentifier: the locally defined episode-of-care identifier when there are several (test protocol
 * S2 step 4, "Governance for EpisodeOfCare-identifier"; the mapping sheet prefers the LPR3 one — [DISCREPANCY], the
 * certification test decides), else the only one; `urn:uuid:` and hyphens removed (sheet: "med og uden bindestreger").
 */
export function episodeOfCareIdentifier(encounter: Encounter | undefined): string | undefined {
  const ids = (encounter?.episodeOfCare ?? []).flatMap((r) =>
    r.identifier?.value !== undefined && r.identifier.value !== "" ? [r.identifier] : [],
  );
  const chosen = ids.find((i) => i.system !== IdentifierSystem.lpr3Episode) ?? ids[0];
  if (chosen?.value === undefined) return undefined;
  const value = withoutUrnUuid(chosen.value).replaceAll("-", "");
  return value.length >= 1 && value.length <= 35 ? value : undefined;
}
