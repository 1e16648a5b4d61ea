// Lookups over the FHIR R4 element tables (schemas/fhir-r4): for a type or backbone path, its elements in FHIR
// order, each with its types and whether it repeats. Built once at module load; the codec only reads Maps.
import {
  BACKBONE_DATATYPES,
  DATATYPES,
  JSON_BOOLEAN_TYPES,
  JSON_NUMBER_TYPES,
  PRIMITIVE_TYPES,
} from "../../../schemas/fhir-r4/datatypes.js";
import resourceTable from "../../../schemas/fhir-r4/resources.json" with { type: "json" };

export interface ElementInfo {
  /** Name as in the definition; a choice element keeps its `[x]` (e.g. `value[x]`). */
  name: string;
  types: readonly string[];
  repeats: boolean;
  choice: boolean;
  /** Place in the definition's order (FHIR XML requires children in this order). */
  position: number;
}

export interface TypeInfo {
  key: string;
  isResource: boolean;
  elements: readonly ElementInfo[];
  byName: ReadonlyMap<string, ElementInfo>;
  choices: readonly ElementInfo[];
}

/** Elements that are XML attributes, not child elements: `id` of any element (not of a resource), `url` of Extension. */
export function isAttributeElement(info: TypeInfo, name: string): boolean {
  return (name === "id" && !info.isResource) || (name === "url" && info.key === "Extension");
}

type ResourceRow = [string, string[], boolean];
const RESOURCE_TABLE = resourceTable as unknown as Record<string, ResourceRow[]>;

function makeInfo(key: string, isResource: boolean, unplaced: readonly Omit<ElementInfo, "position">[]): TypeInfo {
  const rows = unplaced.map((r, position) => ({ ...r, position }));
  return {
    key,
    isResource,
    elements: rows,
    byName: new Map(rows.map((r) => [r.name, r])),
    choices: rows.filter((r) => r.choice),
  };
}

const TYPES = new Map<string, TypeInfo>();
for (const [key, rows] of Object.entries(RESOURCE_TABLE)) {
  const elements = rows.map(([name, types, repeats]) => ({ name, types, repeats, choice: name.endsWith("[x]") }));
  TYPES.set(key, makeInfo(key, !key.includes("."), elements));
}
for (const [key, rows] of Object.entries(DATATYPES)) {
  const implied: Omit<ElementInfo, "position">[] = [
    { name: "id", types: ["string"], repeats: false, choice: false },
    { name: "extension", types: ["Extension"], repeats: true, choice: false },
  ];
  if (BACKBONE_DATATYPES.has(key))
    implied.push({ name: "modifierExtension", types: ["Extension"], repeats: true, choice: false });
  const own = rows.map(([name, types, repeats]) => ({
    name,
    types: types.split("|"),
    repeats,
    choice: name.endsWith("[x]"),
  }));
  TYPES.set(key, makeInfo(key, false, [...implied, ...own]));
}

// Element (R4 element.html): what a primitive's `_name` companion in JSON may hold.
TYPES.set(
  "Element",
  makeInfo("Element", false, [
    { name: "id", types: ["string"], repeats: false, choice: false },
    { name: "extension", types: ["Extension"], repeats: true, choice: false },
  ]),
);

export function typeInfo(key: string): TypeInfo | undefined {
  return TYPES.get(key);
}

export const isPrimitive = (type: string): boolean => PRIMITIVE_TYPES.has(type);

/** The JSON value of a primitive read from XML: numbers and booleans typed, everything else kept as written. */
export function primitiveFromXml(type: string, value: string): string | number | boolean {
  if (JSON_BOOLEAN_TYPES.has(type) && (value === "true" || value === "false")) return value === "true";
  if (JSON_NUMBER_TYPES.has(type) && /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(value)) {
    const n = Number(value);
    // Keep the text when a JSON number would not say the same thing (e.g. "1.50" loses its trailing zero).
    if (String(n) === value) return n;
  }
  return value;
}

/**
 * The concrete element a child named `name` stands for: a plain element, or a choice element whose type is the
 * name's suffix (`valueString` → value[x] of type string, `occurredPeriod` → occurred[x] of type Period).
 */
export function resolveElement(info: TypeInfo, name: string): ResolvedElement | undefined {
  const element = info.byName.get(name);
  if (element && !element.choice) return plainResolution(element);
  let known = CHOICE_KEYS.get(info);
  if (known === undefined) CHOICE_KEYS.set(info, (known = new Map<string, ResolvedElement | undefined>()));
  if (known.has(name)) return known.get(name);
  const resolved = choiceResolution(info, name);
  // A hostile message may hold any number of made-up keys: only so many answers are kept per type (a type's own
  // choice keys fit: Extension.value[x] has some fifty).
  if (known.size < MAX_KEYS_KEPT) known.set(name, resolved);
  return resolved;
}

export interface ResolvedElement {
  readonly element: ElementInfo;
  readonly type: string;
}

/**
 * The answers are kept (issue 17, point 3): the syntax and time-zone walks resolve every key of every message, and a
 * typed choice key (`valueCoding` in each extension) was sliced and looked up type by type each time; a plain
 * element's answer was a new object each time. The same answers, shared (callers only read them).
 */
const PLAIN = new WeakMap<ElementInfo, ResolvedElement>();
const CHOICE_KEYS = new Map<TypeInfo, Map<string, ResolvedElement | undefined>>();
const MAX_KEYS_KEPT = 128;

function plainResolution(element: ElementInfo): ResolvedElement {
  let resolved = PLAIN.get(element);
  if (resolved === undefined) PLAIN.set(element, (resolved = { element, type: element.types[0] ?? "string" }));
  return resolved;
}

function choiceResolution(info: TypeInfo, name: string): ResolvedElement | undefined {
  for (const choice of info.choices) {
    const base = choice.name.slice(0, -3);
    if (!name.startsWith(base) || name.length === base.length) continue;
    const type = choiceSuffixType(name.slice(base.length));
    if (type) return { element: choice, type };
  }
  return undefined;
}

/** `String` → string, `DateTime` → dateTime, `CodeableConcept` → CodeableConcept; undefined if no such type. */
function choiceSuffixType(suffix: string): string | undefined {
  const primitive = suffix.charAt(0).toLowerCase() + suffix.slice(1);
  if (PRIMITIVE_TYPES.has(primitive)) return primitive;
  return TYPES.has(suffix) || KNOWN_COMPLEX_WITHOUT_TABLE.has(suffix) ? suffix : undefined;
}

/** Complex types legal in choice elements that the tables do not detail (converted generically, never lost). */
const KNOWN_COMPLEX_WITHOUT_TABLE = new Set(["Timing", "Dosage", "DataRequirement", "TriggerDefinition"]);

/** The type key of an element's content: a backbone path, a content reference target, or the data type. */
export function childTypeKey(parent: TypeInfo, element: ElementInfo, type: string): string {
  if (type === "BackboneElement" || type === "Element") return `${parent.key}.${element.name}`;
  const hash = type.indexOf("#");
  return hash >= 0 ? type.slice(hash + 1) : type;
}

/** childTypeKey's TypeInfo, memoised per element and type: readers ask it for every complex element they meet. */
const CHILD_INFO = new WeakMap<ElementInfo, Map<string, TypeInfo | undefined>>();

export function childTypeInfo(parent: TypeInfo, element: ElementInfo, type: string): TypeInfo | undefined {
  let byType = CHILD_INFO.get(element);
  if (byType === undefined) CHILD_INFO.set(element, (byType = new Map<string, TypeInfo | undefined>()));
  if (byType.has(type)) return byType.get(type);
  const info = typeInfo(childTypeKey(parent, element, type));
  byType.set(type, info);
  return info;
}
