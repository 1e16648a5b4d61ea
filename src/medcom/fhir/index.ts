// Read FHIR XML or JSON into the one model (FHIR JSON shape), and write the model as XML (default) or JSON.
// Receivers SHALL accept both serialisations (DOMAIN.md §2.8).
import { nonXmlStrings } from "../characters.js";
import { error, type Result } from "../../util/issues.js";
import type { Resource } from "../model/index.js";
import { readJson } from "../../util/json.js";
import { parseXml } from "../xml.js";
import { checkJsonShape } from "./json-shape.js";
import { resourceToXml } from "./json-to-xml.js";
import { shownPath } from "./xml-findings.js";
import { FhirXmlError, resourceFromXml } from "./xml-to-json.js";

export type FhirFormat = "xml" | "json";

/** A hostile body may carry a million bad strings; the first few make the point. */
const MAX_CHARACTER_ISSUES = 20;

export function readFhir(input: string | Uint8Array, format: FhirFormat): Result<Resource> {
  return format === "xml" ? readFhirXml(input) : readFhirJson(input);
}

/** Guess the format from the first non-blank character: `<` is XML, `{` is JSON. */
export function sniffFormat(input: string | Uint8Array): FhirFormat | undefined {
  const head = typeof input === "string" ? input.slice(0, 64) : new TextDecoder().decode(input.subarray(0, 64));
  const first = head.replace(/^\uFEFF/, "").trimStart()[0];
  return first === "<" ? "xml" : first === "{" ? "json" : undefined;
}

function readFhirXml(input: string | Uint8Array): Result<Resource> {
  const parsed = parseXml(input);
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, value: resourceFromXml(parsed.value) as unknown as Resource, issues: [] };
  } catch (err) {
    if (err instanceof FhirXmlError)
      return { ok: false, issues: [error("fhir-xml-structure", shownPath(err.path), err.message)] };
    throw err;
  }
}

function readFhirJson(input: string | Uint8Array): Result<Resource> {
  const read = readJson(input);
  if (!read.ok) return read;
  const value = read.value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return {
      ok: false,
      issues: [error("json-not-resource", "", "A FHIR JSON document is an object with a resourceType.")],
    };
  }
  if (typeof (value as { resourceType?: unknown }).resourceType !== "string") {
    return { ok: false, issues: [error("json-not-resource", "resourceType", "The JSON object has no resourceType.")] };
  }
  // Every message is also written as XML (DOMAIN.md §2.8): text XML cannot carry is refused here, at the door, with
  // its path, rather than handed to an XML receiver as a malformed document (issue 11, point 11).
  const characters = nonXmlStrings(value, (value as { resourceType: string }).resourceType, MAX_CHARACTER_ISSUES);
  if (characters.length > 0) {
    return {
      ok: false,
      issues: characters.map(({ path, char }) =>
        error("json-character", path, `The text contains ${char}, which XML cannot carry; remove it.`),
      ),
    };
  }
  const shape = checkJsonShape(value as Record<string, unknown>);
  if (shape.length > 0) return { ok: false, issues: shape };
  return { ok: true, value: value as Resource, issues: [] };
}

export function writeFhirXml(resource: Resource): string {
  return resourceToXml(resource as unknown as Record<string, unknown>);
}

export function writeFhirJson(resource: Resource): string {
  return JSON.stringify(resource);
}
