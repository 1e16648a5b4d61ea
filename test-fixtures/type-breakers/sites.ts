// Where the derived type tables (schemas/types.json) apply in a valid message: every reference element with a
// targetProfile, every known extension, every data-type profile an element names. The cases of
// tests/unit/validate/reference-types.test.ts and extension-profiles.test.ts are generated from these sites, so each
// rule of each profile present in a valid base is broken once (issue 13, classes 3 and 4).
import type { Bundle } from "../../src/medcom/model/index.js";
import { ValidationContext, type Entry } from "../../src/medcom/validate/context.js";
import { applicableProfile } from "../../src/medcom/validate/datatype-profiles.js";
import { PROFILE_FOR, messageTypeOf, validateMessage } from "../../src/medcom/validate/index.js";
import {
  extensionDefinition,
  typeProfile,
  type ExtensionDefinition,
  type ReferenceRule,
  type TypeProfile,
} from "../../src/medcom/validate/type-tables.js";
import { select, type Located } from "../../src/medcom/validate/walk.js";
import { readExampleBundle } from "../../tests/support/messages.js";
import { fhirExampleNames } from "../../tests/support/shared.js";
import { base, type BaseName } from "../rule-breakers/cases.js";

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

export interface Source {
  name: string;
  make(): Bundle;
}

const BASES: BaseName[] = ["cc-new", "cc-full", "cc-referral", "cc-reply", "ack-ok", "ack-fatal"];

/** The builder's valid messages and every official example judged valid with no issue at all. */
export const SOURCES: readonly Source[] = [
  ...BASES.map((name) => ({ name, bundle: base(name) })),
  ...fhirExampleNames().map((name) => ({ name, bundle: readExampleBundle(name) })),
]
  .filter(({ bundle }) => validateMessage(bundle).issues.length === 0)
  .map(({ name, bundle }) => ({ name, make: () => structuredClone(bundle) })); // read once, copied per case

export interface ReferenceSite {
  profile: TypeProfile;
  rule: ReferenceRule;
  node: Located;
  entry: Entry;
  /** The entry the reference leads to. */
  target: Entry;
}

export interface ExtensionSite {
  definition: ExtensionDefinition;
  node: Located & { value: Json };
  entry: Entry;
}

/** The profile each entry is judged by, as the validator chooses it. */
function profileOf(b: Bundle, entry: Entry): TypeProfile | undefined {
  const type = messageTypeOf(b);
  if (type === "unknown") return undefined;
  const url = applicableProfile(PROFILE_FOR[type], entry.resource.resourceType);
  return url === undefined ? undefined : typeProfile(url);
}

/** Every extension object of the message (with its FHIRPath location), known or not. */
export function extensionsOf(b: Bundle): { node: Located & { value: Json }; entry: Entry }[] {
  const ctx = new ValidationContext(b);
  const out: { node: Located & { value: Json }; entry: Entry }[] = [];
  const visit = (value: unknown, path: string, entry: Entry): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${path}[${i}]`, entry));
      return;
    }
    if (!isObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === "text") continue;
      if (key === "extension" && Array.isArray(child)) {
        child.forEach((ext, i) => {
          if (isObject(ext)) out.push({ node: { value: ext, path: `${path}.extension[${i}]` }, entry });
        });
      }
      visit(child, `${path}.${key}`, entry);
    }
  };
  for (const entry of ctx.entries) visit(entry.resource, entry.path, entry);
  return out;
}

export function knownExtensionsOf(b: Bundle): ExtensionSite[] {
  return extensionsOf(b).flatMap((site) => {
    const definition = extensionDefinition(String(site.node.value.url));
    return definition ? [{ ...site, definition }] : [];
  });
}

/** Nodes below `root` that a type profile applies to, with the profile (data-type profiles nest). */
export function profiledNodes(root: Located, profile: TypeProfile): { node: Located; profile: TypeProfile }[] {
  const out = [{ node: root, profile }];
  for (const tp of profile.typeProfiles) {
    for (const node of select(root, tp.steps)) {
      for (const url of tp.profiles) {
        const inner = typeProfile(url);
        if (inner) out.push(...profiledNodes(node, inner));
      }
    }
  }
  return out;
}

/** Every reference in a resource, extension or profiled data type whose element has a targetProfile. */
export function referenceSites(b: Bundle): ReferenceSite[] {
  const ctx = new ValidationContext(b);
  const roots: { node: Located; profile: TypeProfile; entry: Entry }[] = [];
  for (const entry of ctx.entries) {
    const profile = profileOf(b, entry);
    if (profile) roots.push({ node: { value: entry.resource, path: entry.path }, profile, entry });
  }
  for (const ext of knownExtensionsOf(b)) {
    const profile = typeProfile(ext.definition.url);
    if (profile) roots.push({ node: ext.node, profile, entry: ext.entry });
  }
  const out: ReferenceSite[] = [];
  for (const root of roots) {
    for (const { node, profile } of profiledNodes(root.node, root.profile)) {
      for (const rule of profile.references) {
        for (const n of select(node, rule.steps)) {
          const reference = isObject(n.value) ? n.value.reference : undefined;
          const resolution = typeof reference === "string" ? ctx.resolution(reference, root.entry) : undefined;
          if (!resolution?.ok) continue;
          out.push({ profile, rule, node: n, entry: root.entry, target: resolution.entry });
        }
      }
    }
  }
  return out;
}
