// FHIR R4's required bindings on data-type elements (terminologies.html §4.1: with strength `required` "the concept
// in this element SHALL be from the specified value set"): Narrative.status, Identifier.use, ContactPoint.system/use,
// HumanName.use, Address.use/type, Quantity.comparator, Timing's units… Derived from R4's data-type definitions by
// scripts/derive/bindings.ts into schemas/fhir-r4/datatype-bindings.json; checked by the syntax walk
// (syntax-checks.ts), which already visits every typed data-type node — no walk of its own. Built once at load.
import table from "../../../schemas/fhir-r4/datatype-bindings.json" with { type: "json" };
import { shownValue } from "../ids.js";
import codeSystems from "../../../schemas/terminology-codesystems.json" with { type: "json" };

export interface DatatypeBinding {
  valueSet: string;
  codes: ReadonlySet<string>;
  /** For the message: the value set's name and its codes. */
  name: string;
  list: string;
}

const BINDINGS = new Map<string, ReadonlyMap<string, DatatypeBinding>>();
for (const [type, elements] of Object.entries(
  table as Record<string, Record<string, { valueSet: string; codes: string[] }>>,
)) {
  const byName = new Map<string, DatatypeBinding>();
  for (const [name, { valueSet, codes }] of Object.entries(elements)) {
    const list = codes.length > 24 ? `${codes.slice(0, 24).join(", ")}, …` : codes.join(", ");
    byName.set(name, { valueSet, codes: new Set(codes), name: valueSet.slice(valueSet.lastIndexOf("/") + 1), list });
  }
  BINDINGS.set(type, byName);
}

/** The required bindings of a data type's elements by element name; undefined for most types (one Map read). */
export function datatypeBindings(typeKey: string): ReadonlyMap<string, DatatypeBinding> | undefined {
  return BINDINGS.get(typeKey);
}

/** The issue's message for a code outside the binding (the same wording as element-rules.ts' profile bindings). */
export function bindingMessage(typeKey: string, element: string, code: string, binding: DatatypeBinding): string {
  return `${code} is not in the required value set ${binding.name} (FHIR R4 ${typeKey}.${element}); use one of: ${binding.list}.`;
}

/**
 * MedCom's complete CodeSystems (schemas/terminology-codesystems.json): a Coding naming one of them with a code it
 * does not define asserts a concept that does not exist (R4 datatypes.html §Coding), whatever the element's binding
 * strength (MedComCorePractitionerRole.code is bound `example`). The HL7 validator refuses it too.
 */
const CODE_SYSTEMS = new Map(
  Object.entries(codeSystems as Record<string, string[]>).map(([url, codes]) => [url, new Set(codes)]),
);

/** The message for a Coding whose code its (complete, MedCom) system does not define; undefined when fine. */
export function codingProblem(coding: Readonly<Record<string, unknown>>): string | undefined {
  const { system, code } = coding;
  if (typeof system !== "string" || typeof code !== "string") return undefined;
  const codes = CODE_SYSTEMS.get(system);
  if (codes === undefined || codes.has(code)) return undefined;
  const name = system.slice(system.lastIndexOf("/") + 1);
  return `${shownValue(code)} is not a code of the CodeSystem ${name} (content complete; R4 Coding.code is a symbol defined by the system).`;
}
