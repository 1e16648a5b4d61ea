// Reference target types (issue 13, class 3): a reference resolved inside the Bundle must lead to a resource that
// a targetProfile of its element allows (ElementDefinition.type.targetProfile, FHIR R4 elementdefinition.html
// §"type.targetProfile"; the MedCom profiles' snapshots, derived into schemas/types.json). A wrong resource type is
// `reference-target-type`; the right type that cheaply fails the MedCom profile it must conform to is
// `reference-target-profile` (e.g. a sender that is no MedComMessagingOrganization: no GLN). Resolution itself —
// and its failure — is reference-checks.ts's, through the one resolver (ctx.resolution).
import { shownValue } from "../ids.js";
import type { Identifier } from "../model/index.js";
import { GLN_SYSTEMS, IdentifierSystem, Profile } from "../systems.js";
import type { Entry, ValidationContext } from "./context.js";
import { matchesPattern } from "./element-rules.js";
import { RULE_TABLES } from "./rules.js";
import type { ReferenceRule, TypeProfile } from "./type-tables.js";
import { select, type Located } from "./walk.js";

interface ValueRule {
  path: string;
  steps: readonly string[];
  expected: unknown;
  exact: boolean;
}

/** Per MedCom profile: its fixed and pattern values (the cheap part of "conforms to"), and its name. */
const VALUE_RULES = new Map<string, { name: string; rules: ValueRule[] }>();
for (const table of RULE_TABLES) {
  for (const p of table.profiles) {
    const rules: ValueRule[] = [];
    for (const e of p.elements) {
      if (e.fixed === undefined && e.pattern === undefined) continue;
      const exact = e.fixed !== undefined;
      rules.push({ path: e.path, steps: e.path.split(".").slice(1), expected: exact ? e.fixed : e.pattern, exact });
    }
    VALUE_RULES.set(p.url, { name: p.name, rules });
  }
}

const nameOf = (profile: string): string =>
  VALUE_RULES.get(profile)?.name ?? profile.slice(profile.lastIndexOf("/") + 1);

/**
 * Why `entry` does not conform to the MedCom profile `profile`, as far as cheaply known; undefined when it does (or
 * the profile is not MedCom's). MedComMessagingOrganization requires the EAN-ID (GLN) and SOR-ID identifier slices
 * (1..1 each; their systems are dk-core's, DOMAIN.md §6.1–6.2); every profile its fixed and pattern values.
 */
function nonConformance(entry: Entry, profile: string): string | undefined {
  if (profile === Profile.messagingOrganization) {
    const ids = (entry.resource as { identifier?: Identifier[] }).identifier ?? [];
    if (!ids.some((id) => id.system !== undefined && GLN_SYSTEMS.includes(id.system)))
      return "it has no GLN (EAN-ID) identifier";
    if (!ids.some((id) => id.system === IdentifierSystem.sor)) return "it has no SOR-ID identifier";
  }
  const root: Located = { value: entry.resource, path: entry.path };
  for (const rule of VALUE_RULES.get(profile)?.rules ?? []) {
    for (const node of select(root, rule.steps)) {
      const ok = rule.exact
        ? JSON.stringify(node.value) === JSON.stringify(rule.expected)
        : matchesPattern(node.value, rule.expected);
      if (!ok) return `its ${rule.path} is not ${JSON.stringify(rule.expected)}`;
    }
  }
  return undefined;
}

/** Checks the reference at `node` (a Reference value) against the element's targets; `from` holds the reference. */
export function checkReferenceTarget(
  ctx: ValidationContext,
  node: Located,
  rule: ReferenceRule,
  profile: TypeProfile,
  from: Entry | undefined,
): void {
  if (rule.anyType || node.value === null || typeof node.value !== "object") return;
  const reference = (node.value as { reference?: unknown }).reference;
  if (typeof reference !== "string") return;
  const resolution = ctx.resolution(reference, from);
  if (!resolution.ok) return;
  const target = resolution.entry;
  const type = target.resource.resourceType;
  const candidates = rule.targets.filter((t) => t.type === type);
  const where = `${node.path}.reference`;
  if (candidates.length === 0) {
    const allowed = [...new Set(rule.targets.map((t) => t.type))].join(" or ");
    ctx.error(
      "reference-target-type",
      where,
      `${rule.path} must refer to ${allowed} (${profile.name}); the reference ${shownValue(reference)} leads to a ${type}.`,
      "reference-target-type",
    );
    return;
  }
  // The target is itself judged by an allowed target profile (a header party is a MedComMessagingOrganization):
  // its faults are reported there, at the element, once — not again at every reference to it (issue 13: one fault,
  // one issue). Only a target judged by another profile, or none, is checked here.
  const judged = ctx.judgedBy.get(target.path);
  if (judged !== undefined && candidates.some((t) => t.profile === judged)) return;
  const reasons = candidates.map((t) => nonConformance(target, t.profile));
  if (reasons.some((r) => r === undefined)) return;
  ctx.error(
    "reference-target-profile",
    where,
    `${rule.path} must refer to a ${candidates.map((t) => nameOf(t.profile)).join(" or ")} (${profile.name}); the ${type} it leads to is not one: ${reasons[0] ?? ""}.`,
    "reference-target-profile",
  );
}
