// FHIR XML → FHIR JSON (the model), by the R4 rules: `value` attributes become typed JSON primitives with `_name`
// companions for their id/extensions, repeating elements become arrays, choice elements keep their typed name,
// resources carry `resourceType`, and the narrative div becomes an XHTML string. Elements the tables do not know are
// converted generically and kept (R-Tek-C: extra content is ignored, not rejected — and never lost).
import { serializeElement, type XmlElement } from "../xml.js";
import { shownValue } from "../ids.js";
import { error, type Issue } from "../../util/issues.js";
import { recordFindings } from "./read-findings.js";
import { FHIR_NS } from "../systems.js";
import {
  childTypeInfo,
  isAttributeElement,
  isPrimitive,
  primitiveFromXml,
  resolveElement,
  typeInfo,
  type TypeInfo,
} from "./elements.js";

type JsonObject = Record<string, unknown>;

/**
 * A value the object itself holds, never one inherited from Object.prototype: an element may be called `toString`
 * or `valueOf` and must be stored under exactly that name (issue 11, point 11).
 */
const own = (target: JsonObject, name: string): unknown => (Object.hasOwn(target, name) ? target[name] : undefined);

export class FhirXmlError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

export function resourceFromXml(root: XmlElement): JsonObject {
  if (root.attrs.xmlns !== FHIR_NS) {
    // The path shows the element's name cut short and escaped: an XML name can be as long as the body.
    throw new FhirXmlError(`The root element must be in the FHIR namespace ${FHIR_NS}.`, shownValue(root.name));
  }
  const found = new Findings();
  const resource = readResource(root, root.name, found);
  recordFindings(resource, { syntax: "xml", issues: found.issues });
  return resource;
}

/** A hostile document can break XML's rules a million times; the first few make the point (issue 11). */
const MAX_FINDINGS = 50;

/** What the model cannot show: order, attributes, text, missing values (read-findings.ts). Paths as the validator's. */
class Findings {
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

function readResource(element: XmlElement, path: string, found: Findings): JsonObject {
  const target: JsonObject = { resourceType: element.name };
  const info = typeInfo(element.name);
  fill(target, element, info, path, found);
  return target;
}

/** The number of values already read for a repeating element: the index the next one gets. */
function nextIndex(target: JsonObject, name: string): number {
  const current = own(target, name);
  return Array.isArray(current) ? current.length : 0;
}

/** What an element is, for the attributes FHIR XML lets it carry. */
const enum Carrier {
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
function checkAttributes(element: XmlElement, carrier: Carrier, path: string, found: Findings): void {
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

function reportText(child: { text: string }, path: string, found: Findings): void {
  if (!isBlank(child.text))
    found.add(
      "fhir-syntax-text",
      path,
      "FHIR elements hold no text: a primitive's value is its value attribute, everything else is child elements.",
    );
}

function fill(
  target: JsonObject,
  element: XmlElement,
  info: TypeInfo | undefined,
  path: string,
  found: Findings,
): void {
  const isResource = info?.isResource === true;
  if (!isResource && element.attrs.id !== undefined) target.id = element.attrs.id;
  if (element.attrs.url !== undefined) target.url = element.attrs.url;
  if (info)
    checkAttributes(
      element,
      isResource ? Carrier.Resource : info.key === "Extension" ? Carrier.Extension : Carrier.Element,
      path,
      found,
    );
  let last = -1;
  let lastName = "";
  for (const child of element.children) {
    if ("text" in child) {
      reportText(child, path, found);
      continue;
    }
    const resolved = info ? resolveElement(info, child.name) : undefined;
    if (!info || !resolved || isAttributeElement(info, child.name)) {
      if (info && resolved)
        found.add(
          "fhir-syntax-unknown-element",
          `${path}.${child.name}`,
          `${child.name} is an attribute of this element in FHIR XML, not a child element.`,
        );
      readGeneric(target, child, `${path}.${child.name}`, found);
      continue;
    }
    const { element: def, type } = resolved;
    const childPath = def.repeats ? `${path}.${child.name}[${nextIndex(target, child.name)}]` : `${path}.${child.name}`;
    // xml.html: "elements SHALL appear in the order given in the definitions" (JSON has no order).
    if (def.position < last) {
      found.add(
        "fhir-syntax-order",
        childPath,
        `${child.name} must come before ${lastName}: FHIR XML keeps the order of the element definitions.`,
      );
    } else {
      last = def.position;
      lastName = child.name;
    }
    if (isPrimitive(type)) {
      readPrimitive(target, child, type, def.repeats, childPath, found);
    } else if (type === "Resource") {
      addValue(target, child.name, readWrapped(child, childPath, found), def.repeats);
    } else {
      const value: JsonObject = {};
      fill(value, child, childTypeInfo(info, def, type), childPath, found);
      addValue(target, child.name, value, def.repeats);
    }
  }
}

/** `<resource>`, `<contained>`, `<outcome>`: exactly one resource element inside (xml.html §Resources). */
function readWrapped(wrapper: XmlElement, path: string, found: Findings): JsonObject {
  let inner: XmlElement | undefined;
  for (const part of wrapper.children) {
    if ("text" in part) reportText(part, path, found);
    else if (inner === undefined) inner = part;
    else found.add("fhir-syntax-unknown-element", `${path}.${part.name}`, `<${wrapper.name}> holds one resource.`);
  }
  if (!inner) throw new FhirXmlError(`<${wrapper.name}> must contain a resource.`, path);
  checkAttributes(wrapper, Carrier.Resource, path, found);
  return readResource(inner, `${path}.ofType(${inner.name})`, found);
}

function readPrimitive(
  target: JsonObject,
  child: XmlElement,
  type: string,
  repeats: boolean,
  path: string,
  found: Findings,
): void {
  if (type === "xhtml") {
    // The div's namespace, elements and attributes are judged by narrative-checks.ts (txt-1) on this string.
    target[child.name] = serializeElement(child);
    return;
  }
  checkAttributes(child, Carrier.Primitive, path, found);
  const raw = child.attrs.value;
  const value = raw === undefined ? null : primitiveFromXml(type, raw);
  const id = child.attrs.id;
  let extensions: XmlElement[] | undefined;
  for (const part of child.children) {
    if ("text" in part) reportText(part, path, found);
    else if (part.name === "extension") (extensions ??= []).push(part);
    else
      found.add(
        "fhir-syntax-unknown-element",
        `${path}.${part.name}`,
        `A primitive element holds only extensions; ${shownValue(part.name)} is not one.`,
      );
  }
  // The `_name` companion (id and extensions), made only when there is one: most primitives have neither.
  const hasCompanion = id !== undefined || extensions !== undefined;
  const companion: JsonObject | null = hasCompanion ? {} : null;
  if (companion && id !== undefined) companion.id = id;
  if (companion && extensions) {
    companion.extension = extensions.map((ext, i) => {
      const out: JsonObject = {};
      fill(out, ext, typeInfo("Extension"), `${path}.extension[${i}]`, found);
      return out;
    });
  }
  if (!repeats) {
    // ele-1 and xml.html: a primitive without a value attribute is only legal with extensions; otherwise it would
    // vanish from the model unseen, so it is reported here (a repeating one stays as null and the validator sees it).
    if (raw === undefined && extensions === undefined)
      found.add("fhir-syntax-xml-value", path, "A primitive element carries its value in a value attribute.");
    if (value !== null) target[child.name] = value;
    if (hasCompanion) target[`_${child.name}`] = companion;
    return;
  }
  // Repeating primitives: values and companions are parallel arrays, padded with null (FHIR JSON §2.6.2.7).
  const values = (own(target, child.name) ?? (target[child.name] = [])) as unknown[];
  const companionKey = `_${child.name}`;
  const existing = own(target, companionKey) as unknown[] | undefined;
  if (hasCompanion || existing) {
    const companions = existing ?? values.map(() => null);
    companions.push(hasCompanion ? companion : null);
    target[companionKey] = companions;
  }
  values.push(value);
}

function addValue(target: JsonObject, name: string, value: unknown, repeats: boolean): void {
  const current = own(target, name);
  if (repeats) {
    ((current ?? (target[name] = [])) as unknown[]).push(value);
  } else if (current === undefined) {
    target[name] = value;
  } else {
    // A second occurrence of a single-valued or unknown element: keep both rather than lose one.
    target[name] = Array.isArray(current) && !repeats ? [...(current as unknown[]), value] : [current, value];
  }
}

/**
 * Unknown content, kept generically: an element with a `value` attribute is a string primitive (its `id` and
 * extensions go to the `_name` companion, as for known primitives); any other element is an object of its children.
 * The validator reports the unknown element itself (syntax-checks.ts), so nothing inside it is reported here.
 */
function readGeneric(target: JsonObject, element: XmlElement, path: string, found: Findings): void {
  if (element.attrs.value !== undefined) {
    const name = element.name;
    const current = own(target, name);
    if (current !== undefined && !Array.isArray(current)) {
      // A second occurrence: the element repeats after all, so switch to the parallel-array form.
      target[name] = [current];
      const companion = own(target, `_${name}`);
      if (companion !== undefined) target[`_${name}`] = [companion];
    }
    readPrimitive(target, element, "string", Array.isArray(own(target, name)), path, IGNORED);
    return;
  }
  const out: JsonObject = {};
  if (element.attrs.id !== undefined) out.id = element.attrs.id;
  if (element.attrs.url !== undefined) out.url = element.attrs.url;
  for (const child of element.children) {
    if ("text" in child) continue;
    if (/^[A-Z]/.test(child.name)) out.resource = readResource(child, `${path}.ofType(${child.name})`, IGNORED);
    else readGeneric(out, child, `${path}.${child.name}`, found);
  }
  addValue(target, element.name, out, false);
}

/** Findings inside content that is reported as unknown as a whole. */
const IGNORED = new (class extends Findings {
  override add(): void {}
})();
