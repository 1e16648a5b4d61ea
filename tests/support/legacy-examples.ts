// MedCom's legacy OIOXML material in ../shared/medcom/legacy (examples and XSDs): read in place, never copied.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sharedRoot } from "./shared.js";

export const legacyRoot = join(sharedRoot, "medcom/legacy");
export const legacyXsdDir = join(legacyRoot, "xsd/oioxml");

/** EMessage.xsd of each schema set, for xmllint. */
export const emessageXsd = {
  xdis91: join(legacyXsdDir, "2006/07/01/EMessage.xsd"),
  xbin01: join(legacyXsdDir, "2012/03/28/EMessage.xsd"),
  xctl: join(legacyXsdDir, "2005/08/07/EMessage.xsd"),
} as const;

export interface LegacyExample {
  /** `conversion-flows/Flow1-XDIS91_Ex_to_FHIR.xml` */
  name: string;
  bytes: Buffer;
}

/** Every file in the two example folders that hold OIOXML (the FHIR Bundles beside them included). */
export function legacyExamples(): LegacyExample[] {
  const out: LegacyExample[] = [];
  for (const dir of ["conversion-flows", "os2korrespondance-fixtures"]) {
    for (const file of readdirSync(join(legacyRoot, "examples", dir)).sort()) {
      out.push({ name: `${dir}/${file}`, bytes: readFileSync(join(legacyRoot, "examples", dir, file)) });
    }
  }
  return out;
}

export function legacyExample(name: string): Buffer {
  return readFileSync(join(legacyRoot, "examples", name));
}

/** The FHIR examples beside the OIOXML ones (CareCommunication, Acknowledgement): not OIOXML. */
export const isFhirExample = (name: string): boolean => /CareCommunication|Acknowledgement/.test(name);
