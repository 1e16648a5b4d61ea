// Issue 13, class 5 (FHIR syntax): generated faults from every official example (XML and JSON) and every builder
// message are judged invalid with the issue at the element; the legal forms stay valid.
import { describe, expect, test } from "vitest";
import { readFhir, writeFhirJson } from "../../../src/medcom/fhir/index.js";
import type { Bundle } from "../../../src/medcom/model/index.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import {
  BASES,
  syntaxCases,
  validExampleNames,
  type SyntaxCase,
} from "../../../test-fixtures/syntax-breakers/cases.js";
import { readBundle } from "../../support/messages.js";
import { readExample } from "../../support/shared.js";

/** Read (if text) and validate; a read refusal is a judgement too (the reader refuses before the validator runs). */
function judge(input: SyntaxCase["input"]): { valid: boolean; found: { rule?: string; path: string }[] } {
  let bundle: Bundle;
  if ("bundle" in input) bundle = input.bundle;
  else {
    const read = "xml" in input ? readFhir(input.xml, "xml") : readFhir(input.json, "json");
    if (!read.ok) return { valid: false, found: read.issues.map((i) => ({ rule: i.rule ?? i.code, path: i.path })) };
    bundle = read.value as Bundle;
  }
  const result = validateMessage(bundle);
  return { valid: result.valid, found: result.issues.map((i) => ({ rule: i.rule ?? i.code, path: i.path })) };
}

const cases = syntaxCases();

describe("FHIR syntax faults are judged invalid with the issue at the element", () => {
  test("enough cases are generated (a floor, so a broken generator cannot pass quietly)", () => {
    expect(cases.length).toBeGreaterThanOrEqual(900);
    const rules = new Set(cases.map((c) => c.rule));
    for (const rule of [
      "fhir-syntax-order",
      "fhir-syntax-unknown-element",
      "fhir-syntax-attribute",
      "fhir-syntax-text",
      "fhir-syntax-xml-value",
      "fhir-syntax-namespace",
      "fhir-syntax-json-type",
      "fhir-syntax-array",
      "fhir-syntax-empty",
      "ele-1",
      "fhir-syntax-primitive-extension",
      "fhir-primitive-format",
      "bundle-fullurl",
      "bdl-1",
      "bdl-2",
      "bdl-3",
      "bdl-4",
      "bdl-7",
    ])
      expect(rules).toContain(rule);
  });

  test.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const { valid, found } = judge(c.input);
    expect(found).toContainEqual({ rule: c.rule, path: c.path });
    expect(valid).toBe(false);
  });
});

describe("legal forms stay valid", () => {
  test.each(validExampleNames())("%s written as JSON and read again has no issue", (name) => {
    const model = readBundle(readExample(name), name.endsWith(".json") ? "json" : "xml");
    expect(judge({ json: writeFhirJson(model) }).found).toEqual([]);
  });

  test.each(BASES)("builder %s written as JSON and read again has no issue", async (name) => {
    const { base } = await import("../../../test-fixtures/rule-breakers/cases.js");
    expect(judge({ json: writeFhirJson(base(name)) }).found).toEqual([]);
  });

  const patient = (b: Bundle) =>
    b.entry?.find((e) => e.resource?.resourceType === "Patient")?.resource as Record<string, unknown> | undefined;

  test.each([
    ["a year", "1947"],
    ["a year and month", "1947-09"],
    ["a leap day", "2024-02-29"],
    ["a leap day of a year divisible by 400", "2000-02-29"],
  ])("a birthDate of %s is valid", (_what, value) => {
    const b = readBundle(readExample("cc5-01-new-message.xml"), "xml");
    const p = patient(b);
    if (!p) throw new Error("no Patient");
    p.birthDate = value;
    expect(judge({ bundle: b }).found).toEqual([]);
    expect(judge({ json: writeFhirJson(b) }).found).toEqual([]);
  });

  test("a primitive with only extensions (no value) is valid, in XML and in JSON", () => {
    const b = readBundle(readExample("cc5-01-new-message.xml"), "xml");
    const p = patient(b);
    if (!p) throw new Error("no Patient");
    delete p.birthDate;
    p._birthDate = {
      extension: [{ url: "http://hl7.org/fhir/StructureDefinition/data-absent-reason", valueCode: "unknown" }],
    };
    expect(judge({ bundle: b }).found).toEqual([]);
    expect(judge({ json: writeFhirJson(b) }).found).toEqual([]);
  });

  test("xmlns:xsi and xsi:schemaLocation on the root are XML machinery, not FHIR content", () => {
    const xml = readExample("cc5-01-new-message.xml").replace(
      '<Bundle xmlns="http://hl7.org/fhir">',
      '<Bundle xmlns="http://hl7.org/fhir" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://hl7.org/fhir ../fhir-all.xsd">',
    );
    expect(xml).toContain("xsi:schemaLocation");
    expect(judge({ xml }).found).toEqual([]);
  });

  test("XML comments, white space and a redundant FHIR namespace declaration are legal", () => {
    const xml = readExample("cc5-01-new-message.xml").replace(
      "<MessageHeader>",
      '<MessageHeader xmlns="http://hl7.org/fhir"><!-- the header -->\n  ',
    );
    expect(xml).toContain("<!-- the header -->");
    expect(judge({ xml }).found).toEqual([]);
  });
});

describe("the narrative div in FHIR XML", () => {
  test("a div outside the XHTML namespace is refused at the div (narrative-checks.ts, txt-1)", () => {
    const xml = readExample("cc5-01-new-message.xml").replace('<div xmlns="http://www.w3.org/1999/xhtml"', "<div");
    const { valid, found } = judge({ xml });
    expect(found).toContainEqual({ rule: "txt-1", path: "Bundle.entry[0].resource.ofType(MessageHeader).text.div" });
    expect(valid).toBe(false);
  });
});
