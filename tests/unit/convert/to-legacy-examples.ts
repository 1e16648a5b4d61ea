// MedCom's FHIR → OIOXML conversion examples (Flow3 XDIS91 + XBIN01, Flow2 XCTL03 ×2) read with the project's OIOXML
// reader, to compare the conversion with them field by field. Third-party files: read in place, never copied.
import type { OioxmlDocument, Xbin01, Xctl, Xdis91 } from "../../../src/medcom/oioxml/model.js";
import { readOioxml } from "../../../src/medcom/oioxml/read.js";
import { readFlow } from "./legacy-examples.js";

function read<T extends OioxmlDocument>(name: string, kind: T["kind"]): T {
  const result = readOioxml(readFlow(name));
  if (!result.ok || result.value.kind !== kind) throw new Error(`${name}: ${JSON.stringify(result.issues)}`);
  // Which of the two receipt namespaces it came in is the reader's note, not a field of the receipt.
  const { namespace: _namespace, ...doc } = result.value as Xctl;
  return (kind.startsWith("xctl") ? doc : result.value) as T;
}

/** Flow3-XDIS91_Ex_from_FHIR.xml (declared ISO-8859-1, written in UTF-8: the reader warns and reads UTF-8). */
export const medcomFlow3Xdis91 = (): Xdis91 => read<Xdis91>("Flow3-XDIS91_Ex_from_FHIR.xml", "xdis91");

/** Flow3-XBIN01_Ex_from_FHIR.xml (a byte copy of Flow1's XBIN01, LEGACY.md §6.8). */
export const medcomFlow3Xbin01 = (): Xbin01 => read<Xbin01>("Flow3-XBIN01_Ex_from_FHIR.xml", "xbin01");

/** Flow2-XCTL03_Ex_from_FHIR_XDIS91.xml and Flow2-XCTL03_Ex_from_FHIR_XBIN01.xml. */
export const medcomFlow2Xctl03 = {
  xdis91: (): Xctl => read<Xctl>("Flow2-XCTL03_Ex_from_FHIR_XDIS91.xml", "xctl03"),
  xbin01: (): Xctl => read<Xctl>("Flow2-XCTL03_Ex_from_FHIR_XBIN01.xml", "xctl03"),
};
