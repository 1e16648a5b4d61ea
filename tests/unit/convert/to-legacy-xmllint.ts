// MedCom's XSDs as the judge of what the conversion writes: helper A's xmllint wrapper on the written bytes, with the
// EMessage.xsd of the document's schema set (read in place from ../shared).
import type { OioxmlDocument } from "../../../src/medcom/oioxml/model.js";
import { writeOioxml } from "../../../src/medcom/oioxml/write.js";
import { emessageXsd } from "../../support/legacy-examples.js";
import { xmllintValidate } from "../../support/xmllint.js";

/** xmllint's complaints about the written document ("" when it validates). */
export function schemaErrors(doc: OioxmlDocument): string {
  const xsd =
    doc.kind === "xdis91" ? emessageXsd.xdis91 : doc.kind === "xbin01" ? emessageXsd.xbin01 : emessageXsd.xctl;
  const result = xmllintValidate(writeOioxml(doc), xsd);
  return result.valid ? "" : result.output || "invalid";
}
