// libxml2's xmllint as a second opinion on MedCom's XSDs (issue 15): the document goes in on stdin, the schema is a
// file in ../shared. .ci/run installs libxml2-utils when xmllint is missing.
import { spawnSync } from "node:child_process";

export interface XmllintResult {
  valid: boolean;
  /** xmllint's messages (stderr) without its "- validates" line, for the test's failure output. */
  output: string;
}

export function xmllintValidate(document: string | Uint8Array, schema: string): XmllintResult {
  const run = spawnSync("xmllint", ["--noout", "--nonet", "--schema", schema, "-"], {
    input: typeof document === "string" ? Buffer.from(document, "utf8") : document,
    encoding: "utf8",
    timeout: 30_000,
  });
  if (run.error) throw new Error(`xmllint could not run (install libxml2-utils): ${run.error.message}`);
  const output = run.stderr
    .split("\n")
    .filter((line) => line !== "" && line !== "- validates")
    .join("\n");
  return { valid: run.status === 0, output };
}
