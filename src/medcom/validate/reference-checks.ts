// Every reference of a message leads to exactly one bundled resource, resolved the way a FHIR receiver resolves it
// (issue 11, point 2; bundle.html §"Resolving references in Bundles"). One pass over the resources, one
// constant-time lookup per reference: linear in the size of the message (issue 11, point 4). Whether the resource it
// leads to is of a type (and profile) its element allows is reference-types.ts's, from the derived tables.
import { shownValue } from "../ids.js";
import type { Entry, ValidationContext } from "./context.js";

/** Elements that point at earlier messages (the Provenance stack): by design not in this Bundle (DOMAIN.md §2.5). */
const MAY_POINT_OUTSIDE = new Set(["Provenance.target", "Provenance.entity.what"]);

/** Every reference inside a message must resolve to one bundled resource (aggregation `bundled`, DOMAIN.md §2.1). */
export function checkReferences(ctx: ValidationContext): void {
  for (const entry of ctx.entries) visit(ctx, entry, entry.resource, entry.path, entry.resource.resourceType);
}

function visit(ctx: ValidationContext, entry: Entry, value: unknown, path: string, element: string): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => visit(ctx, entry, v, `${path}[${i}]`, element));
    return;
  }
  if (value === null || typeof value !== "object") return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (key === "reference" && typeof child === "string") checkReference(ctx, entry, child, path, element);
    else if (key !== "contained" && key !== "text") visit(ctx, entry, child, `${path}.${key}`, `${element}.${key}`);
  }
}

function checkReference(ctx: ValidationContext, entry: Entry, reference: string, path: string, element: string): void {
  const resolution = ctx.resolution(reference, entry);
  if (!resolution.ok) {
    if (resolution.why !== "ambiguous" && MAY_POINT_OUTSIDE.has(element)) return;
    ctx.error(
      resolution.why === "ambiguous" ? "reference-ambiguous" : "reference-unresolved",
      `${path}.reference`,
      resolution.why === "ambiguous"
        ? `The reference ${shownValue(reference)} leads to more than one entry of this Bundle (their fullUrls are equal); it must lead to exactly one.`
        : `The reference ${shownValue(reference)} does not resolve to a resource in this Bundle by FHIR's rules (the fullUrl of an entry, or Type/id on the referencing entry's fullUrl base); MedCom messages carry every referenced resource.`,
      "reference-bundled",
    );
  }
}
