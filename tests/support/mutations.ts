/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return --
 * Mutations edit arbitrary FHIR JSON on purpose (delete required elements, put numbers where strings belong), so
 * they work on it untyped, as test-fixtures/rule-breakers/cases.ts does. */
// Issue 13's differential corpus: mutations of valid messages, each breaking (or trying to break) ONE rule, made
// generically from the message's JSON, not from our rule tables, so they can find what neither judge expects.
// A mutation is named by base, kind and path; names are stable across runs (the random ones use a seeded PRNG), so
// tests/unit/validate/differential-medplum.test.ts can keep a list of known gaps by name.
//
// `mustBeInvalid` is set only where FHIR R4 itself makes the result invalid by construction (R4 §2.6.2 JSON: no
// empty strings/arrays/objects, no null, no unknown properties, JSON types per data type; §2.24 primitive formats;
// §2.13 modifierExtension "SHALL NOT be ignored"; required bindings of R4 status/use/gender codes; a code outside a
// complete MedCom CodeSystem; a reference to a type its targetProfile does not allow), so a third, fixed opinion
// decides when both judges say "valid".
import type { Bundle } from "../../src/medcom/model/index.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- mutations edit arbitrary FHIR JSON on purpose
type Json = any;

export type MutationKind =
  | "remove"
  | "duplicate"
  | "array-for-single"
  | "empty-string"
  | "wrong-json-type"
  | "impossible-date"
  | "bad-id"
  | "code-whitespace"
  | "unknown-property"
  | "wrong-reference-target"
  | "wrong-code"
  | "unknown-modifier-extension"
  | "unknown-extension"
  | "empty-array"
  | "empty-object"
  | "null";

export interface Mutation {
  /** `<base>|<kind>|<path>`: stable, unique. */
  name: string;
  base: string;
  kind: MutationKind;
  /** Where the broken element is, in the validator's path style. */
  path: string;
  mustBeInvalid: boolean;
  apply(bundle: Bundle): void;
}

/** A located node of the message: its parent and key, so a mutation can replace or delete it. */
interface Site {
  parent: Json;
  key: string | number;
  path: string;
  /** `path` without indices and entry numbers: two bases with the same shape test the same element. */
  shape: string;
}

const isObject = (v: unknown): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every property (and array item) of the message, depth first, in the validator's path notation. */
export function sites(bundle: Bundle): Site[] {
  const out: Site[] = [];
  const visit = (node: Json, path: string, shape: string) => {
    for (const [key, value] of Object.entries(node as Record<string, Json>)) {
      if (key === "resourceType") continue;
      // A resource's own path carries its type, as the validator's paths do: `….resource.ofType(Patient)`.
      const rt = isObject(value) && typeof value.resourceType === "string" ? `.ofType(${value.resourceType})` : "";
      const p = `${path}.${key}${rt}`;
      const s = `${shape}.${key}${rt}`;
      out.push({ parent: node, key, path: p, shape: s });
      if (Array.isArray(value)) {
        value.forEach((item: Json, i: number) => {
          const rt = isObject(item) && typeof item.resourceType === "string" ? `.ofType(${item.resourceType})` : "";
          out.push({ parent: value, key: i, path: `${p}[${i}]${rt}`, shape: `${s}[]${rt}` });
          if (isObject(item)) visit(item, `${p}[${i}]${rt}`, `${s}[]${rt}`);
        });
      } else if (isObject(value)) {
        visit(value, p, s);
      }
    }
  };
  visit(bundle, "Bundle", "Bundle");
  return out;
}

/** Follow a site's path again on a fresh copy of the base (mutations are applied to copies). */
function locate(bundle: Bundle, path: string): { parent: Json; key: string } {
  const steps = path
    .replace(/\.ofType\([A-Za-z]+\)/g, "")
    .split(".")
    .slice(1);
  let node: Json = bundle;
  for (const step of steps.slice(0, -1)) node = walkStep(node, step);
  const last = steps[steps.length - 1] ?? "";
  const bracket = last.indexOf("[");
  if (bracket < 0) return { parent: node, key: last };
  return { parent: walkStep(node, last.slice(0, bracket)), key: last.slice(bracket + 1, -1) };
}

function walkStep(node: Json, step: string): Json {
  const bracket = step.indexOf("[");
  if (bracket < 0) return node[step];
  return node[step.slice(0, bracket)][Number(step.slice(bracket + 1, -1))];
}

const DATE_KEYS = new Set([
  "sent",
  "recorded",
  "timestamp",
  "lastUpdated",
  "birthDate",
  "start",
  "end",
  "occurredDateTime",
  "valueDateTime",
  "creation",
]);
/** R4 required bindings on primitive codes present in these messages (R4 §4.1 "required"). */
const REQUIRED_CODE_KEYS = new Set(["status", "gender", "use", "priority", "mode", "severity"]);
/** Backbone elements that carry modifierExtension (R4 BackboneElement) in these messages. */
const BACKBONE_KEYS = new Set(["entry", "destination", "source", "payload", "agent", "entity", "response", "issue"]);
/** `a.b[]` → `b`: the element an array item belongs to. */
const backboneName = (shape: string) => (shape.split(".").pop() ?? "").replace("[]", "");
const MEDCOM_CODESYSTEM = "http://medcomfhir.dk/ig/terminology/CodeSystem/";

interface Candidate {
  kind: MutationKind;
  site: Site;
  mustBeInvalid: boolean;
  edit(parent: Json, key: string | number, bundle: Json): void;
}

const set =
  (value: () => Json) =>
  (parent: Json, key: string | number): void => {
    parent[key] = value();
  };

/** The systematic mutations for one site (several kinds may apply). */
function candidatesAt(site: Site): Candidate[] {
  const value: Json = site.parent[site.key];
  const key = String(site.key);
  const out: Candidate[] = [];
  const add = (kind: MutationKind, mustBeInvalid: boolean, edit: Candidate["edit"]) =>
    out.push({ kind, site, mustBeInvalid, edit });

  add("remove", false, (parent, k) => {
    if (Array.isArray(parent)) parent.splice(Number(k), 1);
    else delete parent[k];
  });
  if (Array.isArray(value) && value.length > 0) {
    // A copy of the first item appended: duplicate entries (bdl-7: fullUrl unique) and 1..1 slices become two.
    add("duplicate", key === "entry", (parent, k) => parent[k].push(structuredClone(parent[k][0])));
    add(
      "empty-array",
      true,
      set(() => []),
    );
  }
  if (isObject(value)) {
    add("unknown-property", true, (parent, k) => (parent[k].fooBar = "x"));
    add(
      "empty-object",
      true,
      set(() => ({})),
    );
    if (typeof value.system === "string" && typeof value.code === "string") {
      add("wrong-code", value.system.startsWith(MEDCOM_CODESYSTEM), (parent, k) => (parent[k].code = "not-a-code"));
    }
    if (typeof value.resourceType === "string" || BACKBONE_KEYS.has(backboneName(site.shape))) {
      add("unknown-modifier-extension", true, (parent, k) => {
        const target = parent[k];
        target.modifierExtension = [{ url: "http://example.org/fhir/StructureDefinition/unknown", valueBoolean: true }];
      });
    }
    if (typeof value.resourceType === "string") {
      add("unknown-extension", false, (parent, k) => {
        parent[k].extension = [
          ...((parent[k].extension as Json[] | undefined) ?? []),
          { url: "http://example.org/fhir/StructureDefinition/unknown", valueString: "x" },
        ];
      });
    }
  }
  if (!Array.isArray(value) && !isObject(value) && value !== null) {
    add(
      "null",
      true,
      set(() => null),
    );
    // R4 JSON §2.6.2: a 0..1 element is never an array.
    add("array-for-single", true, (parent, k) => (parent[k] = [parent[k], parent[k]]));
  }
  if (typeof value === "string") {
    if (key !== "div" && key !== "data")
      add(
        "empty-string",
        true,
        set(() => ""),
      );
    add(
      "wrong-json-type",
      true,
      set(() => 42),
    );
    if (DATE_KEYS.has(key)) {
      // Same shape, a day that does not exist: R4 §2.24.0.1 dates "SHALL be valid dates".
      add(
        "impossible-date",
        true,
        set(() => `2024-02-30${value.slice(10)}`),
      );
    }
    if (key === "id")
      add(
        "bad-id",
        true,
        set(() => "not an id!"),
      );
    if (REQUIRED_CODE_KEYS.has(key))
      add(
        "code-whitespace",
        true,
        set(() => ` ${value}`),
      );
    if (REQUIRED_CODE_KEYS.has(key))
      add(
        "wrong-code",
        true,
        set(() => "bogus"),
      );
    // Every reference in these messages has a typed target (R4 or the MedCom profile) except Provenance.entity.what
    // (Reference(Any)): pointing it at the MessageHeader (or a header's reference at an Organization) is wrong.
    if (key === "reference") add("wrong-reference-target", !site.shape.endsWith(".entity[].what.reference"), retarget);
  }
  if (typeof value === "boolean")
    add(
      "wrong-json-type",
      true,
      set(() => String(value)),
    );
  if (typeof value === "number")
    add(
      "wrong-json-type",
      true,
      set(() => String(value)),
    );
  return out;
}

/** A reference pointed at the message's MessageHeader (or, from one, at an Organization), in the same style. */
function retarget(parent: Json, key: string | number, bundle: Json): void {
  const entries = (bundle.entry ?? []) as Json[];
  const current = String(parent[key]);
  const byUrl = entries.find((e) => e.fullUrl === current);
  const origin = byUrl?.resource?.resourceType ?? current.split("/").slice(-2)[0];
  const targetType = origin === "MessageHeader" ? "Organization" : "MessageHeader";
  const target = entries.find((e) => e.resource?.resourceType === targetType);
  if (!target) return;
  parent[key] = byUrl ? target.fullUrl : `${targetType}/${String(target.resource.id)}`;
}

/** Mulberry32: a tiny seeded PRNG, so the random mutations are the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const toMutation = (baseName: string, c: Candidate, suffix = ""): Mutation => ({
  name: `${baseName}|${c.kind}${suffix}|${c.site.path}`,
  base: baseName,
  kind: c.kind,
  path: c.site.path,
  mustBeInvalid: c.mustBeInvalid,
  apply(bundle) {
    const { parent, key } = locate(bundle, c.site.path);
    c.edit(parent, Array.isArray(parent) ? Number(key) : key, bundle);
  },
});

export interface CorpusOptions {
  /** Random mutations in addition to the systematic ones. */
  random: number;
  seed: number;
}

/**
 * The corpus: every systematic mutation of every base, once per element shape (the same element of the same
 * resource type in another base adds cost, not coverage), then `random` seeded picks over all bases and kinds,
 * shapes repeated or not.
 */
export function corpus(bases: ReadonlyArray<{ name: string; bundle: Bundle }>, options: CorpusOptions): Mutation[] {
  const seen = new Set<string>();
  const out: Mutation[] = [];
  const all: Array<{ baseName: string; c: Candidate }> = [];
  for (const { name, bundle } of bases) {
    for (const site of sites(bundle)) {
      for (const c of candidatesAt(site)) {
        all.push({ baseName: name, c });
        const shapeKey = `${c.kind}|${c.site.shape}`;
        if (seen.has(shapeKey)) continue;
        seen.add(shapeKey);
        out.push(toMutation(name, c));
      }
    }
  }
  const names = new Set(out.map((m) => m.name));
  const random = prng(options.seed);
  for (let n = 0; n < options.random && all.length > 0; n++) {
    const pick = all[Math.floor(random() * all.length)];
    if (!pick) continue;
    const m = toMutation(pick.baseName, pick.c);
    if (names.has(m.name)) continue;
    names.add(m.name);
    out.push({ ...m, name: `${m.name}|random` });
  }
  return out;
}
