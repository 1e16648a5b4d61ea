// What the derive scripts read of a published StructureDefinition (FHIR R4 structuredefinition.html,
// elementdefinition.html), declared once for all of them, and the one way they read a package folder of
// ../shared/medcom/profiles. Only the fields some derivation uses are typed; the rest stay `unknown`.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** ElementDefinition.type: the type code and the profiles its values / reference targets must conform to. */
export interface TypeRef {
  code: string;
  profile?: string[];
  targetProfile?: string[];
}

/** ElementDefinition.constraint: an invariant (key, severity, human text, FHIRPath expression). */
export interface Constraint {
  key: string;
  severity: string;
  human: string;
  expression?: string;
  source?: string;
}

export interface Element {
  id: string;
  path: string;
  min?: number;
  max?: string;
  base?: { min?: number; max?: string };
  type?: TypeRef[];
  binding?: { strength: string; valueSet?: string };
  slicing?: { discriminator?: { type: string; path: string }[]; rules?: string };
  contentReference?: string;
  constraint?: Constraint[];
  /** fixed[x], pattern[x], isModifier, …: read by name where needed. */
  [key: string]: unknown;
}

export interface StructureDefinition {
  resourceType: string;
  url: string;
  name: string;
  type: string;
  kind?: string;
  derivation?: string;
  abstract?: boolean;
  snapshot?: { element: Element[] };
}

/** The StructureDefinitions among the JSON files of one folder (a package of ../shared/medcom/profiles), in folder order. */
export function readStructureDefinitions(dir: string): StructureDefinition[] {
  return readdirSync(dir)
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as StructureDefinition)
    .filter((sd) => sd.resourceType === "StructureDefinition");
}
