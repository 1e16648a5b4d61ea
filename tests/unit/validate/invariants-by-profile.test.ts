// Issue 13, class 2: every (profile, invariant) pair that applies to the builder's valid messages or the official
// examples has a message that breaks it, and the validator reports it at the element with rule = the invariant key
// and the invariant's severity.
// Replaces "every MedCom invariant in the rule tables has a breaking case", which was keyed by invariant only (so
// medcom-messaging-2 counted as covered although the Acknowledgement profile's copy was never checked).
import { describe, expect, test } from "vitest";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { INVARIANTS } from "../../../src/medcom/validate/invariants/index.js";
import { base, ruleBreakers } from "../../../test-fixtures/rule-breakers/cases.js";
import {
  invariantCases,
  type InvariantCase,
  load,
  messageWideCases,
  profileTargets,
  sources,
} from "../../../test-fixtures/rule-breakers/cases-invariants.js";

const cases = invariantCases();

const atOrBelow = (path: string, element: string) =>
  path === element || path.startsWith(`${element}.`) || path.startsWith(`${element}[`);

/** The case's mutation is reported under the invariant's key, with its severity, at or below the element it broke. */
function expectBrokenAt(c: InvariantCase): void {
  const bundle = load(c.base);
  const element = c.mutate(bundle);
  const found = validateMessage(bundle).issues.filter((i) => i.rule === c.key);
  expect(found.map((i) => ({ severity: i.severity, at: atOrBelow(i.path, element) }))).toContainEqual({
    severity: c.severity,
    at: true,
  });
}

describe("every (profile, invariant) pair has a message that breaks it", () => {
  test.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => expectBrokenAt(c));

  test.each(messageWideCases.map((c) => [c.name, c] as const))("%s", (_name, c) => expectBrokenAt(c));

  test("every pair that applies to these messages is covered, keyed by (profile, invariant)", () => {
    const applies = new Set<string>();
    const covered = new Set([...cases, ...messageWideCases].map((c) => `${c.profile}|${c.key}`));
    for (const name of sources()) {
      for (const t of profileTargets(load(name))) {
        for (const key of Object.keys(INVARIANTS[t.url]?.invariants ?? {})) applies.add(`${t.url}|${key}`);
      }
    }
    // The hand-written cases of cases.ts cover a pair when their base applies a profile declaring their rule.
    for (const c of ruleBreakers) {
      for (const t of profileTargets(base(c.base))) {
        if (INVARIANTS[t.url]?.invariants[c.expect.rule]) covered.add(`${t.url}|${c.expect.rule}`);
      }
    }
    const missing = [...applies].filter((p) => !covered.has(p)).sort();
    expect(missing).toEqual([]);
  });
});
