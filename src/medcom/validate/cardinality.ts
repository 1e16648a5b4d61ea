// Cardinalities (issue 13, class 1), from the derived trees (scripts/derive/cardinality.ts): every element's min and
// max as the profile states them — also where it keeps R4's base, so a base 1..1 element is required — every slice,
// counted by its discriminator, and the elements inside slices; values of R4 data types the snapshot does not expand
// (Extension.url 1..1, Narrative.status/div 1..1, …) by R4's base data-type table. FHIR R4 profiling.html §Slicing.
import datatypeTable from "../../../schemas/fhir-r4/datatype-cardinality.json" with { type: "json" };
import resourceTable from "../../../schemas/fhir-r4/resource-cardinality.json" with { type: "json" };
import type { ValidationContext } from "./context.js";
import { matchesPattern } from "./element-rules.js";
import { SLICE_HINTS } from "./cardinality-hints.js";
import type { Located } from "./walk.js";
import type { CardNode, Match, SliceNode } from "./card-tree.js";

// The tree's shape is card-tree.ts's (rules.ts names it too, without importing the checker).
export type { CardNode, Match, SliceNode } from "./card-tree.js";

/** A value found under an element, with the JSON key it stood under (`contentString` for `content[x]`). */
export interface Item extends Located {
  key: string;
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === "object" && !Array.isArray(v);

const DATATYPES = datatypeTable as Record<string, CardNode[]>;
const BASE_RESOURCES = resourceTable as Record<string, CardNode[]>;

/**
 * The values of element `name` on one node, counted as walk.ts `children()` counts them (each array item one value).
 * A primitive given only by its `_name` extension object counts as present (FHIR R4 json.html §Primitive elements).
 */
export function itemsOf(parent: Located, name: string): Item[] {
  const node = parent.value;
  if (!isObject(node)) return [];
  if (name.endsWith("[x]")) {
    const out: Item[] = [];
    const stem = name.slice(0, -3);
    for (const key in node) if (isChoiceKey(key, stem)) pushItems(out, parent.path, key, node[key]);
    return out;
  }
  // Most elements a profile names are absent from a given message: answer those without building anything (the
  // walk visits every element of every applied profile, issue 17 point 3).
  const value = node[name];
  const present = value !== undefined && value !== null;
  const companion = present ? undefined : node[companionKey(name)];
  if (!present && (companion === undefined || companion === null)) return [];
  const out: Item[] = [];
  pushItems(out, parent.path, name, present ? value : companion);
  return out;
}

/** `_name`, the key of a primitive's extension object, made once per element name rather than once per visit. */
const companionKeys = new Map<string, string>();
function companionKey(name: string): string {
  let key = companionKeys.get(name);
  if (key === undefined) {
    key = `_${name}`;
    if (companionKeys.size < 10_000) companionKeys.set(name, key);
  }
  return key;
}

function pushItems(out: Item[], parentPath: string, key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) {
    out.push({ value, path: `${parentPath}.${key}`, key });
    return;
  }
  for (let i = 0; i < value.length; i++)
    out.push({ value: value[i] as unknown, path: `${parentPath}.${key}[${i}]`, key });
}

function isChoiceKey(key: string, stem: string): boolean {
  if (key.length <= stem.length || !key.startsWith(stem)) return false;
  const c = key.charCodeAt(stem.length);
  return c >= 65 && c <= 90; // an upper-case letter: valueCoding, contentString
}

/** The type a choice key names (`contentString` → string), lower-cased to compare with type codes. */
const typeOfKey = (key: string, choiceName: string): string => key.slice(choiceName.length - 3).toLowerCase();

/** Does the item belong to the slice? Every discriminator must match (FHIR R4 profiling.html §Discriminator). */
export function matchesSlice(item: Item, elementName: string, slice: SliceNode): boolean {
  for (const m of slice.match) if (!matchesOne(item, elementName, m)) return false;
  return true;
}

function matchesOne(item: Item, elementName: string, m: Match): boolean {
  if (m.kind === "type") {
    const typed = m.path.length === 0 ? [item] : evaluate(item, m.path);
    const keyName = m.path.length === 0 ? elementName : `${m.path[m.path.length - 1] ?? ""}[x]`;
    for (const t of typed) {
      const type = typeOfKey(t.key, keyName);
      for (const allowed of m.types) if (allowed.toLowerCase() === type) return true;
    }
    return false;
  }
  for (const v of evaluate(item, m.path))
    for (const expected of m.values) if (matchesPattern(v.value, expected)) return true;
  return false;
}

/** The discriminator path's restricted FHIRPath: names (a choice by its stem: `value`), `extension('url')`. */
function evaluate(item: Item, path: readonly string[]): Item[] {
  let nodes: Item[] = [item];
  for (const step of path) {
    const ext = step.startsWith("extension('") && step.endsWith("')") ? step.slice(11, -2) : undefined;
    const name = ext === undefined ? step : "extension";
    const next: Item[] = [];
    for (const n of nodes) {
      let found = itemsOf(n, name);
      if (found.length === 0) found = itemsOf(n, `${name}[x]`);
      for (const f of found) if (ext === undefined || (isObject(f.value) && f.value.url === ext)) next.push(f);
    }
    nodes = next;
  }
  return nodes;
}

interface Walk {
  ctx: ValidationContext;
  profile: string;
  /** `code|path` of the faults already reported in this message: one fault, one issue. */
  seen: Set<string>;
}

const seenByContext = new WeakMap<ValidationContext, Set<string>>();

/** Checks one resource (or the Bundle) against a profile's cardinality tree. */
export function checkCardinalities(
  ctx: ValidationContext,
  root: Located,
  profile: { name: string; cardinality?: CardNode[] },
): void {
  let seen = seenByContext.get(ctx);
  if (!seen) {
    seen = new Set();
    for (const i of ctx.issues) seen.add(`${i.code}|${i.path}`);
    seenByContext.set(ctx, seen);
  }
  walkNodes({ ctx, profile: profile.name, seen }, root, profile.cardinality ?? [], 0);
}

/** A resource no MedCom profile covers in this message is still held to R4's own cardinalities. */
export function checkBaseCardinalities(ctx: ValidationContext, root: Located, resourceType: string): void {
  const tree = BASE_RESOURCES[resourceType];
  if (tree) checkCardinalities(ctx, root, { name: `R4 ${resourceType}`, cardinality: tree });
}

/** Data types nest without end (Extension.extension…); a message does not, but a hostile one could try. */
const MAX_DEPTH = 64;

function walkNodes(w: Walk, parent: Located, nodes: readonly CardNode[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  for (const node of nodes) {
    const items = itemsOf(parent, node.name);
    count(w, node, parent, node.name, items);
    for (const item of items) walkValue(w, node, item, depth);
    if (node.slices) for (const slice of node.slices) walkSlice(w, node, slice, parent, items, depth);
  }
}

function walkSlice(
  w: Walk,
  node: CardNode,
  slice: SliceNode,
  parent: Located,
  items: readonly Item[],
  depth: number,
): void {
  const members: Item[] = [];
  for (const item of items) if (matchesSlice(item, node.name, slice)) members.push(item);
  count(w, slice, parent, missingName(node, slice), members);
  for (const member of members) walkValue(w, slice, member, depth);
}

/** A type slice of a choice is named by its key (occurred[x]:occurredDateTime): that is where it is missing. */
function missingName(node: CardNode, slice: SliceNode): string {
  for (const m of slice.match) if (m.kind === "type" && m.path.length === 0) return slice.name;
  return node.name;
}

function walkValue(w: Walk, node: CardNode, item: Item, depth: number): void {
  if (node.children) {
    walkNodes(w, item, node.children, depth + 1);
    return;
  }
  const types = node.types;
  if (!types) return;
  let type = types.length === 1 ? types[0] : undefined;
  if (type === undefined) {
    const typed = typeOfKey(item.key, node.name);
    for (const t of types) if (t.toLowerCase() === typed) type = t;
  }
  const rules = type === undefined ? undefined : DATATYPES[type];
  if (rules) walkNodes(w, item, rules, depth + 1);
}

function count(w: Walk, node: CardNode, parent: Located, name: string, items: readonly Item[]): void {
  if (node.min !== undefined && items.length < node.min) {
    report(
      w,
      "cardinality-min",
      `${parent.path}.${name}`,
      `${describe(node)} is required here (at least ${node.min}, found ${items.length}) by ${w.profile}.${hint(node)}`,
    );
  }
  if (node.max === undefined) return;
  const max = Number(node.max);
  if (items.length > max) {
    report(
      w,
      max === 0 ? "not-allowed" : "cardinality-max",
      items[max]?.path ?? `${parent.path}.${name}`,
      max === 0
        ? `${describe(node)} is not allowed in ${w.profile}.${hint(node)}`
        : `${describe(node)} may occur at most ${max} time(s) in ${w.profile}; found ${items.length}.${hint(node)}`,
    );
  }
}

const hint = (node: CardNode): string => {
  const text = SLICE_HINTS[node.id];
  return text ? ` ${text}` : "";
};

/** The element id, and the slice it is or lies in: `Provenance.entity:payload.what.identifier (inside slice payload)`. */
function describe(node: CardNode): string {
  if ("match" in node) return `${node.id} (slice ${node.name})`;
  const colon = node.id.lastIndexOf(":");
  if (colon < 0) return node.id;
  const rest = node.id.slice(colon + 1);
  const dot = rest.indexOf(".");
  return `${node.id} (inside slice ${dot < 0 ? rest : rest.slice(0, dot)})`;
}

function report(w: Walk, code: string, path: string, message: string): void {
  const key = `${code}|${path}`;
  if (w.seen.has(key)) return;
  w.seen.add(key);
  w.ctx.error(code, path, message, "cardinality");
}
