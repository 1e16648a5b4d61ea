// Derives the project's FHIR R4 element table for the resources MedCom messages use (element order, base
// cardinality, types) from the published profile snapshots in ../shared/medcom/profiles. The output is the
// project's own data (schemas/fhir-r4/resources.json); the profiles themselves are never copied.
// Run: npx tsx scripts/derive-fhir-elements.ts
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const profiles = resolve(import.meta.dirname, "../../shared/medcom/profiles");
const out = resolve(import.meta.dirname, "../schemas/fhir-r4/resources.json");

/** Which published profile carries the full snapshot of each resource type. */
const SOURCES: Record<string, string> = {
  Bundle: "messaging-4.0.2/StructureDefinition-medcom-messaging-message.json",
  MessageHeader: "messaging-4.0.2/StructureDefinition-medcom-messaging-messageHeader.json",
  Communication: "carecommunication-5.0.2/StructureDefinition-medcom-careCommunication-communication.json",
  Patient: "core-3.0.1/StructureDefinition-medcom-core-patient.json",
  Organization: "core-3.0.1/StructureDefinition-medcom-core-organization.json",
  Practitioner: "core-3.0.1/StructureDefinition-medcom-core-practitioner.json",
  PractitionerRole: "core-3.0.1/StructureDefinition-medcom-core-practitionerrole.json",
  CareTeam: "core-3.0.1/StructureDefinition-medcom-core-careteam.json",
  Encounter: "core-3.0.1/StructureDefinition-medcom-core-encounter.json",
  Provenance: "messaging-4.0.2/StructureDefinition-medcom-messaging-provenance.json",
  OperationOutcome: "acknowledgement-2.0.3/StructureDefinition-medcom-acknowledgement-operationoutcome.json",
};

interface SnapshotElement {
  id: string;
  path: string;
  base?: { max?: string };
  max?: string;
  type?: { code: string }[];
  contentReference?: string;
}

const FHIRPATH_STRING = "http://hl7.org/fhirpath/System.String";

/** [element name, types (or "#Path" for a content reference), repeats] in FHIR order. */
type Row = [string, string[], boolean];

function deriveResource(resource: string, file: string): Record<string, Row[]> {
  const sd = JSON.parse(readFileSync(join(profiles, file), "utf8")) as { snapshot: { element: SnapshotElement[] } };
  const elements = sd.snapshot.element.filter((e) => !e.id.includes(":"));
  const typeOf = new Map(elements.map((e) => [e.path, e.type?.map((t) => t.code) ?? []]));
  const table: Record<string, Row[]> = {};
  for (const e of elements) {
    const cut = e.path.lastIndexOf(".");
    if (cut < 0) continue;
    const parent = e.path.slice(0, cut);
    const parentTypes = typeOf.get(parent) ?? [];
    const isStructural =
      parent === resource || parentTypes.includes("BackboneElement") || parentTypes.includes("Element");
    if (!isStructural) continue;
    const types = e.contentReference
      ? [e.contentReference]
      : (e.type ?? []).map((t) => (t.code === FHIRPATH_STRING ? "string" : t.code));
    const max = e.base?.max ?? e.max ?? "1";
    (table[parent] ??= []).push([e.path.slice(cut + 1), types, max !== "0" && max !== "1"]);
  }
  return table;
}

const result: Record<string, Row[]> = {};
for (const [resource, file] of Object.entries(SOURCES)) Object.assign(result, deriveResource(resource, file));
writeFileSync(out, `${JSON.stringify(result, null, 1)}\n`);
console.log(`wrote ${Object.keys(result).length} element lists to ${out}`);
