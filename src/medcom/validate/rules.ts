// Typed access to the project's derived rule tables (schemas/*.json, made by scripts/derive-schemas.ts from the
// published profiles) and the value-set codes behind required bindings. Built once at module load.
import acknowledgement from "../../../schemas/acknowledgement-2.0.3.json" with { type: "json" };
import careCommunication from "../../../schemas/carecommunication-5.0.2.json" with { type: "json" };
import core from "../../../schemas/core-3.0.1.json" with { type: "json" };
import messaging from "../../../schemas/messaging-4.0.2.json" with { type: "json" };
import terminology from "../../../schemas/terminology-2.0.1.json" with { type: "json" };
import type { CardNode } from "./card-tree.js";
import { BASE_VALUE_SETS } from "../../../schemas/fhir-r4/value-sets.js";

export interface ElementRule {
  path: string;
  min: number;
  max: string;
  fixed?: unknown;
  pattern?: unknown;
  binding?: string;
}

export interface InvariantRule {
  key: string;
  severity: string;
  human: string;
  expression: string;
  path: string;
}

export interface ProfileRules {
  url: string;
  name: string;
  type: string;
  elements: ElementRule[];
  invariants: InvariantRule[];
  /** Every cardinality, slices included (scripts/derive/cardinality.ts); checked by cardinality.ts. */
  cardinality?: CardNode[];
}

interface Table {
  package: string;
  version: string;
  profiles: ProfileRules[];
}

export const RULE_TABLES: readonly Table[] = [careCommunication, messaging, core, acknowledgement] as Table[];

const PROFILES = new Map<string, ProfileRules>();
for (const table of RULE_TABLES) for (const profile of table.profiles) PROFILES.set(profile.url, profile);

/** The rules of a profile the tables carry, or undefined (an extension or data-type profile of another package). */
export function knownProfileRules(url: string): ProfileRules | undefined {
  return PROFILES.get(url);
}

export function profileRules(url: string): ProfileRules {
  const rules = PROFILES.get(url);
  if (!rules) throw new Error(`no rule table for profile ${url}`);
  return rules;
}

/** Every MedCom invariant key in the tables (the test checks each has an implementation). */
export function invariantKeys(): Set<string> {
  return new Set(RULE_TABLES.flatMap((t) => t.profiles.flatMap((p) => p.invariants.map((i) => i.key))));
}

export interface ValueSetCodes {
  url: string;
  /** Display texts by code: Danish designation where MedCom gives one, else the English display. */
  display(code: string): string | undefined;
  /** The code system a code of this value set belongs to. */
  systemOf(code: string): string | undefined;
  /** `system|code` for MedCom value sets; bare codes for FHIR base ones (system implied by the element). */
  has(code: string, system?: string): boolean;
  codes: readonly string[];
}

const VALUE_SETS = new Map<string, ValueSetCodes>();
type DerivedConcept = { system: string; code: string; display?: string; da?: string };
for (const [url, concepts] of Object.entries(
  (terminology as { valueSets: Record<string, DerivedConcept[]> }).valueSets,
)) {
  const keys = new Set(concepts.map((c) => `${c.system}|${c.code}`));
  const bare = new Set(concepts.map((c) => c.code));
  const displays = new Map(concepts.map((c) => [c.code, c.da ?? c.display ?? c.code]));
  const systems = new Map(concepts.map((c) => [c.code, c.system]));
  VALUE_SETS.set(url, {
    url,
    systemOf: (code) => systems.get(code),
    display: (code) => displays.get(code),
    has: (code, system) => (system === undefined ? bare.has(code) : keys.has(`${system}|${code}`)),
    codes: [...bare],
  });
}
for (const [url, codes] of Object.entries(BASE_VALUE_SETS)) {
  const set = new Set(codes);
  VALUE_SETS.set(url, {
    url,
    display: (code) => (set.has(code) ? code : undefined),
    systemOf: () => undefined,
    has: (code) => set.has(code),
    codes,
  });
}

export function valueSet(url: string): ValueSetCodes | undefined {
  return VALUE_SETS.get(url);
}
