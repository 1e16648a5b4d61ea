// FHIR JSON (the model) → FHIR XML: elements in the order the definitions give, extensions first, `id` and
// Extension `url` as attributes, primitives as `value` attributes (line breaks as &#xA;), the narrative div re-read
// as XHTML and written in the XHTML namespace. Elements the tables do not know are written after the known ones.
import { escapeAttribute, parseXml, serializeElement } from "../xml.js";
import { FHIR_NS, XHTML_NS } from "../systems.js";
import { childTypeKey, isPrimitive, resolveElement, typeInfo, type ElementInfo, type TypeInfo } from "./elements.js";

type JsonObject = Record<string, unknown>;

const INDENT = "  ";

export function resourceToXml(resource: JsonObject): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  writeResource(out, resource, "", true);
  return `${out.join("\n")}\n`;
}

function writeResource(out: string[], resource: JsonObject, indent: string, isRoot: boolean): void {
  const type = String(resource.resourceType);
  out.push(`${indent}<${type}${isRoot ? ` xmlns="${FHIR_NS}"` : ""}>`);
  writeContent(out, resource, typeInfo(type), `${indent}${INDENT}`, true);
  out.push(`${indent}</${type}>`);
}

function writeContent(
  out: string[],
  value: JsonObject,
  info: TypeInfo | undefined,
  indent: string,
  isResource: boolean,
): void {
  const written = new Set<string>(["resourceType"]);
  if (!isResource) written.add("id");
  if (!info || info.key === "Extension") written.add("url");
  if (info) {
    for (const element of info.elements) {
      if (!isResource && (element.name === "id" || (element.name === "url" && info.key === "Extension"))) continue;
      for (const key of keysFor(value, info, element)) {
        written.add(key).add(`_${key}`);
        writeElement(out, key, value[key], value[`_${key}`], info, indent);
      }
    }
  }
  for (const key of Object.keys(value)) {
    if (written.has(key)) continue;
    const name = key.startsWith("_") ? key.slice(1) : key;
    if (written.has(name)) continue;
    written.add(name).add(`_${name}`);
    writeGeneric(out, name, value[name], value[`_${name}`], indent);
  }
}

/** The JSON keys an element occupies: its own name, or for a choice element the one typed name present. */
function keysFor(value: JsonObject, info: TypeInfo, element: ElementInfo): string[] {
  if (!element.choice) return element.name in value || `_${element.name}` in value ? [element.name] : [];
  const base = element.name.slice(0, -3);
  return Object.keys(value).filter(
    (k) => k.startsWith(base) && k !== base && resolveElement(info, k)?.element === element,
  );
}

function writeElement(
  out: string[],
  key: string,
  value: unknown,
  companion: unknown,
  info: TypeInfo,
  indent: string,
): void {
  const resolved = resolveElement(info, key);
  if (!resolved) return writeGeneric(out, key, value, companion, indent);
  const { element, type } = resolved;
  const values = Array.isArray(value) ? (value as unknown[]) : value === undefined ? [] : [value];
  const companions = Array.isArray(companion) ? (companion as unknown[]) : [companion];
  const count = Math.max(values.length, Array.isArray(companion) ? companions.length : companion ? 1 : 0);
  for (let i = 0; i < count; i++) {
    const item = values[i];
    if (type === "xhtml") out.push(`${indent}${xhtml(item)}`);
    else if (isPrimitive(type)) writePrimitive(out, key, item, companions[i], indent);
    else if (type === "Resource") {
      out.push(`${indent}<${key}>`);
      writeResource(out, item as JsonObject, `${indent}${INDENT}`, false);
      out.push(`${indent}</${key}>`);
    } else writeComplex(out, key, item as JsonObject, typeInfo(childTypeKey(info, element, type)), indent);
  }
}

function writeComplex(out: string[], key: string, value: JsonObject, info: TypeInfo | undefined, indent: string): void {
  const attrs = attributesOf(value, info);
  const inner: string[] = [];
  writeContent(inner, value, info, `${indent}${INDENT}`, false);
  if (inner.length === 0) out.push(`${indent}<${key}${attrs}/>`);
  else out.push(`${indent}<${key}${attrs}>`, ...inner, `${indent}</${key}>`);
}

function writePrimitive(out: string[], key: string, value: unknown, companion: unknown, indent: string): void {
  const extra = (companion ?? {}) as JsonObject;
  const id = typeof extra.id === "string" ? ` id="${escapeAttribute(extra.id)}"` : "";
  const attr = isScalar(value) ? ` value="${escapeAttribute(String(value))}"` : "";
  const extensions = Array.isArray(extra.extension) ? (extra.extension as JsonObject[]) : [];
  if (extensions.length === 0) {
    out.push(`${indent}<${key}${id}${attr}/>`);
    return;
  }
  out.push(`${indent}<${key}${id}${attr}>`);
  for (const ext of extensions) writeComplex(out, "extension", ext, typeInfo("Extension"), `${indent}${INDENT}`);
  out.push(`${indent}</${key}>`);
}

/** Content the tables do not know, written back the way it was read (see readGeneric in xml-to-json.ts). */
function writeGeneric(out: string[], key: string, value: unknown, companion: unknown, indent: string): void {
  const values = Array.isArray(value) ? (value as unknown[]) : [value];
  const companions = Array.isArray(companion) ? (companion as unknown[]) : [companion];
  values.forEach((item, i) => {
    if (item !== null && typeof item === "object") {
      const object = item as JsonObject;
      if (typeof object.resourceType === "string") {
        out.push(`${indent}<${key}>`);
        writeResource(out, object, `${indent}${INDENT}`, false);
        out.push(`${indent}</${key}>`);
      } else writeComplex(out, key, object, undefined, indent);
    } else writePrimitive(out, key, item, companions[i], indent);
  });
}

const isScalar = (value: unknown): value is string | number | boolean =>
  typeof value === "string" || typeof value === "number" || typeof value === "boolean";

function attributesOf(value: JsonObject, info: TypeInfo | undefined): string {
  let attrs = "";
  if (typeof value.id === "string") attrs += ` id="${escapeAttribute(value.id)}"`;
  const urlIsAttribute = !info || info.key === "Extension";
  if (urlIsAttribute && typeof value.url === "string") attrs += ` url="${escapeAttribute(value.url)}"`;
  return attrs;
}

/** The narrative div: re-read with the safe parser (JSON input is untrusted too) and written in the XHTML namespace. */
function xhtml(value: unknown): string {
  const parsed = parseXml(String(value));
  if (!parsed.ok || parsed.value.name !== "div") {
    return `<div xmlns="${XHTML_NS}"><p>(narrative not well-formed XHTML; omitted)</p></div>`;
  }
  const div = parsed.value;
  div.attrs = { xmlns: XHTML_NS, ...div.attrs };
  return serializeElement(div);
}
