// FHIR R4 primitive formats (datatypes.html): the legal forms pass, the near misses are refused, and hostile input
// costs linear time (the scanners never backtrack).
import { describe, expect, test } from "vitest";
import { formatProblem, textProblem } from "../../../src/medcom/validate/primitive-formats.js";

const VALID: [string, string | number | boolean][] = [
  ["date", "2024"],
  ["date", "2024-02"],
  ["date", "2024-02-29"],
  ["date", "2000-02-29"],
  ["date", "0001-01-01"],
  ["dateTime", "2024"],
  ["dateTime", "2024-05"],
  ["dateTime", "2024-05-03"],
  ["dateTime", "2024-05-03T10:00:00+02:00"],
  ["dateTime", "2024-05-03T10:00:00.123Z"],
  ["dateTime", "2016-12-31T23:59:60Z"],
  ["dateTime", "2024-05-03T10:00:00-12:00"],
  ["dateTime", "2024-05-03T10:00:00+14:00"],
  ["instant", "2024-05-03T10:00:00Z"],
  ["instant", "2024-05-03T10:00:00.5+01:00"],
  ["time", "00:00:00"],
  ["time", "23:59:59.999"],
  ["integer", 0],
  ["integer", -2147483648],
  ["integer", 2147483647],
  ["integer", -0],
  ["unsignedInt", 0],
  ["positiveInt", 1],
  ["decimal", 1.5],
  ["decimal", -0],
  ["decimal", 1e300],
  ["boolean", true],
  ["base64Binary", "SGVsbG8="],
  ["base64Binary", "SGVs bG8h\nSGk="],
  ["base64Binary", "a+/A"],
  ["id", "a-B.9"],
  ["id", "x".repeat(64)],
  ["uri", "urn:uuid:0c4b5f1e-aa44-4d2e-9a1b-1b1b1b1b1b1b"],
  ["uri", "http://example.org/a?b=c#d"],
  ["url", "https://example.org/x"],
  ["canonical", "http://medcomfhir.dk/ig/x|5.0.0"],
  ["oid", "urn:oid:1.2.208.176.1.2"],
  ["oid", "urn:oid:2.0"],
  ["uuid", "urn:uuid:0c4b5f1e-aa44-4d2e-9a1b-1b1b1b1b1b1b"],
  ["code", "a"],
  ["code", "two words"],
  ["string", "line\nbreak\ttab\r"],
  ["string", "  leading and trailing  "],
  ["markdown", "# Title\n\n* item"],
];

const INVALID: [string, string | number | boolean][] = [
  ["date", "2023-02-29"],
  ["date", "2023-02-30"],
  ["date", "1900-02-29"],
  ["date", "2024-04-31"],
  ["date", "2024-13"],
  ["date", "2024-00"],
  ["date", "0000"],
  ["date", "24-01-01"],
  ["date", "2024-1-01"],
  ["date", "2024-01-01T10:00:00Z"],
  ["dateTime", "2024-05-03T10:00Z"],
  ["dateTime", "2024-05-03T24:00:00Z"],
  ["dateTime", "2024-05-03T10:60:00Z"],
  ["dateTime", "2024-05-03T10:00:61Z"],
  ["dateTime", "2024-05-03T10:00:00.Z"],
  ["dateTime", "2024-05-03T10:00:00+14:30"],
  ["dateTime", "2024-05-03T10:00:00+0100"],
  ["dateTime", "2024-05T10:00:00Z"],
  ["dateTime", "2024-05-03 10:00:00Z"],
  ["instant", "2024-05-03"],
  ["instant", "2024"],
  ["instant", "2024-05-03T10:00+01:00"],
  ["instant", "2024-02-30T10:00:00Z"],
  ["time", "24:00:00"],
  ["time", "10:00"],
  ["time", "10:00:00Z"],
  ["integer", 1.5],
  ["integer", 2147483648],
  ["integer", -2147483649],
  ["unsignedInt", -1],
  ["positiveInt", 0],
  ["decimal", Number.NaN],
  ["decimal", Number.POSITIVE_INFINITY],
  ["base64Binary", "abc"],
  ["base64Binary", "ab=c"],
  ["base64Binary", "a==="],
  ["base64Binary", "ab_-"],
  ["id", "a b"],
  ["id", "x".repeat(65)],
  ["id", "a_b"],
  ["uri", "has space"],
  ["url", "https://example.org/a\tb"],
  ["canonical", "http://x/\ny"],
  ["oid", "urn:oid:3.1"],
  ["oid", "urn:oid:1.02"],
  ["oid", "urn:oid:1"],
  ["oid", "1.2.3"],
  ["uuid", "urn:uuid:0C4B5F1E-AA44-4D2E-9A1B-1B1B1B1B1B1B"],
  ["uuid", "0c4b5f1e-aa44-4d2e-9a1b-1b1b1b1b1b1b"],
  ["code", " a"],
  ["code", "a "],
  ["code", "a  b"],
  ["code", "a\n\nb"],
  ["string", "bell\u0007"],
  ["string", "nul\u0000"],
  ["markdown", "esc\u001b[31m"],
];

/** XML's lexical forms of the number and boolean types (FHIR XML keeps them as text where JSON would lose them). */
const XML_VALID: [string, string][] = [
  ["decimal", "1.50"],
  ["decimal", "-0"],
  ["decimal", "0.0"],
  ["decimal", "1E3"],
  ["integer", "-0"],
  ["positiveInt", "+5"],
  ["boolean", "true"],
];
const XML_INVALID: [string, string][] = [
  ["decimal", "1."],
  ["decimal", ".5"],
  ["decimal", "01.5"],
  ["decimal", "+1.5"],
  ["integer", "007"],
  ["integer", "+1"],
  ["integer", "1.0"],
  ["unsignedInt", "-0"],
  ["unsignedInt", "+1"],
  ["positiveInt", "0"],
  ["positiveInt", "+0"],
  ["positiveInt", "2147483648"],
  ["boolean", "True"],
  ["boolean", "1"],
];

describe("FHIR R4 primitive formats", () => {
  test.each(VALID)("%s %j is legal", (type, value) => {
    expect(formatProblem(type, value)).toBeUndefined();
  });

  test.each(INVALID)("%s %j is refused", (type, value) => {
    expect(formatProblem(type, value)).toMatch(/\.$/);
  });

  test.each(XML_VALID)("XML %s %j is legal", (type, value) => {
    expect(textProblem(type, value)).toBeUndefined();
  });

  test.each(XML_INVALID)("XML %s %j is refused", (type, value) => {
    expect(textProblem(type, value)).toMatch(/\.$/);
  });

  test("a time without a zone is left to medcom-timestamp-timezone (one issue per fault)", () => {
    expect(formatProblem("dateTime", "2024-05-03T10:00:00")).toBeUndefined();
  });

  test("a string or markdown over 1 MB (1024 × 1024 characters, FHIR R4) is refused; one at the limit is not", () => {
    expect(textProblem("string", "a".repeat(1024 * 1024))).toBeUndefined();
    expect(textProblem("string", "a".repeat(1024 * 1024 + 1))).toMatch(/at most 1 MB/);
    expect(textProblem("markdown", "a".repeat(10_000_000))).toMatch(/at most 1 MB/);
  });

  test("hostile lengths cost linear time", () => {
    const long = "1".repeat(2_000_000);
    const start = performance.now();
    for (const type of ["decimal", "integer", "code", "base64Binary", "oid", "dateTime", "uri", "string"])
      textProblem(type, long);
    textProblem("code", "a ".repeat(1_000_000));
    textProblem("oid", `urn:oid:1${".1".repeat(1_000_000)}`);
    expect(performance.now() - start).toBeLessThan(2_000);
  });
});
