// What reaches a legacy party, checked as it would check it: xmllint with MedCom's XSDs (../shared, read in place) and
// the gateway's own OIOXML reader; the ids of a document.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readOioxml, type OioxmlDocument, type Xbin01, type Xctl, type Xdis91 } from "../../src/medcom/oioxml/index.js";
import { emessageXsd } from "./legacy-examples.js";

/** xmllint --schema with the schema set of the document's kind: MedCom's XSDs say whether it is valid. */
export function xsdValid(bytes: Uint8Array, kind: "xdis91" | "xbin01" | "xctl"): string | undefined {
  const file = join(mkdtempSync(join(tmpdir(), "mg-xsd-")), "doc.xml");
  writeFileSync(file, bytes);
  const run = spawnSync("xmllint", ["--noout", "--schema", emessageXsd[kind], file], { encoding: "utf8" });
  return run.status === 0 ? undefined : run.stderr;
}

export function readOioxmlOrThrow<T extends OioxmlDocument>(bytes: Uint8Array): T {
  const result = readOioxml(bytes);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value as T;
}

export const idsOf = (d: Xdis91 | Xbin01 | Xctl) => [d.envelope.identifier, d.letter.identifier];
