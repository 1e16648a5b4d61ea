// The size of a built message for MedCom's 100 MB limit including the envelope (DOMAIN.md §1.12): its FHIR JSON as
// stored, each detached attachment's token counted as the base64 text it stands for (issue 17). A compose request's
// letter is built by the gateway, so its size is known only now; a ready Bundle's is its body's byte count.
import type { DetachedAttachments } from "../../medcom/detached.js";
import { measuredLetterJson } from "../../medcom/fhir/letter-json.js";
import type { Bundle } from "../../medcom/model/index.js";
import { namedTokens } from "./detached-blobs.js";

export function builtLetterSize(bundle: Bundle, detached?: DetachedAttachments): number {
  return measuredLetter(bundle, detached).size;
}

/**
 * The size, and the FHIR JSON it was measured on: the text the accept stores, so it is written once, not twice; its
 * attachments' proved base64 is joined in, not escaped and copied, nor counted byte by byte (measuredLetterJson: the
 * same text as writeFhirJson, and its UTF-8 byte count).
 */
export function measuredLetter(bundle: Bundle, detached?: DetachedAttachments): { json: string; size: number } {
  const { json, bytes } = measuredLetterJson(bundle);
  let size = bytes;
  for (const token of namedTokens(json, detached)) size += (detached?.get(token)?.base64Length ?? 0) - token.length;
  return { json, size };
}
