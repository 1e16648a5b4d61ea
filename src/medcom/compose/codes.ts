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
