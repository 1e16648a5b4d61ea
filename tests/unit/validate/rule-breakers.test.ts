import { describe, expect, test } from "vitest";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { base, ruleBreakers, type BaseName } from "../../../test-fixtures/rule-breakers/cases.js";

describe("every rule has a message that breaks it", () => {
  test.each(["cc-new", "cc-full", "cc-referral", "cc-reply", "ack-ok", "ack-fatal"] as BaseName[])(
    "the valid neighbour %s passes with no issue at all",
    (name) => {
      expect(validateMessage(base(name)).issues).toEqual([]);
    },
  );

  test.each(ruleBreakers.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const bundle = base(c.base);
    c.mutate(bundle);
    const result = validateMessage(bundle, c.sizeBytes === undefined ? {} : { sizeBytes: c.sizeBytes });
    const expected = { rule: c.expect.rule, path: c.expect.path(bundle), severity: c.expect.severity ?? "error" };
    const found = result.issues.map((i) => ({ rule: i.rule, path: i.path, severity: i.severity }));
    expect(found).toContainEqual(expected);
    expect(result.valid).toBe(
      expected.severity !== "error" ? !result.issues.some((i) => i.severity === "error") : false,
    );
  });

  // "Every invariant has a breaking case" is keyed by (profile, invariant) now: invariants-by-profile.test.ts.
});
