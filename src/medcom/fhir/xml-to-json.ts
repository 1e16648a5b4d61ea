// FHIR XML → FHIR JSON (the model), by the R4 rules: `value` attributes become typed JSON primitives with `_name`
// companions for their id/extensions, repeating elements become arrays, choice elements keep their typed name,
// resources carry `resourceType`, and the narrative div becomes an XHTML string. Elements the tables do not know are
// converted generically and kept (R-Tek-C: extra content is ignored, not rejected — and never lost).
import { serializeElement, type XmlElement } from "../xml.js";
import { shownValue } from "../ids.js";
import { recordFindings } from "./read-findings.js";
import { Carrier, checkAttributes, Findings, IGNORED, reportText } from "./xml-findings.js";
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
