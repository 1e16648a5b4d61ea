// ele-1 and ext-1 sit on every element / every extension of every profile (R4 element.html, extensibility.html), so
// they are one linear pass over the whole message rather than per-path lookups:
// - ele-1 "All FHIR elements must have a @value or children": hasValue() or (children().count() > id.count());
// - ext-1 "Must have either extensions or value[x], not both": extension.exists() != value.exists().
// In FHIR JSON a primitive's value and its children (`_name`: id, extension) are two properties, so a primitive
// element is empty when neither has content. The path of each node is kept as a stack and only joined on a finding.
import type { ValidationContext } from "../context.js";
import { knownProfileRules } from "../rules.js";
import { extensionDefinition, typeProfile } from "../type-tables.js";
import { isObject, type JsonObject } from "./node-checks.js";

const ELE1 =
  "All FHIR elements must have a @value or children (ele-1): an element with neither is not allowed; leave it out.";
const EXT1 = "An extension must have either extensions or a value[x], not both and not neither (ext-1).";

/** Keys that are not child elements in FHIRPath's sense (`children()`). */
const NOT_CHILDREN: ReadonlySet<string> = new Set(["resourceType", "id", "fhir_comments"]);

const isValueKey = (key: string): boolean => {
  if (key.length <= 5 || !key.startsWith("value")) return false;
  const c = key.charCodeAt(5);
  return c >= 65 && c <= 90;
};

const hasContent = (v: unknown): boolean => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);

interface ExtensionCounts {
  /** Extension.value[x] 1..1, or a type slice of it 1..1. */
  valueRequired: boolean;
  /** Extension.extension 0..0. */
  noNested: boolean;
}

const countsByUrl = new Map<string, ExtensionCounts | undefined>();

/**
 * What a known extension's definition counts (its cardinality tree): where ext-1's fault is one of those counts, it
 * is cardinality.ts's, reported at the element with the extension's profile named (datatype-profiles.ts applies the
 * definition to every known extension) — a known extension with neither value nor nested extensions lacks its
 * required value; one with both has nested extensions its definition forbids. ext-1 would repeat either.
 */
function countsOf(url: unknown): ExtensionCounts | undefined {
  if (typeof url !== "string") return undefined;
  if (countsByUrl.has(url)) return countsByUrl.get(url);
  // Only where extension-checks.ts applies the definition (known url, its profile in the type tables).
  const applied = extensionDefinition(url) !== undefined && typeProfile(url) !== undefined;
  const tree = applied ? knownProfileRules(url)?.cardinality : undefined;
  const value = tree?.find((n) => n.name === "value[x]");
  const counts =
    tree === undefined
      ? undefined
      : {
          valueRequired:
            value !== undefined && ((value.min ?? 0) >= 1 || (value.slices ?? []).some((sl) => (sl.min ?? 0) >= 1)),
          noNested: tree.some((n) => n.name === "extension" && n.max === "0"),
        };
  if (countsByUrl.size < 1000) countsByUrl.set(url, counts);
  return counts;
}

/** ext-1 broken, and not already one of the extension definition's counts. */
function ext1Fault(nested: boolean, value: boolean, url: unknown): boolean {
  if (nested !== value) return false;
  const counts = countsOf(url);
  if (counts === undefined) return true;
  return nested ? !counts.noNested : !counts.valueRequired;
}

/** A complex element (or a primitive's `_name` object) has some child other than id. */
function hasChildren(node: JsonObject): boolean {
  for (const key in node) if (!NOT_CHILDREN.has(key) && hasContent(node[key])) return true;
  return false;
}

export function checkGenericInvariants(ctx: ValidationContext): void {
  const stack: string[] = ["Bundle"];
  const at = () => stack.join("");
  // The syntax walk reports an empty object as ele-1 where it meets it (syntax-checks.ts): not again here.
  const reported = new Set<string>();
  for (const i of ctx.issues) if (i.rule === "ele-1") reported.add(i.path);
  const ele1 = (): void => {
    const path = at();
    if (!reported.has(path)) ctx.error("invariant", path, ELE1, "ele-1");
  };
  const visitObject = (node: JsonObject, isExtension: boolean, isResource: boolean): void => {
    if (!isResource && !hasChildren(node)) ele1();
    if (isExtension) {
      let value = false;
      for (const key in node) if (isValueKey(key) && hasContent(node[key])) value = true;
      if (ext1Fault(hasContent(node.extension), value, node.url)) ctx.error("invariant", at(), EXT1, "ext-1");
    }
    for (const key in node) {
      if (key === "resourceType" || key === "fhir_comments") continue;
      const value = node[key];
      if (key.charCodeAt(0) === 95) continue; // `_name`: visited with its primitive below
      const partner = node[`_${key}`];
      const ext = key === "extension" || key === "modifierExtension";
      // Bundle.entry.resource and .contained hold resources, whose root ele-1 does not concern.
      const resource = key === "resource" || key === "contained";
      stack.push(`.${key}`);
      if (Array.isArray(value)) {
        const partners = Array.isArray(partner) ? (partner as unknown[]) : [];
        value.forEach((item: unknown, i) => {
          stack.push(`[${i}]`);
          visitValue(item, partners[i], ext, resource);
          stack.pop();
        });
      } else visitValue(value, partner, ext, resource);
      stack.pop();
    }
    // A primitive given only as `_name` (its value absent).
    for (const key in node) {
      if (key.charCodeAt(0) !== 95 || node[key.slice(1)] !== undefined) continue;
      stack.push(`.${key.slice(1)}`);
      const value = node[key];
      if (Array.isArray(value))
        value.forEach((item: unknown, i) => {
          stack.push(`[${i}]`);
          visitValue(null, item, false, false);
          stack.pop();
        });
      else visitValue(null, value, false, false);
      stack.pop();
    }
  };
  const visitValue = (value: unknown, partner: unknown, isExtension: boolean, isResource: boolean): void => {
    if (isObject(value)) {
      if (isResource && typeof value.resourceType === "string") stack.push(`.ofType(${value.resourceType})`);
      visitObject(value, isExtension, isResource);
      if (isResource && typeof value.resourceType === "string") stack.pop();
      return;
    }
    if (Array.isArray(value)) return; // nested arrays are not FHIR JSON (class 5 reports them)
    // A primitive: its value, or its `_name` children (id does not count), or both.
    const children = isObject(partner) ? partner : undefined;
    if (children) visitObject(children, false, true);
    if ((value === null || value === undefined) && !(children && hasChildren(children))) ele1();
  };
  visitObject(ctx.bundle as unknown as JsonObject, false, true);
}
