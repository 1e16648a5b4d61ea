// What FHIR XML's own syntax rules (xml.html) say about a document that the JSON model cannot show — attributes other
// than value/id/url, text between elements — collected as findings with their paths (read-findings.ts carries them
// to the validator). Apart from xml-to-json.ts so that file holds only the conversion.
import { shownValue } from "../ids.js";
import { error, type Issue } from "../../util/issues.js";
import { FHIR_NS } from "../systems.js";
import type { XmlElement } from "../xml.js";

/** A hostile document can break XML's rules a million times; the first few make the point (issue 11). */
const MAX_FINDINGS = 50;

/** What the model cannot show: order, attributes, text, missing values (read-findings.ts). Paths as the validator's. */
export class Findings {
  readonly issues: Issue[] = [];
  add(rule: string, path: string, message: string): void {
    if (this.issues.length < MAX_FINDINGS) this.issues.push(error(rule, shownPath(path), message, rule));
  }
}

/** A path built from outside element names: a long name is shown short, never echoed in full (issue 11). */
export const shownPath = (path: string): string =>
  path.length <= 64 || !hasLongSegment(path)
    ? path
    : path
        .split(".")
        .map((segment) => (segment.length > 64 ? shownValue(segment) : segment))
        .join(".");

function hasLongSegment(path: string): boolean {
  let start = 0;
  for (let dot = path.indexOf("."); dot !== -1; dot = path.indexOf(".", dot + 1)) {
    if (dot - start > 64) return true;
    start = dot + 1;
  }
  return path.length - start > 64;
}

/** What an element is, for the attributes FHIR XML lets it carry. */
export const enum Carrier {
  /** A resource, or the `<resource>` wrapper around one: only the namespace declaration. */
  Resource,
  /** An element of a complex type: `id`. */
  Element,
  /** An Extension: `id` and `url`. */
  Extension,
  /** A primitive: `id` and `value`. */
  Primitive,
}

/**
 * FHIR XML (xml.html): attributes are `value` (primitives), `id` (elements other than resources), `url` (Extension)
 * and the namespace declaration; anything else is not FHIR and is lost on reading, so it is reported. A plain loop
 * without closures: this runs for every element of every message read.
 */
export function checkAttributes(element: XmlElement, carrier: Carrier, path: string, found: Findings): void {
  const names = Object.keys(element.attrs);
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    if (name === "id" ? carrier !== Carrier.Resource : name === "value" ? carrier === Carrier.Primitive : false)
      continue;
    if (name === "url" && carrier === Carrier.Extension) continue;
    if (name === "xmlns") {
      if (element.attrs.xmlns !== FHIR_NS)
        found.add("fhir-syntax-namespace", path, `Every FHIR element is in the namespace ${FHIR_NS}.`);
    } else if (!isXmlInfrastructure(name)) {
      found.add(
        "fhir-syntax-attribute",
        path,
        `The attribute ${shownValue(name)} is not defined on this FHIR element.`,
      );
    }
  }
}

/**
 * Namespace declarations with a prefix (`xmlns:xsi`) declare, they carry no content; `xsi:schemaLocation` only
 * points a schema validator at fhir-all.xsd. Both are XML machinery, not FHIR content, and the HL7 validator
 * accepts them, so they are not reported (a sender's tooling often writes them on the root).
 */
const isXmlInfrastructure = (name: string): boolean => name.startsWith("xmlns:") || name === "xsi:schemaLocation";

/** White space between elements is layout; anything else is text FHIR does not have. No allocation: runs often. */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

export function reportText(child: { text: string }, path: string, found: Findings): void {
  if (!isBlank(child.text))
    found.add(
      "fhir-syntax-text",
      path,
      "FHIR elements hold no text: a primitive's value is its value attribute, everything else is child elements.",
    );
}

/** Findings inside content that is reported as unknown as a whole. */
export const IGNORED = new (class extends Findings {
  override add(): void {}
})();
