// The answers routes share, as documented replies: media types, problems, the guards' answers.
import type { Reply } from "./define.js";
import { ref } from "./shapes/components.js";
import type { JsonSchema } from "../../util/json-schema.js";

export const FHIR_XML = "application/fhir+xml";
export const FHIR_JSON = "application/fhir+json";
export const FORM = "application/x-www-form-urlencoded";
export const bundle: JsonSchema = { type: "string", description: "A MedCom FHIR Bundle (XML or JSON)." };

/** OIOXML (issue 15): MedCom's legacy letters and receipts, as plain XML. */
export const OIOXML = "application/xml";
export const oioxml: JsonSchema = {
  type: "string",
  description:
    "An OIOXML Emessage (MedCom's XDIS91 letter, XBIN01 attachments or XCTL receipt), ISO-8859-1 or UTF-8 by its declaration.",
};

/** JSON: one of several named schemas. */
export const jsonOneOf = (schemas: readonly string[], description: string): Reply => ({
  description,
  content: { "application/json": { oneOf: schemas.map((s) => ref(s)) } },
});

/** A 422 for a route that takes OIOXML: problem+json, or the XCTL02 for a caller that asks for XML. */
export const refusedOrXctl02 = (description: string): Reply => ({
  description,
  content: {
    "application/problem+json": ref("Problem"),
    [OIOXML]: {
      type: "string",
      description: "The XCTL02 refusing an unreadable OIOXML document (Accept: application/xml).",
    },
  },
});

export const json = (schema: string, description: string): Reply => ({
  description,
  content: { "application/json": ref(schema) },
});
export const html = (description: string): Reply => ({ description, content: { "text/html": { type: "string" } } });
export const redirect = (description: string): Reply => ({ description, headers: { Location: "Where to go next." } });
export const problem = (description: string): Reply => ({
  description,
  content: { "application/problem+json": ref("Problem") },
});
export const bundleReply = (description: string): Reply => ({
  description,
  content: { [FHIR_XML]: bundle, [FHIR_JSON]: bundle },
});

/** The answers every route with credentials may give. */
export const GUARDED: Record<string, Reply> = {
  "401": problem("No or an unknown API key."),
  "403": problem("Not allowed for this client (another location, or the wrong role)."),
  "429": problem(
    "Over the client's requests a minute, or too many failed authentications from the address (Retry-After).",
  ),
  // Any route that reads stored values may find one that fails its seal (issue 11): it is refused, never served.
  "500": problem(
    "A stored value failed its integrity check (code stored-value-corrupt: the record or content is not served), or " +
      "an unexpected failure (logged under the request id).",
  ),
  "503": problem(
    "Redis is unavailable, or too many large bodies are being received (Retry-After); nothing was changed.",
  ),
};

/** A request that stores (issue 12, point 1): a 503 either stored nothing, or says the outcome is unknown. */
export const STORING_503 = problem(
  "Redis is unavailable (title '…nothing was accepted'), or its answer to the store was lost (issue " +
    "store-outcome-unknown, title '…may not have been accepted: retry with the same Idempotency-Key'): retrying the " +
    "same request (the same Idempotency-Key, Bundle or acknowledgement) is safe and answers with the first result.",
);

/** Console pages without a session: a browser is sent to sign in, anything else gets a problem. */
export const CONSOLE_GUARD: Record<string, Reply> = {
  "303": redirect("Not signed in: to /admin/sign-in?next=…"),
  "401": problem("Not signed in (a request that does not accept text/html)."),
};

/** Every route with path parameters checks them first (issue 11, point 1). */
export const MALFORMED_PARAM: Record<string, Reply> = { "400": problem("A path parameter does not have its format.") };

/** A console form carries the session's CSRF token. */
export const CSRF_FORM: JsonSchema = {
  type: "object",
  properties: { csrf: { type: "string", description: "The session's CSRF token (in every console form)." } },
  required: ["csrf"],
};
