/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument --
 * The cases edit FHIR JSON freely, as tests/support/mutations.ts does. */
// One fault, one issue (issue 13): after merging the six classes of checks, a fault two checks judge is answered
// once, with the more precise finding (fold.ts; ele-1 by the syntax walk; extension and data-type counts by
// cardinality.ts; a target's profile at the target). Each case failed with two or three issues before.
import { describe, expect, test } from "vitest";
import type { Bundle } from "../../../src/medcom/model/index.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { base } from "../../../test-fixtures/rule-breakers/cases.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- edits FHIR JSON freely

const found = (b: Json): string[] => validateMessage(b as Bundle).issues.map((i) => `${i.rule ?? i.code} @ ${i.path}`);

const segment = (b: Json): Json =>
  b.entry.find((e: Json) => e.resource.resourceType === "Communication").resource.payload[0];

const C = "Bundle.entry[1].resource.ofType(Communication).payload[0]";

describe("one fault gives one issue", () => {
  test("an emptied Bundle.meta: ele-1 once (not also fhir-syntax-empty)", () => {
    const b: Json = base("cc-new");
    b.meta = {};
    expect(found(b)).toEqual(["ele-1 @ Bundle.meta"]);
  });

  test("a sender without GLN: at the Organization's identifier, not again at each reference to it", () => {
    const b: Json = base("cc-new");
    const sender = b.entry[0].resource.sender.reference as string;
    const org = b.entry.find((e: Json) => e.fullUrl === sender || sender.endsWith(`/${e.resource.id}`)).resource;
    org.identifier = org.identifier.filter((i: Json) => !String(i.system).includes("gs1"));
    expect(found(b)).toEqual([
      expect.stringMatching(/^cardinality @ Bundle\.entry\[\d+\]\.resource\.ofType\(Organization\)\.identifier$/),
    ]);
  });

  test("a known extension without its value: cardinality at value[x], not also ext-1 or a hand-written count", () => {
    const b: Json = base("cc-new");
    const ext = segment(b).extension[0];
    for (const k of Object.keys(ext)) if (k.startsWith("value")) delete ext[k];
    expect(found(b)).toEqual([`cardinality @ ${C}.extension[0].value[x]`]);
  });

  test("a nested extension where the definition allows none: once, at the nested extension", () => {
    const b: Json = base("cc-new");
    segment(b).extension[0].extension = [{ url: "http://example.org/n", valueString: "x" }];
    expect(found(b)).toEqual([`cardinality @ ${C}.extension[0].extension[0]`]);
  });

  test("the author contact's system not phone: the pattern once (hand-written and derived rule agree)", () => {
    const b: Json = base("cc-full");
    const contact = segment(b).extension.find((e: Json) => e.valueContactPoint !== undefined);
    contact.valueContactPoint.system = "email";
    expect(found(b).filter((f) => f.startsWith("pattern-value"))).toHaveLength(1);
  });

  test("an empty Bundle.type: the syntax finding, not also its count, pattern and binding", () => {
    const b: Json = base("cc-new");
    b.type = "";
    expect(found(b)).toEqual(["fhir-syntax-empty @ Bundle.type"]);
  });
});
