// Issue 13, class 1: the GENERATED cardinality cases (tests/unit/validate/cardinality-generated.test.ts judges them;
// tests/unit/validate/never-throws.test.ts runs them too). The derived trees (schemas/*.json `cardinality`, R4's data
// types in schemas/fhir-r4/datatype-cardinality.json) are walked together with every valid base message — the
// builder's (test-fixtures/rule-breakers/cases.ts) and the official examples — and every (profile, element or slice)
// rule that occurs there is broken once: a required element or slice removed (min ≥ 1), one item too many added
// (finite max). Valid variations: an optional element removed, a 0..* element repeated.
import type { Bundle } from "../../src/medcom/model/index.js";
import { itemsOf, matchesSlice, type CardNode, type Item } from "../../src/medcom/validate/cardinality.js";
import { ValidationContext } from "../../src/medcom/validate/context.js";
import { messageTypeOf, appliedProfiles, validateMessage } from "../../src/medcom/validate/index.js";
import { profileRules } from "../../src/medcom/validate/rules.js";
import { base, type BaseName } from "../rule-breakers/cases.js";
import { readExampleBundle } from "../../tests/support/messages.js";
import { fhirExampleNames } from "../../tests/support/shared.js";
import datatypes from "../../schemas/fhir-r4/datatype-cardinality.json" with { type: "json" };

type Json = Record<string, unknown>;
type Pointer = (string | number)[];

export interface CardinalityCase {
  label: string;
  profile: string;
  kind: "min" | "max" | "valid-removal" | "valid-repeat";
  bundle: () => Bundle;
  mutate: (b: Bundle) => void;
  /** Where the issue must be; computed on the mutated message for a surplus item. */
  expected: (b: Bundle) => string;
  code?: "cardinality-min" | "cardinality-max";
}

const DATATYPES = datatypes as unknown as Record<string, CardNode[]>;

const BASES: { name: string; make: () => Bundle }[] = [
  ...(["cc-new", "cc-full", "cc-referral", "cc-reply", "ack-ok", "ack-fatal"] as BaseName[]).map((n) => ({
    name: n,
    make: () => base(n),
  })),
  ...fhirExampleNames().map((n) => ({ name: n, make: () => readExampleBundle(n) })),
];

const at = (root: unknown, pointer: Pointer): Json =>
  pointer.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root) as Json;

/** The pointer (JSON keys and indices from the Bundle) of an item found by itemsOf under `parent`. */
function pointerOf(parent: Pointer, item: Item): Pointer {
  const tail = item.path.slice(item.path.lastIndexOf(".") + 1);
  const bracket = tail.indexOf("[");
  return bracket < 0 ? [...parent, item.key] : [...parent, item.key, Number(tail.slice(bracket + 1, -1))];
}

/** Removes the given items (pointers into one parent object) and any array or key left empty. */
function removeItems(b: Bundle, pointers: Pointer[]): void {
  const sorted = [...pointers].sort((x, y) => Number(y[y.length - 1]) - Number(x[x.length - 1]));
  for (const p of sorted) {
    const last = p[p.length - 1];
    const holder = at(b, p.slice(0, -1)) as unknown;
    if (Array.isArray(holder) && typeof last === "number") holder.splice(last, 1);
    else delete (holder as Json)[String(last)];
  }
  for (const p of pointers) {
    const last = p[p.length - 1];
    const keyPointer = typeof last === "number" ? p.slice(0, -1) : p;
    const owner = at(b, keyPointer.slice(0, -1));
    const key = String(keyPointer[keyPointer.length - 1]);
    if (Array.isArray(owner[key]) && (owner[key] as unknown[]).length === 0) delete owner[key];
    delete owner[`_${key}`];
  }
}

/** An element id without slice names: `Provenance.entity:payload.what` → `Provenance.entity.what`. */
const plain = (id: string): string =>
  id
    .split(".")
    .map((seg) => seg.split(":")[0])
    .join(".");

/**
 * Elements (plain ids) a slice discriminator reads: removing one moves its item out of the slice, so the fault is
 * reported at the slice (another generated case), not at the element. Elements constrained anywhere in the profile
 * (inside a slice too) are not free to vary.
 */
function profileFacts(tree: readonly CardNode[]): { discriminated: Set<string>; constrained: Set<string> } {
  const discriminated = new Set<string>();
  const constrained = new Set<string>();
  const visit = (nodes: readonly CardNode[]) => {
    for (const n of nodes) {
      const id = plain(n.id);
      if (
        n.min !== undefined ||
        n.max !== undefined ||
        n.slices?.some((s) => s.min !== undefined || s.max !== undefined)
      )
        constrained.add(id);
      for (const s of n.slices ?? []) {
        for (const m of s.match) {
          let prefixes = [id];
          for (const step of m.path) {
            const name = step.startsWith("extension(") ? "extension" : step;
            prefixes = prefixes.flatMap((p) => [`${p}.${name}`, `${p}.${name}[x]`]);
            for (const p of prefixes) discriminated.add(p);
          }
        }
        visit([s]);
      }
      visit(n.children ?? []);
    }
  };
  visit(tree);
  return { discriminated, constrained };
}

export function cardinalityCases(): CardinalityCase[] {
  const cases: CardinalityCase[] = [];
  const seen = new Set<string>();
  for (const b of BASES) {
    const bundle = b.make();
    const type = messageTypeOf(bundle);
    // Only valid bases: an example that is invalid on purpose (test-R-Tek-M) is no neighbour of valid variations.
    if (type === "unknown" || validateMessage(bundle).issues.length > 0) continue;
    const ctx = new ValidationContext(bundle);
    for (const { root, url } of appliedProfiles(ctx, type)) {
      const rules = profileRules(url);
      const rootPointer: Pointer =
        root.path === "Bundle" ? [] : ["entry", ctx.entries.find((e) => e.path === root.path)?.index ?? -1, "resource"];
      const add = (c: Omit<CardinalityCase, "bundle" | "profile">, nodeId: string) => {
        const key = `${b.name}|${rules.name}|${nodeId}|${c.kind}`;
        if (seen.has(key)) return;
        seen.add(key);
        cases.push({ ...c, profile: rules.name, bundle: b.make, label: `${b.name}: ${c.label}` });
      };
      const facts = profileFacts(rules.cardinality ?? []);
      /** `where` is the element's plain id in this profile, also inside data types (Extension.url under X.extension). */
      const walk = (
        nodes: readonly CardNode[],
        value: unknown,
        pointer: Pointer,
        path: string,
        where: string,
        inType: boolean,
        depth = 0,
      ) => {
        if (depth > 12) return;
        const located = { value, path };
        for (const node of nodes) {
          const items = itemsOf(located, node.name);
          const pointers = items.map((i) => pointerOf(pointer, i));
          const id = `${where}.${node.name}`;
          const onDiscriminator = facts.discriminated.has(id);
          const isArray = items.length > 0 && items.every((i) => i.path.endsWith("]")) && !node.name.endsWith("[x]");
          if (items.length > 0 && node.min !== undefined && !onDiscriminator) {
            add(
              {
                label: `${node.id} removed (${rules.name})`,
                kind: "min",
                code: "cardinality-min",
                mutate: (m) => removeItems(m, pointers),
                expected: () => `${path}.${node.name}`,
              },
              id,
            );
          }
          if (items.length > 0 && node.max !== undefined && node.max !== "0" && isArray) {
            const extra = Number(node.max) + 1 - items.length;
            add(
              {
                label: `${node.id} once too often (${rules.name})`,
                kind: "max",
                code: "cardinality-max",
                mutate: (m) => {
                  const arr = at(m, pointers[0]?.slice(0, -1) ?? []) as unknown as unknown[];
                  for (let k = 0; k < extra; k++) arr.push(structuredClone(arr[0]));
                },
                expected: () => `${path}.${items[0]?.key ?? node.name}[${node.max}]`,
              },
              id,
            );
          }
          const free =
            !inType && !onDiscriminator && !facts.constrained.has(id) && id !== "Bundle.entry" && !("match" in node);
          if (items.length > 0 && free) {
            add(
              {
                label: `optional ${node.id} removed (${rules.name})`,
                kind: "valid-removal",
                mutate: (m) => removeItems(m, pointers),
                expected: () => "",
              },
              id,
            );
          }
          if (isArray && free) {
            add(
              {
                label: `repeatable ${node.id} repeated (${rules.name})`,
                kind: "valid-repeat",
                mutate: (m) => {
                  const arr = at(m, pointers[0]?.slice(0, -1) ?? []) as unknown as unknown[];
                  arr.push(structuredClone(arr[0]));
                },
                expected: () => "",
              },
              id,
            );
          }
          items.forEach((item, i) => descend(node, item, pointers[i] ?? [], id, inType, depth));
          for (const slice of node.slices ?? []) {
            const members = items.filter((item) => matchesSlice(item, node.name, slice));
            const memberPointers = members.map((m) => pointerOf(pointer, m));
            const sliceName = slice.match.some((m) => m.kind === "type" && m.path.length === 0)
              ? slice.name
              : node.name;
            if (members.length > 0 && slice.min !== undefined && !onDiscriminator) {
              add(
                {
                  label: `slice ${slice.id} removed (${rules.name})`,
                  kind: "min",
                  code: "cardinality-min",
                  mutate: (m) => removeItems(m, memberPointers),
                  expected: () => `${path}.${sliceName}`,
                },
                slice.id,
              );
            }
            if (members.length > 0 && slice.max !== undefined && slice.max !== "0" && isArray) {
              const extra = Number(slice.max) + 1 - members.length;
              add(
                {
                  label: `slice ${slice.id} once too often (${rules.name})`,
                  kind: "max",
                  code: "cardinality-max",
                  mutate: (m) => {
                    const arr = at(m, memberPointers[0]?.slice(0, -1) ?? []) as unknown as unknown[];
                    const first = at(m, memberPointers[0] ?? []);
                    for (let k = 0; k < extra; k++) arr.push(structuredClone(first));
                  },
                  expected: (m) => {
                    const again = itemsOf({ value: at(m, pointer), path }, node.name).filter((item) =>
                      matchesSlice(item, node.name, slice),
                    );
                    return again[Number(slice.max)]?.path ?? "(none)";
                  },
                },
                slice.id,
              );
            }
            members.forEach((member, i) => descend(slice, member, memberPointers[i] ?? [], id, inType, depth));
          }
        }
      };
      const descend = (node: CardNode, item: Item, pointer: Pointer, id: string, inType: boolean, depth: number) => {
        if (node.children) walk(node.children, item.value, pointer, item.path, id, inType, depth + 1);
        else if (node.types) {
          const suffix = item.key.slice(node.name.length - 3).toLowerCase();
          const t = node.types.length === 1 ? node.types[0] : node.types.find((x) => x.toLowerCase() === suffix);
          const rulesOfType = t === undefined ? undefined : DATATYPES[t];
          if (rulesOfType) walk(rulesOfType, item.value, pointer, item.path, id, true, depth + 1);
        }
      };
      walk(rules.cardinality ?? [], at(bundle, rootPointer), rootPointer, root.path, rules.type, false);
    }
  }
  return cases;
}
