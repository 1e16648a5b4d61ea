// FHIR XML → FHIR JSON (the model), by the R4 rules: `value` attributes become typed JSON primitives with `_name`
// companions for their id/extensions, repeating elements become arrays, choice elements keep their typed name,
// resources carry `resourceType`, and the narrative div becomes an XHTML string. Elements the tables do not know are
// converted generically and kept (R-Tek-C: extra content is ignored, not rejected — and never lost).
import { serializeElement, type XmlElement } from "../xml.js";
import { shownValue } from "../ids.js";
import { FHIR_NS } from "../systems.js";
import {
  childTypeKey,
  isAttributeElement,
  isPrimitive,
  primitiveFromXml,
  resolveElement,
  typeInfo,
  type TypeInfo,
} from "./elements.js";

type JsonObject = Record<string, unknown>;

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
  return readResource(root, root.name);
}

function readResource(element: XmlElement, path: string): JsonObject {
  const target: JsonObject = { resourceType: element.name };
  const info = typeInfo(element.name);
  fill(target, element, info, path);
  return target;
}

const elementChildren = (element: XmlElement): XmlElement[] =>
  element.children.filter((c): c is XmlElement => !("text" in c));

function fill(target: JsonObject, element: XmlElement, info: TypeInfo | undefined, path: string): void {
  if (!info?.isResource && element.attrs.id !== undefined) target.id = element.attrs.id;
  if (element.attrs.url !== undefined) target.url = element.attrs.url;
  for (const child of elementChildren(element)) {
    const childPath = `${path}.${child.name}`;
    const resolved = info ? resolveElement(info, child.name) : undefined;
    if (!info || !resolved || isAttributeElement(info, child.name)) {
      readGeneric(target, child, childPath);
      continue;
    }
    const { element: def, type } = resolved;
    if (isPrimitive(type)) {
      readPrimitive(target, child, type, def.repeats, childPath);
    } else if (type === "Resource") {
      const inner = elementChildren(child)[0];
      if (!inner) throw new FhirXmlError(`<${child.name}> must contain a resource.`, childPath);
      addValue(target, child.name, readResource(inner, `${childPath}.ofType(${inner.name})`), def.repeats);
    } else {
      const value: JsonObject = {};
      fill(value, child, typeInfo(childTypeKey(info, def, type)), childPath);
      addValue(target, child.name, value, def.repeats);
    }
  }
}

function readPrimitive(target: JsonObject, child: XmlElement, type: string, repeats: boolean, path: string): void {
  if (type === "xhtml") {
    target[child.name] = serializeElement(child);
    return;
  }
  const raw = child.attrs.value;
  const value = raw === undefined ? null : primitiveFromXml(type, raw);
  const companion: JsonObject = {};
  if (child.attrs.id !== undefined) companion.id = child.attrs.id;
  const extensions = elementChildren(child).filter((c) => c.name === "extension");
  if (extensions.length > 0) {
    companion.extension = extensions.map((ext, i) => {
      const out: JsonObject = {};
      fill(out, ext, typeInfo("Extension"), `${path}.extension[${i}]`);
      return out;
    });
  }
  const hasCompanion = Object.keys(companion).length > 0;
  if (!repeats) {
    if (value !== null) target[child.name] = value;
    if (hasCompanion) target[`_${child.name}`] = companion;
    return;
  }
  // Repeating primitives: values and companions are parallel arrays, padded with null (FHIR JSON §2.6.2.7).
  const values = (target[child.name] ??= []) as unknown[];
  const companionKey = `_${child.name}`;
  const existing = target[companionKey] as unknown[] | undefined;
  if (hasCompanion || existing) {
    const companions = existing ?? values.map(() => null);
    companions.push(hasCompanion ? companion : null);
    target[companionKey] = companions;
  }
  values.push(value);
}

function addValue(target: JsonObject, name: string, value: unknown, repeats: boolean): void {
  const current = target[name];
  if (repeats) {
    ((target[name] ??= []) as unknown[]).push(value);
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
 */
function readGeneric(target: JsonObject, element: XmlElement, path: string): void {
  if (element.attrs.value !== undefined) {
    const name = element.name;
    if (target[name] !== undefined && !Array.isArray(target[name])) {
      // A second occurrence: the element repeats after all, so switch to the parallel-array form.
      target[name] = [target[name]];
      if (target[`_${name}`] !== undefined) target[`_${name}`] = [target[`_${name}`]];
    }
    readPrimitive(target, element, "string", Array.isArray(target[name]), path);
    return;
  }
  const out: JsonObject = {};
  if (element.attrs.id !== undefined) out.id = element.attrs.id;
  if (element.attrs.url !== undefined) out.url = element.attrs.url;
  for (const child of elementChildren(element)) {
    if (/^[A-Z]/.test(child.name)) out.resource = readResource(child, `${path}.ofType(${child.name})`);
    else readGeneric(out, child, `${path}.${child.name}`);
  }
  addValue(target, element.name, out, false);
}
