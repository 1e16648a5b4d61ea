// Code lists the compose request is checked against, taken from the derived MedCom terminology (schemas/).
import { valueSet } from "../validate/rules.js";

const codesOf = (url: string): ReadonlySet<string> => new Set(valueSet(url)?.codes ?? []);

const VS = "http://medcomfhir.dk/ig/terminology/ValueSet/";

/** The 18 CareCommunication categories (terminology 2.0.1, DOMAIN.md §1.10). */
export const CATEGORY_CODES = codesOf(`${VS}medcom-careCommunication-categories`);
/** Attachment MIME types receivers must accept (DOMAIN.md §1.10). */
export const MIME_TYPES = codesOf(`${VS}medcom-core-attachmentMimeTypes`);
/** MedCom practitioner role codes (SKS administrative and the Authorisation Register). */
export const ROLE_CODES = valueSet(`${VS}medcom-core-PractitionerRoles`);
export const CATEGORIES = valueSet(`${VS}medcom-careCommunication-categories`);
/** Encounter.class: v3-ActCode encounter codes except OBSENC, plus MedCom's `other` (DOMAIN.md §1.8). */
export const ENCOUNTER_CLASSES = valueSet(`${VS}medcom-core-encounter-class`);
/** Encounter.status (FHIR R4, required binding). */
export const ENCOUNTER_STATUSES = codesOf("http://hl7.org/fhir/ValueSet/encounter-status");

/**
 * The MedCom role code a free-text role names, if any: the code itself (`psykolog`) or its display in any case
 * (`Psykolog`, `SOCIALRÅDGIVER`). Anything else stays free text (`code.text`; invariant medcom-careCommunication-7).
 */
export function roleCodeOf(role: string): string | undefined {
  const wanted = role.trim().toLocaleLowerCase("da");
  // The code itself first: MedCom's CodeSystems keep misspelt duplicates with the same display (pyskolog, psykolog:
  // "Psykolog"); a display names the first code that has it, in the CodeSystem's order (the correct spelling).
  if (ROLE_CODES?.codes.includes(wanted)) return wanted;
  return ROLE_CODES?.codes.find((code) => ROLE_CODES.display(code)?.toLocaleLowerCase("da") === wanted);
}
