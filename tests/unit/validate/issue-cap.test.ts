// A hostile message can break a rule thousands of times; the validator's answer lists the first 100 issues, errors
// first, and says how many more there are (issue 11: bounded answers to hostile input).
import { expect, test } from "vitest";
import { MAX_ISSUES, validateMessage } from "../../../src/medcom/validate/index.js";
import { build, composeFixture } from "../../support/build.js";

test("a message with thousands of problems gets 100 issues and a note", () => {
  const bundle = build(composeFixture("new-ppr-to-gp.json"));
  const extra = Array.from({ length: 2000 }, (_, i) => ({
    fullUrl: `urn:uuid:00000000-0000-4000-9000-${i.toString(16).padStart(12, "0")}`,
    resource: { resourceType: "Patient", id: `p${i}`, birthDate: "2020-01-01T10:00:00" },
  }));
  (bundle as { entry: unknown[] }).entry.push(...extra);
  const result = validateMessage(bundle);
  expect(result.valid).toBe(false);
  expect(result.issues.length).toBe(MAX_ISSUES + 1);
  expect(result.issues[0]?.severity).toBe("error");
  expect(result.issues[MAX_ISSUES]?.code).toBe("more-issues");
  expect(result.issues[MAX_ISSUES]?.message).toMatch(/^\d+ more issue/);
});
