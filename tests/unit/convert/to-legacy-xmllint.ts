// MedCom's XSDs as the judge of what the conversion writes: xmllint --schema on the written bytes (the XSDs are read
// in place from ../shared). TEMPORARY beside helper A's tests/support/xmllint.ts: when that is merged, use it.
import { spawnSync } from "node:child_process";
import type { OioxmlDocument } from "../../../src/medcom/oioxml/model.js";
import { writeOioxml } from "../../../src/medcom/oioxml/write.js";
import { emessageXsd } from "../../support/legacy-examples.js";

/** xmllint's complaints about the written document ("" when it validates). */
export function schemaErrors(doc: OioxmlDocument): string {
  const xsd =
    doc.kind === "xdis91" ? emessageXsd.xdis91 : doc.kind === "xbin01" ? emessageXsd.xbin01 : emessageXsd.xctl;
  const run = spawnSync("xmllint", ["--noout", "--schema", xsd, "-"], { input: writeOioxml(doc), encoding: "utf8" });
  return run.status === 0 ? "" : `${run.stderr}`;
}
