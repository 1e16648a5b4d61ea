// Issue 11, point 4, for issue 13's type checks: extensions, modifier extensions and typed references cost time in
// proportion to the message. No absolute times: the CPU time for ~1 MB against ~100 KB in one run (tests/support/linear-cost.ts).
import { expect, test } from "vitest";
import type { Bundle, Communication } from "../../src/medcom/model/index.js";
import { validateMessage } from "../../src/medcom/validate/index.js";
import { base } from "../../test-fixtures/rule-breakers/cases.js";
import { expectLinearCost, SMALL } from "../support/linear-cost.js";

/** A letter with about `bytes` of known extensions (each with forbidden nested ones) and unknown modifiers. */
function letterWithExtensions(bytes: number): Bundle {
  const b = base("cc-new");
  const communication = b.entry?.find((e) => e.resource?.resourceType === "Communication")?.resource as Communication;
  const role = b.entry?.find((e) => e.resource?.resourceType === "PractitionerRole")?.fullUrl ?? "";
  const segment = communication.payload?.[0] as unknown as Record<string, unknown[]>;
  const n = Math.floor(bytes / 400);
  const nested = [{ url: "http://example.org/n", valueString: "x" }];
  for (let i = 0; i < n; i++) {
    segment.extension?.push({
      url: "http://medcomfhir.dk/ig/core/StructureDefinition/medcom-core-practitioner-extension",
      valueReference: { reference: role },
      extension: nested,
    });
    (segment.modifierExtension ??= []).push({ url: "http://example.org/m", valueBoolean: true });
  }
  return b;
}

test("validating ten times the extensions costs at most ~ten times the CPU (ratio < 25), not a hundred", () => {
  // What the checks find, on a letter small enough that the answer is not capped (index.ts MAX_ISSUES: on the large
  // ones the first hundred are counts of the surplus extensions, errors found before the extension walk): each nested
  // extension is refused where it is (cardinality.ts, the definition's Extension.extension 0..0), and each unknown
  // modifier extension.
  const few = validateMessage(letterWithExtensions(4 * 400)).issues;
  const nestedAt = few.filter((i) => i.code === "not-allowed" && i.path.endsWith("].extension[0]")).length;
  expect(nestedAt).toBe(4);
  expect(few.filter((i) => i.rule === "modifier-extension-unknown").length).toBe(4);
  expect(validateMessage(letterWithExtensions(SMALL)).valid).toBe(false);
  expectLinearCost(letterWithExtensions, validateMessage);
});
