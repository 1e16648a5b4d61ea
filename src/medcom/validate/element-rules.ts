// Generic checks driven by the derived rule tables: fixed and pattern values, required bindings. Cardinalities
// (slices included) are cardinality.ts's; invariants need MedCom-specific logic and live in their own files.
import type { ValidationContext } from "./context.js";
import { valueSet, type ProfileRules } from "./rules.js";
import { children, select, type Located } from "./walk.js";

export function checkElementRules(ctx: ValidationContext, root: Located, profile: ProfileRules): void {
  for (const rule of profile.elements) {
    const { steps, name } = pathOf(rule.path);
    if (name === undefined) continue;
    for (const parent of select(root, steps)) {
      const values = children([parent], name);
      for (const value of values) {
        if (rule.fixed !== undefined) checkFixed(ctx, value, rule.fixed, true, profile);
        if (rule.pattern !== undefined) checkFixed(ctx, value, rule.pattern, false, profile);
        if (rule.binding !== undefined) checkBinding(ctx, value, rule.binding, profile);
      }
    }
  }
}

/** A rule's path split once, not on every message (issue 17, point 3): the steps to the parent, then the element. */
const paths = new Map<string, { steps: readonly string[]; name: string | undefined }>();
function pathOf(path: string): { steps: readonly string[]; name: string | undefined } {
  let split = paths.get(path);
  if (split === undefined) {
    const steps = path.split(".").slice(1);
    const name = steps.pop();
    split = { steps, name };
    // The rule tables are fixed and finite; the bound only guards against a caller passing made-up paths.
    if (paths.size < 100_000) paths.set(path, split);
  }
  return split;
}

/** fixed: exactly equal; pattern: every element of the pattern present with the same value (FHIR pattern[x]). */
function checkFixed(
  ctx: ValidationContext,
  node: Located,
  expected: unknown,
  exact: boolean,
  profile: ProfileRules,
): void {
  const ok = exact ? JSON.stringify(node.value) === JSON.stringify(expected) : matchesPattern(node.value, expected);
  if (!ok) {
    ctx.error(
      exact ? "fixed-value" : "pattern-value",
      node.path,
      `The value must be ${JSON.stringify(expected)} (${profile.name}); found ${JSON.stringify(node.value)}.`,
      exact ? "fixed-value" : "pattern-value",
    );
  }
}

export function matchesPattern(value: unknown, pattern: unknown): boolean {
  if (Array.isArray(pattern)) {
    return Array.isArray(value) && pattern.every((p) => value.some((v) => matchesPattern(v, p)));
  }
  if (pattern !== null && typeof pattern === "object") {
    if (value === null || typeof value !== "object") return false;
    return Object.entries(pattern).every(([k, p]) => matchesPattern((value as Record<string, unknown>)[k], p));
  }
  return value === pattern;
}

function checkBinding(ctx: ValidationContext, node: Located, url: string, profile: ProfileRules): void {
  const codes = valueSet(url);
  if (!codes) return; // not a value set the project carries (schemas/README.md): not checked
  const value = node.value;
  const vsName = url.slice(url.lastIndexOf("/") + 1);
  if (typeof value === "string") {
    if (!codes.has(value)) reportCode(ctx, node.path, value, vsName, codes.codes, profile);
    return;
  }
  if (value === null || typeof value !== "object") return;
  const codings = "coding" in value ? ((value as { coding?: unknown[] }).coding ?? []) : [value];
  const isMedCom = codes.codes.length > 0 && url.startsWith("http://medcomfhir.dk/");
  const found = codings.some((c) => {
    const coding = c as { system?: string; code?: string };
    return coding.code !== undefined && codes.has(coding.code, isMedCom ? coding.system : undefined);
  });
  if (!found) {
    const first = codings[0] as { system?: string; code?: string } | undefined;
    const path = "coding" in value ? `${node.path}.coding[0]` : node.path;
    reportCode(
      ctx,
      path,
      `${first?.system ?? "(no system)"}#${first?.code ?? "(no code)"}`,
      vsName,
      codes.codes,
      profile,
    );
  }
}

function reportCode(
  ctx: ValidationContext,
  path: string,
  found: string,
  vsName: string,
  allowed: readonly string[],
  profile: ProfileRules,
): void {
  // The syntax walk already judged R4's data-type bindings and MedCom's complete CodeSystems (datatype-bindings.ts),
  // e.g. a Patient.text.status the MedCom snapshot binds too: one fault, one issue. A code-system finding gives way
  // to the profile's required binding, whose message names the codes allowed here. Scanned only when a code is wrong.
  const earlier = ctx.issues.findIndex((i) => i.path === path && (i.rule === "binding" || i.rule === "code-system"));
  if (earlier >= 0 && ctx.issues[earlier]?.rule === "binding") return;
  if (earlier >= 0) ctx.issues.splice(earlier, 1);
  const list = allowed.length > 24 ? `${allowed.slice(0, 24).join(", ")}, …` : allowed.join(", ");
  ctx.error(
    "code-not-in-value-set",
    path,
    `${found} is not in the required value set ${vsName} (${profile.name}); use one of: ${list}.`,
    "binding",
  );
}
