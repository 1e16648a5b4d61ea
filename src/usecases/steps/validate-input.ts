// Validating what a caller sent. FHIR JSON can have any shape (a string where FHIR has a list, an object where it
// has a value); the validator expects FHIR's shapes, so anything it cannot even walk is malformed input (400), never
// a crash.
import { GatewayError } from "../../errors.js";
import { error, hasErrors } from "../../util/issues.js";
import type { Resource } from "../../medcom/model/index.js";
import { validateMessage, type ValidateOptions, type ValidationResult } from "../../medcom/validate/index.js";

/** `options.detached`: the request's detached attachments (issue 17), whose tokens the validator checks by their
 *  facts; `options.built`: a letter the gateway's builder made (ValidateOptions.built). */
export function validateInput(
  resource: Resource,
  sizeBytes?: number,
  options: Omit<ValidateOptions, "sizeBytes"> = {},
): ValidationResult {
  let result: ValidationResult;
  try {
    result = validateMessage(resource, sizeBytes === undefined ? options : { ...options, sizeBytes });
  } catch (err) {
    if (!(err instanceof TypeError || err instanceof RangeError)) throw err;
    throw new GatewayError("malformed", [
      error(
        "fhir-structure",
        "",
        "The message does not have the structure FHIR R4 defines (a value where a list or an object belongs, or the reverse).",
      ),
    ]);
  }
  if (hasErrors(result.issues)) throw new GatewayError("invalid", result.issues);
  return result;
}
