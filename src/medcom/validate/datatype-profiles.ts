// Profiles applied below the resource (issue 13, class 4): a data-type profile an element's type names
// (ElementDefinition.type.profile, e.g. Patient.telecom → MedComMessagingContactPoint, the identifier extension's
// valueIdentifier → MedComAssignedIdentifier) is checked on every value of that element — its cardinalities, fixed
// values and required bindings (element-rules.ts) and its reference targets (reference-types.ts) — nesting as the
// profiles nest. Tables: schemas/types.json (scripts/derive/types.ts).
import { Profile } from "../systems.js";
import type { Entry, ValidationContext } from "./context.js";
import { checkCardinalities } from "./cardinality.js";
import { checkElementRules } from "./element-rules.js";
import { knownProfileRules } from "./rules.js";
import { checkReferenceTarget } from "./reference-types.js";
import { onlyProfileOf, typeProfile, type TypeProfile } from "./type-tables.js";
import { select, type Located } from "./walk.js";

/**
 * The profile a resource is judged by: the message type's (index.ts PROFILE_FOR), else the one MedCom profile of
 * that resource type; an Organization outside the header's parties is a MedComCoreOrganization (its references and
 * data types are the same as a MedComMessagingOrganization's).
 */
export function applicableProfile(
  profiles: Readonly<Record<string, string>>,
  resourceType: string,
): string | undefined {
  return (
    profiles[resourceType] ?? (resourceType === "Organization" ? Profile.coreOrganization : onlyProfileOf(resourceType))
  );
}

/** References and data-type profiles of every bundled resource (its own element rules are index.ts checkProfiles'). */
export function checkTypeProfiles(ctx: ValidationContext, profiles: Readonly<Record<string, string>>): void {
  for (const entry of ctx.entries) {
    const url = applicableProfile(profiles, entry.resource.resourceType);
    const profile = url === undefined ? undefined : typeProfile(url);
    if (profile) applyTypeProfile(ctx, { value: entry.resource, path: entry.path }, profile, entry, false);
  }
}

/**
 * Applies `profile` at `node`; `withRules`: also its own rules (data-type and extension profiles): its cardinality
 * tree through cardinality.ts — the ONE place that reports a required element missing or one too many (issue 13:
 * one fault, one issue; where a resource profile already expanded the same element inside a slice, the same
 * `code|path` is reported once) — and its fixed values and required bindings (element-rules.ts).
 */
export function applyTypeProfile(
  ctx: ValidationContext,
  node: Located,
  profile: TypeProfile,
  from: Entry | undefined,
  withRules: boolean,
): void {
  if (withRules) {
    const tree = knownProfileRules(profile.url);
    if (tree) checkCardinalities(ctx, node, tree);
    if (profile.rules) checkElementRules(ctx, node, profile.rules);
  }
  for (const rule of profile.references) {
    if (!hasFirst(node, rule.first)) continue;
    for (const n of select(node, rule.steps)) checkReferenceTarget(ctx, n, rule, profile, from);
  }
  for (const tp of profile.typeProfiles) {
    if (!hasFirst(node, tp.first)) continue;
    for (const n of select(node, tp.steps)) {
      for (const url of tp.profiles) {
        const inner = typeProfile(url);
        if (inner) applyTypeProfile(ctx, n, inner, from, true);
      }
    }
  }
}

/** Most reference elements of a profile are absent from a message: one property test instead of a walk. */
function hasFirst(node: Located, first: string | undefined): boolean {
  if (first === undefined) return true;
  const value = node.value as Record<string, unknown> | null;
  return value !== null && typeof value === "object" && value[first] !== undefined;
}
