// Issue 11, point 4 (the validator's part): following the references of a message costs time in proportion to its
// size. The old lookup (a regular expression anchored at the end of each reference) was quadratic in a reference's
// length: 4 s for a 200 KB body. No absolute times here: the CPU time for ~1 MB against ~100 KB in one run
// (tests/support/linear-cost.ts).
import { test } from "vitest";
import type { Bundle, Communication } from "../../src/medcom/model/index.js";
import { validateMessage } from "../../src/medcom/validate/index.js";
import { base } from "../../test-fixtures/rule-breakers/cases.js";
import { expectLinearCost } from "../support/linear-cost.js";

/**
 * A letter with about `bytes` of hostile references: half in one long reference that matches nothing (what made the
 * old end-anchored pattern quadratic), half in many short references to Organization ids that are not bundled.
 */
function letterWithReferences(bytes: number): Bundle {
  const b = base("cc-new");
  const communication = b.entry?.find((e) => e.resource?.resourceType === "Communication")?.resource as Communication;
  const short = Array.from({ length: Math.floor(bytes / 2 / 60) }, (_, i) => ({
    reference: `Organization/${i.toString().padStart(36, "0")}`,
  }));
  communication.recipient = [{ reference: `${"a".repeat(bytes / 2)}-` }, ...short];
  return b;
}

test("validating ten times the references costs at most ~ten times the CPU (ratio < 25), not a hundred", () => {
  // A shared machine adds noise to one measurement; a quadratic validator fails all three attempts (ratio ~100).
  expectLinearCost(letterWithReferences, validateMessage);
});
