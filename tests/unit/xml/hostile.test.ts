import { describe, expect, test } from "vitest";
import { readFhir } from "../../../src/medcom/fhir/index.js";
import { hostileXmlCases } from "../../../test-fixtures/hostile-xml/cases.js";
import { cpuMicros, MAX_RATIO } from "../../support/linear-cost.js";

describe("hostile XML is refused with a clear error, without crashing", () => {
  test.each(hostileXmlCases.map((c) => [c.name, c] as const))("%s", (_name, hostile) => {
    const result = readFhir(hostile.body, "xml");
    expect(result.ok).toBe(false);
    expect(result.issues[0]?.code).toBe(hostile.code);
    expect(result.issues[0]?.message.length).toBeGreaterThan(10);
    // Not a speed test (the bench measures speed): this only catches pathological blow-ups such as expansion. A ratio
    // to a plain body of the same size, not an absolute time (a 2 s limit was flaky on a busy machine).
    const size = typeof hostile.body === "string" ? hostile.body.length : hostile.body.byteLength;
    const plain = `<Bundle xmlns="http://hl7.org/fhir"><x>${"b".repeat(Math.max(0, size - 50))}</x></Bundle>`;
    const hostileCost = cpuMicros(() => readFhir(hostile.body, "xml"));
    const plainCost = cpuMicros(() => readFhir(plain, "xml"));
    expect(hostileCost / Math.max(plainCost, 5_000)).toBeLessThan(MAX_RATIO);
  });

  test("errors carry line and column", () => {
    const result = readFhir('<Bundle xmlns="http://hl7.org/fhir">\n  <id value="x">\n</Bundle>', "xml");
    expect(result.ok).toBe(false);
    expect(result.issues[0]?.path).toMatch(/^line \d+, column \d+$/);
  });

  test("JSON with a __proto__ key is refused", () => {
    const result = readFhir('{"resourceType":"Bundle","__proto__":{"polluted":true}}', "json");
    expect(result.ok).toBe(false);
    expect(result.issues[0]?.code).toBe("json-syntax");
    expect(result.issues[0]?.message).toContain('the key "__proto__" is not allowed');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
