// Issue 13: "the official examples stay exactly as they are judged today". Every issue the validator reports on each
// official example (severity, rule, path; not the message text, which echoes the example) is recorded in
// test-fixtures/judgements/official-examples.json; a change in the validator that alters any judgement fails here
// and must be decided on purpose (regenerate with UPDATE_JUDGEMENTS=1 and say why in the commit).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { readExampleBundle } from "../../support/messages.js";
import { fhirExampleNames, projectRoot } from "../../support/shared.js";

const file = join(projectRoot, "test-fixtures/judgements/official-examples.json");

function judge(): Record<string, { valid: boolean; issues: string[] }> {
  const out: Record<string, { valid: boolean; issues: string[] }> = {};
  for (const name of fhirExampleNames()) {
    const result = validateMessage(readExampleBundle(name));
    out[name] = {
      valid: result.valid,
      issues: result.issues.map((i) => `${i.severity} ${i.rule} ${i.path}`).sort(),
    };
  }
  return out;
}

test("every official example is judged exactly as recorded", () => {
  const now = judge();
  if (process.env.UPDATE_JUDGEMENTS === "1") {
    writeFileSync(file, `${JSON.stringify(now, null, 1)}\n`);
  }
  const recorded = JSON.parse(readFileSync(file, "utf8")) as unknown;
  expect(now).toEqual(recorded);
});
