// Typed access to schemas/types.json (scripts/derive/types.ts, from the published snapshots): the reference targets,
// data-type profiles and extension definitions of every MedCom profile (issue 13, classes 3 and 4). Everything a
// check needs per message is indexed here once, at module load.
import types from "../../../schemas/types.json" with { type: "json" };
import type { ElementRule, ProfileRules } from "./rules.js";

export interface Target {
  /** The targetProfile (unversioned). */
  profile: string;
  /** Its resource type; `Resource` allows any. */
  type: string;
}

export interface ReferenceRule {
  /** Element path in the profile, e.g. `MessageHeader.sender`, `Extension.valueReference`. */
  path: string;
  /** Steps below the root (walk.ts `select`). */
  steps: readonly string[];
  /** The first step's property name when it is not a choice (a cheap presence test); undefined otherwise. */
  first: string | undefined;
  targets: readonly Target[];
  /** Any resource type will do (targetProfile Resource). */
  anyType: boolean;
}

export interface TypeProfile {
  url: string;
  name: string;
  type: string;
  kind: string;
  references: readonly ReferenceRule[];
  /** Elements whose type names a data-type profile, e.g. `Patient.telecom` → MedComMessagingContactPoint. */
  typeProfiles: readonly {
    path: string;
    steps: readonly string[];
    first: string | undefined;
    profiles: readonly string[];
  }[];
  /** For data-type and extension profiles: what a value must contain (in the form element-rules.ts checks). */
  rules?: ProfileRules;
}

export interface ExtensionDefinition {
  url: string;
  name: string;
  valueTypes: ReadonlySet<string>;
  modifier: boolean;
  /** Extension.extension max ("0" where the definition forbids nested extensions). */
  extensionMax: string;
  nested: readonly { url: string; min: number; max: string; valueTypes: readonly string[] }[];
}

interface DerivedProfile {
  url: string;
  name: string;
  type: string;
  kind: string;
  references: { path: string; targets: Target[] }[];
  typeProfiles: { path: string; profiles: string[] }[];
  elements?: ElementRule[];
}

interface DerivedExtension {
  url: string;
  name: string;
  valueTypes: string[];
  modifier: boolean;
  extensionMax: string;
  nested: { url: string; min: number; max: string; valueTypes: string[] }[];
}

const table = types as { profiles: DerivedProfile[]; extensions: DerivedExtension[] };

const stepsOf = (path: string): string[] => path.split(".").slice(1);
const firstOf = (path: string): string | undefined => {
  const first = stepsOf(path)[0];
  return first === undefined || first.endsWith("[x]") ? undefined : first;
};

const PROFILES = new Map<string, TypeProfile>(
  table.profiles.map((p) => [
    p.url,
    {
      url: p.url,
      name: p.name,
      type: p.type,
      kind: p.kind,
      references: p.references.map((r) => ({
        path: r.path,
        steps: stepsOf(r.path),
        first: firstOf(r.path),
        targets: r.targets,
        anyType: r.targets.some((t) => t.type === "Resource"),
      })),
      typeProfiles: p.typeProfiles.map((t) => ({ ...t, steps: stepsOf(t.path), first: firstOf(t.path) })),
      ...(p.elements
        ? { rules: { url: p.url, name: p.name, type: p.type, elements: p.elements, invariants: [] } }
        : {}),
    },
  ]),
);

const EXTENSIONS = new Map<string, ExtensionDefinition>(
  table.extensions.map((e) => [e.url, { ...e, valueTypes: new Set(e.valueTypes) }]),
);

export function typeProfile(url: string): TypeProfile | undefined {
  return PROFILES.get(url);
}

export function extensionDefinition(url: string): ExtensionDefinition | undefined {
  return EXTENSIONS.get(url);
}

/** A resource type's profile when the tables hold exactly one for it (e.g. Patient → MedComCorePatient). */
const ONLY_PROFILE = new Map<string, string>();
{
  const byType = new Map<string, string[]>();
  for (const p of table.profiles) {
    if (p.kind === "resource") byType.set(p.type, [...(byType.get(p.type) ?? []), p.url]);
  }
  for (const [type, urls] of byType) if (urls.length === 1 && urls[0] !== undefined) ONLY_PROFILE.set(type, urls[0]);
}

export function onlyProfileOf(resourceType: string): string | undefined {
  return ONLY_PROFILE.get(resourceType);
}
