// The project's hostile XML cases (XXE, billion laughs, deep nesting, bad UTF-8 …) are refused by the OIOXML reader
// as by the FHIR reader: the same hardened parser, no blow-up. The last case is a FHIR-specific refusal; here it is
// "not an Emessage".
import { describe, expect, test } from "vitest";
import { readOioxml, sniffOioxml } from "../../../src/medcom/oioxml/index.js";
import { hostileXmlCases } from "../../../test-fixtures/hostile-xml/cases.js";
import { cpuMicros, MAX_RATIO } from "../../support/linear-cost.js";

describe("hostile XML is refused by readOioxml with a clear error", () => {
  test.each(hostileXmlCases.map((c) => [c.name, c] as const))("%s", (_name, hostile) => {
    const result = readOioxml(hostile.body);
    expect(result.ok).toBe(false);
    const expected = hostile.code === "fhir-xml-structure" ? "oioxml-root" : hostile.code;
    expect(result.issues[0]?.code).toBe(expected);
    expect(sniffOioxml(hostile.body)).toBe(false);
    const size = typeof hostile.body === "string" ? hostile.body.length : hostile.body.byteLength;
    const plain = `<Emessage xmlns="urn:x"><x>${"b".repeat(Math.max(0, size - 50))}</x></Emessage>`;
    const hostileCost = cpuMicros(() => readOioxml(hostile.body));
    const plainCost = cpuMicros(() => readOioxml(plain));
    expect(hostileCost / Math.max(plainCost, 5_000)).toBeLessThan(MAX_RATIO);
  });
});
