// Generated FHIR syntax faults (issue 13, class 5): from every official example (as XML and as JSON) and every
// builder message, one fault per case, each with the rule and the path the validator must report. The faults are
// placed by walking the message with the FHIR R4 element tables, so every resource and every primitive type that
// occurs gets its share, and new examples bring new cases without editing this file.
import { childTypeKey, isPrimitive, resolveElement, typeInfo, type TypeInfo } from "../../src/medcom/fhir/elements.js";
import { writeFhirJson } from "../../src/medcom/fhir/index.js";
import type { Bundle } from "../../src/medcom/model/index.js";
import { parseXml, serializeElement, type XmlElement } from "../../src/medcom/xml.js";
import { readBundle } from "../../tests/support/messages.js";
import { fhirExampleNames, readExample } from "../../tests/support/shared.js";
import { base, type BaseName } from "../rule-breakers/cases.js";

type Json = Record<string, unknown>;

export interface SyntaxCase {
  name: string;
  /** The faulty message: XML or JSON text to read, or a Bundle built in memory. */
  input: { xml: string } | { json: string } | { bundle: Bundle };
  rule: string;
  path: string;
}

/** The official examples the validator judges valid (R-Tek-M is an invalid example on purpose). */
export const validExampleNames = (): string[] => fhirExampleNames().filter((n) => !n.startsWith("test-R-Tek-M"));

export const BASES: BaseName[] = ["cc-new", "cc-full", "cc-referral", "cc-reply", "ack-ok", "ack-fatal"];

// ---------------------------------------------------------------------------------------------------------------
// Walking a JSON model with the element tables

export interface JsonSpot {
  holder: Json;
  key: string;
  /** Index in the list when the element repeats. */
  index?: number;
  path: string;
  type: string;
  repeats: boolean;
  /** The resource path this element belongs to. */
  resource: string;
}

/** Every element of the model the tables know, in document order, with its FHIRPath-like path. */
export function jsonSpots(root: Json): JsonSpot[] {
  const out: JsonSpot[] = [];
  const visitResource = (r: Json, path: string) => {
    const info = typeInfo(String(r.resourceType));
    if (info) visitObject(r, info, path, path);
  };
  const visitObject = (node: Json, info: TypeInfo, path: string, resource: string) => {
    for (const [key, value] of Object.entries(node)) {
      if (key === "resourceType" || key.startsWith("_")) continue;
      const resolved = resolveElement(info, key);
      if (!resolved) continue;
      const { element, type } = resolved;
      const items = Array.isArray(value) ? value : [value];
      items.forEach((item: unknown, i) => {
        const at = element.repeats ? `${path}.${key}[${i}]` : `${path}.${key}`;
        const spot: JsonSpot = { holder: node, key, path: at, type, repeats: element.repeats, resource };
        if (element.repeats) spot.index = i;
        out.push(spot);
        if (item === null || typeof item !== "object" || isPrimitive(type)) return;
        if (type === "Resource") {
          const inner = item as Json;
          visitResource(inner, `${at}.ofType(${String(inner.resourceType)})`);
          return;
        }
        const child = typeInfo(childTypeKey(info, element, type));
        if (child) visitObject(item as Json, child, at, resource);
      });
    }
  };
  visitResource(root, String(root.resourceType));
  return out;
}

const clone = <T>(value: T): T => structuredClone(value);

/** Set the value at a spot (an item of a list, or the element). */
function setAt(spot: JsonSpot, value: unknown): void {
  if (spot.index === undefined) spot.holder[spot.key] = value;
  else (spot.holder[spot.key] as unknown[])[spot.index] = value;
}

/** A value of the wrong JSON type for each primitive kind (json.html). */
function wrongJsonType(type: string): unknown {
  if (type === "boolean") return "true";
  if (type === "integer" || type === "unsignedInt" || type === "positiveInt" || type === "decimal") return "1";
  return 42;
}

/** A value of the right JSON type that is no member of the type (datatypes.html), or undefined if none is tried. */
export const INVALID_VALUES: Readonly<Record<string, unknown>> = {
  date: "2023-02-30",
  dateTime: "2023-02-29T10:00:00+01:00",
  instant: "2024-01-01T10:00+01:00",
  time: "24:00:00",
  positiveInt: 0,
  unsignedInt: -1,
  integer: 2147483648,
  id: "not an id",
  uri: "has white space",
  url: "https://example.org/a b",
  canonical: "http://example.org/a b",
  oid: "urn:oid:1.02.3",
  uuid: "urn:uuid:ABCDEF00-0000-4000-8000-000000000000",
  code: " leading-space",
  base64Binary: "abc",
  string: "bell\u0007",
  markdown: "bell\u0007",
};

/** Faults placed in a JSON model; `make` turns the mutated model into the case's input. */
function jsonCases(
  label: string,
  model: Json,
  make: (mutated: Json) => SyntaxCase["input"],
  options: { controlCharacters: boolean; salt: number },
): SyntaxCase[] {
  const out: SyntaxCase[] = [];
  const add = (name: string, rule: string, path: string, mutate: (m: Json, spots: JsonSpot[]) => void) => {
    const mutated = clone(model);
    mutate(mutated, jsonSpots(mutated));
    out.push({ name: `${label}: ${name}`, input: make(mutated), rule, path });
  };
  const spots = jsonSpots(model);
  const find = (s: JsonSpot[], path: string) => {
    const hit = s.find((x) => x.path === path);
    if (!hit) throw new Error(`no element at ${path}`);
    return hit;
  };
  for (const r of rotation(spots, options.salt)) {
    const own = spots.filter((s) => s.resource === r && s.path.lastIndexOf(".ofType(") === r.lastIndexOf(".ofType("));
    add(`unknown property in ${r}`, "fhir-syntax-unknown-element", `${r}.fooBar`, (_m, s) => {
      const holder = s.find((x) => x.resource === r)?.holder;
      if (holder) holder.fooBar = "x";
    });
    const complex = own.find((s) => !isPrimitive(s.type) && s.type !== "Resource" && !s.repeats);
    if (complex) {
      add(
        `resourceType inside ${complex.path}`,
        "fhir-syntax-unknown-element",
        `${complex.path}.resourceType`,
        (_m, s) => {
          (find(s, complex.path).holder[complex.key] as Json).resourceType = "Patient";
        },
      );
      // An empty object is R4's ele-1, reported by the syntax walk under that key (one issue, not ele-1 and
      // fhir-syntax-empty both).
      add(`empty object at ${complex.path}`, "ele-1", complex.path, (_m, s) => setAt(find(s, complex.path), {}));
    }
    const list = own.find((s) => s.repeats && s.index === 0);
    if (list) {
      const at = list.path.slice(0, -3);
      add(`empty list at ${at}`, "fhir-syntax-empty", at, (_m, s) => {
        find(s, list.path).holder[list.key] = [];
      });
      add(`single value where ${at} repeats`, "fhir-syntax-array", at, (_m, s) => {
        const spot = find(s, list.path);
        spot.holder[list.key] = (spot.holder[list.key] as unknown[])[0];
      });
    }
    const single = own.find((s) => isPrimitive(s.type) && s.type !== "xhtml" && !s.repeats);
    if (single) {
      add(`list where ${single.path} holds one value`, "fhir-syntax-array", single.path, (_m, s) => {
        const spot = find(s, single.path);
        spot.holder[single.key] = [spot.holder[single.key]];
      });
      add(`_${single.key} not an object`, "fhir-syntax-primitive-extension", single.path, (_m, s) => {
        find(s, single.path).holder[`_${single.key}`] = "x";
      });
      add(`unknown content in _${single.key}`, "fhir-syntax-unknown-element", `${single.path}.fooBar`, (_m, s) => {
        find(s, single.path).holder[`_${single.key}`] = { fooBar: 1 };
      });
    }
    const text = own.find((s) => isPrimitive(s.type) && s.type !== "xhtml" && typeof get(s) === "string");
    if (text)
      add(`empty string at ${text.path}`, "fhir-syntax-empty", text.path, (_m, s) => setAt(find(s, text.path), ""));
  }
  // One wrong JSON type and one invalid value for the first element of every primitive type in the message.
  const firstOfType = new Map<string, JsonSpot>();
  for (const s of spots)
    if (isPrimitive(s.type) && s.type !== "xhtml" && !firstOfType.has(s.type)) firstOfType.set(s.type, s);
  for (const [type, spot] of firstOfType) {
    add(`wrong JSON type for the ${type} ${spot.path}`, "fhir-syntax-json-type", spot.path, (_m, s) =>
      setAt(find(s, spot.path), wrongJsonType(type)),
    );
    const invalid = INVALID_VALUES[type];
    if (invalid === undefined || ((type === "string" || type === "markdown") && !options.controlCharacters)) continue;
    add(`invalid ${type} at ${spot.path}`, "fhir-primitive-format", spot.path, (_m, s) =>
      setAt(find(s, spot.path), invalid),
    );
  }
  // A repeating primitive's companion that does not line up with its values.
  const repeating = spots.find((s) => isPrimitive(s.type) && s.repeats && s.index === 0);
  if (repeating) {
    const at = repeating.path.slice(0, -3);
    add(`_${repeating.key} misaligned`, "fhir-syntax-primitive-extension", at, (_m, s) => {
      const spot = find(s, repeating.path);
      spot.holder[`_${repeating.key}`] = [...(spot.holder[repeating.key] as unknown[]).map(() => null), null];
    });
  }
  // Bundle rules (bundle.html): fullUrl present, unique, agreeing with the resource; no request/response in a message.
  const entries = () => (model.entry as Json[] | undefined)?.length ?? 0;
  if (entries() >= 3) {
    const entry = (m: Json, i: number) => (m.entry as Json[])[i] as Json;
    add("missing fullUrl", "bundle-fullurl", "Bundle.entry[1].fullUrl", (m) => delete entry(m, 1).fullUrl);
    add("duplicate fullUrl", "bdl-7", "Bundle.entry[2].fullUrl", (m) => {
      entry(m, 2).fullUrl = entry(m, 1).fullUrl;
    });
    add("fullUrl disagreeing with the resource id", "bundle-fullurl", "Bundle.entry[1].fullUrl", (m) => {
      entry(m, 1).fullUrl = "urn:uuid:00000000-0000-4000-8000-0000000000ff";
    });
    add("entry.request in a message", "bdl-3", "Bundle.entry[1].request", (m) => {
      entry(m, 1).request = { method: "POST", url: "Patient" };
    });
    add("entry.response in a message", "bdl-4", "Bundle.entry[1].response", (m) => {
      entry(m, 1).response = { status: "201 Created" };
    });
    add("entry.search in a message", "bdl-2", "Bundle.entry[1].search", (m) => {
      entry(m, 1).search = { mode: "match" };
    });
    add("total in a message", "bdl-1", "Bundle.total", (m) => {
      m.total = 1;
    });
  }
  return out;
}

/**
 * The resources that get the per-resource faults: every third, rotating with `salt` (the message's number), so all
 * resource types are covered across the messages while the suite stays small enough for shared CPUs.
 */
function rotation(spots: readonly { resource: string }[], salt: number): string[] {
  const resources = [...new Set(spots.map((s) => s.resource))];
  return resources.filter((_r, i) => (i + salt) % 3 === 0);
}

function get(spot: JsonSpot): unknown {
  const value = spot.holder[spot.key];
  return spot.index === undefined ? value : (value as unknown[])[spot.index];
}

// ---------------------------------------------------------------------------------------------------------------
// Walking an XML tree with the element tables (as the reader does)

interface XmlSpot {
  element: XmlElement;
  parent: XmlElement;
  path: string;
  type: string;
  repeats: boolean;
  position: number;
  resource: string;
}

function xmlSpots(root: XmlElement): XmlSpot[] {
  const out: XmlSpot[] = [];
  const visit = (element: XmlElement, info: TypeInfo, path: string, resource: string) => {
    const counts = new Map<string, number>();
    for (const child of element.children) {
      if ("text" in child) continue;
      const resolved = resolveElement(info, child.name);
      const attribute = (child.name === "id" && !info.isResource) || (child.name === "url" && info.key === "Extension");
      if (!resolved || attribute) continue;
      const { element: def, type } = resolved;
      const n = counts.get(child.name) ?? 0;
      counts.set(child.name, n + 1);
      const at = def.repeats ? `${path}.${child.name}[${n}]` : `${path}.${child.name}`;
      out.push({
        element: child,
        parent: element,
        path: at,
        type,
        repeats: def.repeats,
        position: def.position,
        resource,
      });
      if (isPrimitive(type)) continue;
      if (type === "Resource") {
        const inner = child.children.find((c): c is XmlElement => !("text" in c));
        const innerInfo = inner ? typeInfo(inner.name) : undefined;
        if (inner && innerInfo) visit(inner, innerInfo, `${at}.ofType(${inner.name})`, `${at}.ofType(${inner.name})`);
        continue;
      }
      const childInfo = typeInfo(childTypeKey(info, def, type));
      if (childInfo) visit(child, childInfo, at, resource);
    }
  };
  const info = typeInfo(root.name);
  if (info) visit(root, info, root.name, root.name);
  return out;
}

/** A resource element's own `id` child is an element (not an attribute) with a value: the XML faults' carrier. */
function xmlCases(label: string, text: string, salt: number): SyntaxCase[] {
  const out: SyntaxCase[] = [];
  const parse = (): XmlElement => {
    const parsed = parseXml(text);
    if (!parsed.ok) throw new Error(`${label} is not readable XML`);
    return parsed.value;
  };
  const add = (name: string, rule: string, path: string, mutate: (spots: XmlSpot[]) => void) => {
    const root = parse();
    mutate(xmlSpots(root));
    out.push({ name: `${label}: ${name}`, input: { xml: serializeElement(root) }, rule, path });
  };
  const spots = xmlSpots(parse());
  const find = (s: XmlSpot[], path: string) => {
    const hit = s.find((x) => x.path === path);
    if (!hit) throw new Error(`no element at ${path}`);
    return hit;
  };
  for (const r of rotation(spots, salt)) {
    const own = spots.filter((s) => s.resource === r);
    const direct = own.filter((s) => s.path.lastIndexOf(".") === r.length);
    // Swap two neighbours of different definitions: the one that belongs first now comes second.
    const pair = direct.findIndex((s, i) => {
      const next = direct[i + 1];
      return next !== undefined && next.position > s.position;
    });
    const first = direct[pair];
    if (pair >= 0 && first) {
      add(`${first.path} swapped with its successor`, "fhir-syntax-order", first.path, (s) => {
        const spot = find(s, first.path);
        const children = spot.parent.children;
        const at = children.indexOf(spot.element);
        // The next element (white space and comments between them stay where they are).
        const to = children.findIndex((c, i) => i > at && !("text" in c));
        const next = children[to];
        if (next === undefined) throw new Error("nothing to swap with");
        children[at] = next;
        children[to] = spot.element;
      });
    }
    add(`unknown element in ${r}`, "fhir-syntax-unknown-element", `${r}.fooBar`, (s) => {
      const parent = s.find((x) => x.resource === r)?.parent;
      parent?.children.unshift({ name: "fooBar", attrs: { value: "x" }, children: [] });
    });
    const primitive = direct.find((s) => isPrimitive(s.type) && s.type !== "xhtml" && !s.repeats);
    if (primitive) {
      add(`unknown attribute on ${primitive.path}`, "fhir-syntax-attribute", primitive.path, (s) => {
        find(s, primitive.path).element.attrs.fooBar = "x";
      });
      add(`text inside ${primitive.path}`, "fhir-syntax-text", primitive.path, (s) => {
        find(s, primitive.path).element.children.push({ text: "text" });
      });
      add(`no value attribute on ${primitive.path}`, "fhir-syntax-xml-value", primitive.path, (s) => {
        delete find(s, primitive.path).element.attrs.value;
      });
      add(`value="" on ${primitive.path}`, "fhir-syntax-empty", primitive.path, (s) => {
        find(s, primitive.path).element.attrs.value = "";
      });
    }
    const complex = direct.find((s) => !isPrimitive(s.type) && s.type !== "Resource");
    if (complex) {
      add(`foreign namespace on ${complex.path}`, "fhir-syntax-namespace", complex.path, (s) => {
        find(s, complex.path).element.attrs.xmlns = "urn:example:other";
      });
      add(`value attribute on the complex ${complex.path}`, "fhir-syntax-attribute", complex.path, (s) => {
        find(s, complex.path).element.attrs.value = "x";
      });
      add(`id as a child element of ${complex.path}`, "fhir-syntax-unknown-element", `${complex.path}.id`, (s) => {
        find(s, complex.path).element.children.unshift({ name: "id", attrs: { value: "a1" }, children: [] });
      });
    }
  }
  // An invalid lexical value for the first element of every primitive type in the message.
  const firstOfType = new Map<string, XmlSpot>();
  for (const s of spots) if (isPrimitive(s.type) && !firstOfType.has(s.type)) firstOfType.set(s.type, s);
  for (const [type, spot] of firstOfType) {
    const fallback = INVALID_VALUES[type];
    const invalid =
      XML_INVALID_VALUES[type] ??
      (typeof fallback === "string" || typeof fallback === "number" ? String(fallback) : undefined);
    if (invalid === undefined || type === "string" || type === "markdown") continue; // XML cannot carry a BEL at all
    add(`invalid ${type} at ${spot.path}`, "fhir-primitive-format", spot.path, (s) => {
      find(s, spot.path).element.attrs.value = invalid;
    });
  }
  return out;
}

/** Lexical faults only XML can have (JSON numbers and booleans cannot be written this way). */
const XML_INVALID_VALUES: Readonly<Record<string, string>> = {
  boolean: "yes",
  positiveInt: "007",
  unsignedInt: "+1",
  integer: "1.0",
  decimal: "1.",
};

// ---------------------------------------------------------------------------------------------------------------

export function syntaxCases(): SyntaxCase[] {
  const out: SyntaxCase[] = [];
  validExampleNames().forEach((name, salt) => {
    const text = readExample(name);
    if (name.endsWith(".xml")) out.push(...xmlCases(name, text, salt));
    const model = JSON.parse(writeFhirJson(readBundle(text, name.endsWith(".json") ? "json" : "xml"))) as Json;
    out.push(
      ...jsonCases(`${name} as JSON`, model, (m) => ({ json: JSON.stringify(m) }), { controlCharacters: false, salt }),
    );
  });
  BASES.forEach((name, salt) => {
    const model = base(name) as unknown as Json;
    out.push(
      ...jsonCases(`builder ${name}`, model, (m) => ({ bundle: m as unknown as Bundle }), {
        controlCharacters: true,
        salt,
      }),
    );
  });
  return out;
}
