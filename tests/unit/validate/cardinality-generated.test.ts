// Issue 13, class 1: GENERATED cardinality cases. The derived trees (schemas/*.json `cardinality`, R4's data types in
// schemas/fhir-r4/datatype-cardinality.json) are walked together with every valid base message — the builder's
// (test-fixtures/rule-breakers/cases.ts) and the official examples — and every (profile, element or slice) rule
// that occurs there is broken once: a required element or slice removed (min ≥ 1), one item too many added (finite
// max). The issue must be at exactly that element, once. Valid variations (an optional element removed, a 0..*
// element repeated) must stay free of cardinality issues. Counts per profile are printed and held above a floor.
import { describe, expect, test } from "vitest";
import { messageTypeOf, validateMessage } from "../../../src/medcom/validate/index.js";
import { cardinalityCases } from "../../../test-fixtures/cardinality-breakers/cases.js";

const CARDINALITY_CODES = new Set(["cardinality-min", "cardinality-max", "not-allowed", "slice-min", "slice-max"]);

const cases = cardinalityCases();
const breaking = cases.filter((c) => c.kind === "min" || c.kind === "max");
const valid = cases.filter((c) => c.kind === "valid-removal" || c.kind === "valid-repeat");

describe("generated cardinality cases", () => {
  test("enough cases are generated, for every profile that occurs", () => {
    const perProfile: Record<string, Record<string, number>> = {};
    for (const c of cases) {
      const p = (perProfile[c.profile] ??= {});
      p[c.kind] = (p[c.kind] ?? 0) + 1;
    }
    console.log(`cardinality cases per profile: ${JSON.stringify(perProfile, null, 1)}`);
    expect(breaking.length).toBeGreaterThan(400);
    expect(valid.length).toBeGreaterThan(100);
    for (const profile of [
      "MedComCareCommunicationMessage",
      "MedComCareCommunicationMessageHeader",
      "MedComCareCommunication",
      "MedComCareCommunicationProvenance",
      "MedComCorePatient",
      "MedComMessagingOrganization",
      "MedComAcknowledgementMessageHeader",
      "MedComAcknowledgementOperationOutcome",
      "MedComMessagingProvenance",
    ])
      expect(perProfile[profile]?.min ?? 0, profile).toBeGreaterThan(0);
  });

  test.each(breaking.map((c) => [c.label, c] as const))("%s", (_label, c) => {
    const b = c.bundle();
    c.mutate(b);
    const path = c.expected(b);
    const result = validateMessage(b);
    expect(result.valid).toBe(false);
    if (messageTypeOf(b) === "unknown") return; // no longer recognisable as its message type: refused as such
    const here = result.issues.filter((i) => i.path === path && CARDINALITY_CODES.has(i.code));
    expect(here.map((i) => ({ code: i.code, rule: i.rule, path: i.path }))).toEqual([
      { code: c.code, rule: "cardinality", path },
    ]);
  });

  test.each(valid.map((c) => [c.label, c] as const))("%s stays free of cardinality issues", (_label, c) => {
    const b = c.bundle();
    c.mutate(b);
    const result = validateMessage(b);
    expect(result.issues.filter((i) => i.rule === "cardinality" || CARDINALITY_CODES.has(i.code))).toEqual([]);
  });
});
