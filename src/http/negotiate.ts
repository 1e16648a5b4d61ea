// Media types: which FHIR format a request body is in (Content-Type) and which one the caller wants back (Accept).
import type { Context } from "hono";
import { writeFhirJson, writeFhirXml, type FhirFormat } from "../medcom/fhir/index.js";
import type { Resource } from "../medcom/model/index.js";

/** `json`: plain application/json (a compose or acknowledge request); `fhir-*`: a ready Bundle. */
export type BodyType = "json" | "fhir-xml" | "fhir-json";

/** FHIR's own media types (and plain XML) are Bundles; application/json is a request the gateway acts on. */
export function bodyTypeOf(contentType: string | undefined): BodyType | undefined {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  switch (type) {
    case "application/json":
      return "json";
    case "application/fhir+json":
      return "fhir-json";
    case "application/fhir+xml":
    case "application/xml":
    case "text/xml":
      return "fhir-xml";
    case undefined:
    default:
      return undefined;
  }
}

/** XML unless the caller asks for JSON (CONTRACT.md §2: `/content` is XML by default). */
function wantsJson(accept: string | undefined): boolean {
  return /application\/(fhir\+)?json/i.test(accept ?? "");
}

/** The FHIR media type the caller is answered in. */
export const fhirMediaTypeWanted = (c: Context): "application/fhir+json" | "application/fhir+xml" =>
  wantsJson(c.req.header("Accept")) ? "application/fhir+json" : "application/fhir+xml";

export function fhirResponse(c: Context, resource: Resource): Response {
  return wantsJson(c.req.header("Accept"))
    ? c.body(writeFhirJson(resource), 200, { "Content-Type": "application/fhir+json; charset=utf-8" })
    : c.body(writeFhirXml(resource), 200, { "Content-Type": "application/fhir+xml; charset=utf-8" });
}

export const fhirFormatOf = (type: "fhir-xml" | "fhir-json"): FhirFormat => (type === "fhir-xml" ? "xml" : "json");
