// ele-1 and ext-1 sit on every element / every extension of every profile (R4 element.html, extensibility.html), so
// they are one linear pass over the whole message rather than per-path lookups:
// - ele-1 "All FHIR elements must have a @value or children": hasValue() or (children().count() > id.count());
// - ext-1 "Must have either extensions or value[x], not both": extension.exists() != value.exists().
// In FHIR JSON a primitive's value and its children (`_name`: id, extension) are two properties, so a primitive
// element is empty when neither has content. The path of each node is kept as a stack and only joined on a finding.
import type { ValidationContext } from "../context.js";
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

/** A complex element (or a primitive's `_name` object) has some child other than id. */
function hasChildren(node: JsonObject): boolean {
  for (const key in node) if (!NOT_CHILDREN.has(key) && hasContent(node[key])) return true;
  return false;
}

export function checkGenericInvariants(ctx: ValidationContext): void {
  const stack: string[] = ["Bundle"];
  const at = () => stack.join("");
  const visitObject = (node: JsonObject, isExtension: boolean, isResource: boolean): void => {
    if (!isResource && !hasChildren(node)) ctx.error("invariant", at(), ELE1, "ele-1");
    if (isExtension) {
      let value = false;
      for (const key in node) if (isValueKey(key) && hasContent(node[key])) value = true;
      if (hasContent(node.extension) === value) ctx.error("invariant", at(), EXT1, "ext-1");
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
    if ((value === null || value === undefined) && !(children && hasChildren(children)))
      ctx.error("invariant", at(), ELE1, "ele-1");
  };
  visitObject(ctx.bundle as unknown as JsonObject, false, true);
}
