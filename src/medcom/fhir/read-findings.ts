// What a reader noticed while reading that the model it returns cannot show: in FHIR XML, elements out of the order
// of the definitions, attributes FHIR does not define, text inside FHIR elements, primitives without their `value`
// attribute (FHIR R4 xml.html). Reading keeps going (unknown content is kept for forwarding, R-Tek-C) but the
// validator must still report these, so the reader leaves them beside the model.
//
// Design: a side table keyed by the returned root object (a WeakMap, so a model that is dropped takes its findings
// with it), rather than hidden properties on the model: the model stays plain FHIR JSON that round-trips and
// serialises unchanged, and a Bundle built in memory simply has no findings. The side table also says which syntax
// the model was read from, because FHIR XML's lexical forms (a decimal `1.50`, a positiveInt `+5`) are kept as text
// in the model where a JSON number would lose them (elements.ts primitiveFromXml).
import type { Issue } from "../../util/issues.js";

export interface ReadFindings {
  syntax: "xml" | "json";
  /** Issues found while reading, with FHIRPath-like paths as the validator uses them. */
  issues: readonly Issue[];
}

const FINDINGS = new WeakMap<object, ReadFindings>();

export function recordFindings(root: object, findings: ReadFindings): void {
  FINDINGS.set(root, findings);
}

/** What the reader noticed about `root`; undefined for a model that was built in memory. */
export function readFindings(root: object): ReadFindings | undefined {
  return FINDINGS.get(root);
}
