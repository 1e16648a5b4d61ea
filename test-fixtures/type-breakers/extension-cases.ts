// Issue 13, class 4: generated breakers of the known extensions and the profiled data types (the extension and
// data-type StructureDefinitions, derived into schemas/types.json), over every valid source of sites.ts. Judged by
// tests/unit/validate/extension-profiles.test.ts; run by tests/unit/validate/never-throws.test.ts too.
import type { Bundle } from "../../src/medcom/model/index.js";
import { ValidationContext } from "../../src/medcom/validate/context.js";
import { applicableProfile } from "../../src/medcom/validate/datatype-profiles.js";
import { PROFILE_FOR, messageTypeOf } from "../../src/medcom/validate/index.js";
import { typeProfile, type TypeProfile } from "../../src/medcom/validate/type-tables.js";
import { children, select, type Located } from "../../src/medcom/validate/walk.js";
import { isObject, knownExtensionsOf, profiledNodes, type Json, type Source } from "./sites.js";

export interface ExtensionCase {
  name: string;
  mutate(b: Bundle): void;
  rule: string;
  path: string;
  /**
   * Where a required value[x] is a TYPE SLICE of one type (Extension.value[x]:valueIdentifier 1..1), the value is
   * missing as `valueIdentifier`: the element that must be there, named with the only type it may have — as precise
   * as `value[x]`, and what cardinality.ts reports (the slice's name, profiling.html §Slicing on a choice).
   */
  alsoAt?: string;
}

/** Finds the node at `path` again in a fresh copy (cases are listed on one copy, applied to another). */
export const at = (b: Bundle, path: string): Json => {
  const ctx = new ValidationContext(b);
  for (const entry of ctx.entries) {
    if (!path.startsWith(entry.path)) continue;
    let nodes: Located[] = [{ value: entry.resource, path: entry.path }];
    for (const step of path
      .slice(entry.path.length + 1)
      .split(".")
      .filter((s) => s !== "")) {
      const name = step.replace(/\[\d+\]$/, "");
      nodes = children(nodes, name).filter((n) => n.path.endsWith(step));
    }
    const found = nodes.find((n) => n.path === path)?.value;
    if (isObject(found)) return found;
  }
  throw new Error(`nothing at ${path}`);
};

const valueKey = (ext: Json): string | undefined => Object.keys(ext).find((k) => /^value[A-Z]/.test(k));

/** Breaking what a profile says a value must contain: a required element removed, a required binding's code wrong. */
function ruleCases(node: Located, profile: TypeProfile): ExtensionCase[] {
  const out: ExtensionCase[] = [];
  for (const rule of profile.rules?.elements ?? []) {
    const steps = rule.path.split(".").slice(1);
    const name = steps.pop();
    if (name === undefined) continue;
    for (const parent of select(node, steps)) {
      const present = children([parent], name);
      if (rule.min >= 1 && present.length > 0) {
        out.push({
          name: `${profile.name}: ${rule.path} removed`,
          rule: "cardinality",
          path: `${parent.path}.${name}`,
          ...(name.endsWith("[x]") && present.length === 1 && present[0] ? { alsoAt: present[0].path } : {}),
          mutate: (b) => {
            const p = at(b, parent.path);
            const choice = name.endsWith("[x]") ? name.slice(0, -3) : undefined;
            for (const k of Object.keys(p))
              if (k === name || (choice && /^[A-Z]/.test(k.slice(choice.length)) && k.startsWith(choice))) delete p[k];
          },
        });
      }
      if (rule.binding !== undefined) {
        for (const v of present.filter((n) => typeof n.value === "string")) {
          const key = v.path.slice(parent.path.length + 1);
          out.push({
            name: `${profile.name}: ${rule.path} not in ${rule.binding}`,
            rule: "binding",
            path: v.path,
            mutate: (b) => {
              at(b, parent.path)[key] = "not-a-code";
            },
          });
        }
      }
    }
  }
  return out;
}

export function extensionCases(source: Source): ExtensionCase[] {
  const out: ExtensionCase[] = [];
  for (const site of knownExtensionsOf(source.make())) {
    const { definition, node } = site;
    const key = valueKey(node.value);
    const wrong = definition.valueTypes.has("string") ? "valueBoolean" : "valueString";
    if (key !== undefined) {
      out.push({
        name: `${definition.name}: value of a wrong type`,
        rule: "extension-value-type",
        path: `${node.path}.${wrong}`,
        mutate: (b) => {
          const ext = at(b, node.path);
          delete ext[key];
          ext[wrong] = wrong === "valueString" ? "x" : true;
        },
      });
    }
    if (definition.extensionMax === "0") {
      out.push({
        name: `${definition.name}: a nested extension`,
        // Extension.extension 0..0 is counted by cardinality.ts (not-allowed) from the definition's tree.
        rule: "cardinality",
        path: `${node.path}.extension[0]`,
        mutate: (b) => {
          at(b, node.path).extension = [
            { url: "http://example.org/fhir/StructureDefinition/nested", valueString: "x" },
          ];
        },
      });
    }
    out.push({
      name: `${definition.name}: url misspelt in MedCom's namespace`,
      rule: "extension-unknown",
      path: `${node.path}.url`,
      mutate: (b) => {
        at(b, node.path).url = `${definition.url}s`;
      },
    });
    const profile = typeProfile(definition.url);
    if (profile) for (const p of profiledNodes(node, profile)) out.push(...ruleCases(p.node, p.profile));
  }
  return out;
}

/** Data-type profiles named by a resource profile's elements (e.g. Patient.telecom → MedComMessagingContactPoint). */
export function dataTypeCases(source: Source): ExtensionCase[] {
  const b = source.make();
  const type = messageTypeOf(b);
  if (type === "unknown") return [];
  const out: ExtensionCase[] = [];
  for (const entry of new ValidationContext(b).entries) {
    const url = applicableProfile(PROFILE_FOR[type], entry.resource.resourceType);
    const profile = url === undefined ? undefined : typeProfile(url);
    if (!profile) continue;
    const nodes = profiledNodes({ value: entry.resource, path: entry.path }, profile).slice(1);
    for (const p of nodes) out.push(...ruleCases(p.node, p.profile));
  }
  return out;
}
