// Derives the project's MedCom rule tables from the published profiles in ../shared/medcom/profiles (read, never
// copied): per profile the constrained elements (cardinality, fixed/pattern values, required bindings), the slices,
// and every MedCom invariant; and the expanded MedCom value sets. Output: schemas/<package>-<version>.json.
// Run: npm run derive-schemas
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { writeInvariants } from "./derive/invariants.js";
import { deriveCardinality, writeBaseCardinality } from "./derive/cardinality.js";
import { deriveTypes } from "./derive/types.js";
import { writeDatatypeBindings } from "./derive/bindings.js";

const profilesDir = resolve(import.meta.dirname, "../../shared/medcom/profiles");
const schemasDir = resolve(import.meta.dirname, "../schemas");

const PACKAGES = ["carecommunication-5.0.2", "messaging-4.0.2", "core-3.0.1", "acknowledgement-2.0.3"];
const TERMINOLOGY = "terminology-2.0.1";

interface SnapshotElement {
  id: string;
  path: string;
  sliceName?: string;
  min?: number;
  max?: string;
  base?: { min?: number; max?: string };
  binding?: { strength: string; valueSet?: string };
  constraint?: { key: string; severity: string; human: string; expression?: string; source?: string }[];
  [key: string]: unknown;
}

interface StructureDefinition {
  url: string;
  version: string;
  name: string;
  type: string;
  baseDefinition: string;
  snapshot: { element: SnapshotElement[] };
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;

/** Invariants FHIR itself defines (ele-1, dom-2, …) are the base specification's, not MedCom's rules. */
const isBaseInvariant = (key: string, source = ""): boolean =>
  /^[a-z]{2,4}-\d+$/.test(key) && source.startsWith("http://hl7.org/fhir/StructureDefinition/");

function fixedOrPattern(e: SnapshotElement): { kind: "fixed" | "pattern"; value: unknown } | undefined {
  for (const [key, value] of Object.entries(e)) {
    if (key.startsWith("fixed")) return { kind: "fixed", value };
    if (key.startsWith("pattern")) return { kind: "pattern", value };
  }
  return undefined;
}

function deriveProfile(sd: StructureDefinition) {
  const elements = [];
  const slices = [];
  const invariants = new Map<
    string,
    { key: string; severity: string; human: string; expression: string; path: string }
  >();
  for (const e of sd.snapshot.element) {
    for (const c of e.constraint ?? []) {
      if (isBaseInvariant(c.key, c.source) || invariants.has(c.key)) continue;
      invariants.set(c.key, {
        key: c.key,
        severity: c.severity,
        human: c.human,
        expression: c.expression ?? "",
        path: e.id,
      });
    }
    const sliced = e.id.includes(":");
    if (e.sliceName && !/:.*:/.test(e.id)) slices.push({ id: e.id, path: e.path, min: e.min ?? 0, max: e.max ?? "*" });
    if (sliced) continue;
    const value = fixedOrPattern(e);
    const binding =
      e.binding?.strength === "required" && e.binding.valueSet ? e.binding.valueSet.split("|")[0] : undefined;
    const min = e.min ?? 0;
    const max = e.max ?? "*";
    const tighter = min > (e.base?.min ?? 0) || max !== (e.base?.max ?? "*");
    if (!tighter && !value && !binding) continue;
    elements.push({
      path: e.path,
      min,
      max,
      ...(value ? { [value.kind]: value.value } : {}),
      ...(binding ? { binding } : {}),
    });
  }
  return {
    url: sd.url,
    name: sd.name,
    type: sd.type,
    baseDefinition: sd.baseDefinition,
    elements,
    slices,
    invariants: [...invariants.values()],
    cardinality: deriveCardinality(sd),
  };
}

interface Concept {
  code: string;
  display?: string;
  designation?: { language?: string; value: string }[];
  concept?: Concept[];
}

/**
 * Filters the published value sets use on code systems not in ../shared (HL7 v3 ActCode). R4's v3-ActCode
 * descendants of _ActEncounterCode (terminology.hl7.org, CodeSystem-v3-ActCode): the concepts a filter expands to.
 */
const FILTER_EXPANSIONS: Record<string, string[]> = {
  "http://terminology.hl7.org/CodeSystem/v3-ActCode|descendent-of|_ActEncounterCode": [
    "AMB",
    "EMER",
    "FLD",
    "HH",
    "IMP",
    "ACUTE",
    "NONAC",
    "OBSENC",
    "PRENC",
    "SS",
    "VR",
  ],
};

interface Include {
  system?: string;
  concept?: Concept[];
  filter?: { property: string; op: string; value: string }[];
}

function deriveValueSets() {
  const dir = join(profilesDir, TERMINOLOGY);
  const files = readdirSync(dir).map((f) => readJson<Record<string, unknown>>(join(dir, f)));
  const codeSystems = new Map<string, Concept[]>();
  for (const cs of files.filter((f) => f.resourceType === "CodeSystem")) {
    codeSystems.set(String(cs.url), (cs.concept as Concept[] | undefined) ?? []);
  }
  const flatten = (concepts: Concept[]): Concept[] => concepts.flatMap((c) => [c, ...flatten(c.concept ?? [])]);
  const codeSystemConcept = (system: string | undefined, code: string): Concept | undefined =>
    flatten(codeSystems.get(system ?? "") ?? []).find((c) => c.code === code);
  const valueSets: Record<string, { system: string; code: string; display?: string; da?: string }[]> = {};
  for (const vs of files.filter((f) => f.resourceType === "ValueSet")) {
    const compose = vs.compose as { include?: Include[]; exclude?: Include[] };
    const excluded = new Set(
      (compose.exclude ?? []).flatMap((e) => (e.concept ?? []).map((c) => `${e.system}|${c.code}`)),
    );
    const conceptsOf = ({ system = "", concept, filter }: Include): Concept[] => {
      if (concept) return concept;
      if (filter?.[0]) {
        const codes = FILTER_EXPANSIONS[`${system}|${filter[0].op}|${filter[0].value}`];
        if (!codes) throw new Error(`no expansion for filter on ${system} in ${String(vs.url)}`);
        return codes.map((code) => ({ code }));
      }
      return flatten(codeSystems.get(system) ?? []);
    };
    valueSets[String(vs.url)] = (compose.include ?? []).flatMap((include) =>
      conceptsOf(include)
        .filter((c) => !excluded.has(`${include.system}|${c.code}`))
        // A value set that lists bare codes (medcom-core-PractitionerRoles) takes display and designations from
        // the CodeSystem (FHIR R4 ValueSet.compose.include.concept.display: "if not provided, the display of the
        // code system's concept"): narratives show them instead of the code.
        .map((listed) => (listed.display ? listed : (codeSystemConcept(include.system, listed.code) ?? listed)))
        .map((c) => {
          const da = c.designation?.find((d) => d.language === "da")?.value;
          return {
            system: include.system ?? "",
            code: c.code,
            ...(c.display ? { display: c.display } : {}),
            ...(da ? { da } : {}),
          };
        }),
    );
  }
  return valueSets;
}

for (const pkg of PACKAGES) {
  const dir = join(profilesDir, pkg);
  const profiles = readdirSync(dir)
    .map((f) => readJson<StructureDefinition & { resourceType: string }>(join(dir, f)))
    .filter((sd) => sd.resourceType === "StructureDefinition" && sd.snapshot)
    .map(deriveProfile);
  const [name, version] = [pkg.slice(0, pkg.lastIndexOf("-")), pkg.slice(pkg.lastIndexOf("-") + 1)];
  const out = { package: `medcom.fhir.dk.${name}`, version, derivedFrom: `../shared/medcom/profiles/${pkg}`, profiles };
  writeFileSync(join(schemasDir, `${pkg}.json`), `${JSON.stringify(out, null, 1)}\n`);
  console.log(`${pkg}: ${profiles.length} profiles`);
}
writeInvariants(schemasDir, profilesDir, PACKAGES);
writeBaseCardinality(schemasDir);
writeDatatypeBindings(schemasDir, join(profilesDir, TERMINOLOGY));
const valueSets = deriveValueSets();
writeFileSync(
  join(schemasDir, `${TERMINOLOGY}.json`),
  `${JSON.stringify({ package: "medcom.fhir.dk.terminology", version: "2.0.1", valueSets }, null, 1)}\n`,
);
console.log(`${TERMINOLOGY}: ${Object.keys(valueSets).length} value sets`);
deriveTypes(profilesDir, PACKAGES, join(schemasDir, "types.json"));
