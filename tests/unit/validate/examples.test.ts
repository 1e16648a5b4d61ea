import { describe, expect, test } from "vitest";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { readExampleBundle } from "../../support/messages.js";
import { fhirExampleNames } from "../../support/shared.js";

const INVALID_BY_DESIGN = "test-R-Tek-M-invalid-category-without-code.json";

describe("the official MedCom examples are judged as MedCom intends", () => {
  test.each(fhirExampleNames().filter((n) => n !== INVALID_BY_DESIGN))("%s is valid", (name) => {
    const result = validateMessage(readExampleBundle(name));
    expect(result.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.type).toBe(name.startsWith("ack2") ? "Acknowledgement" : "CareCommunication");
  });

  test("R-Tek-M (category coding without code) is invalid, with the issue at the category coding", () => {
    const result = validateMessage(readExampleBundle(INVALID_BY_DESIGN));
    expect(result.valid).toBe(false);
    const paths = result.issues.filter((i) => i.severity === "error").map((i) => i.path);
    expect(paths).toContain("Bundle.entry[2].resource.ofType(Communication).category[0].coding[0].code");
    expect(
      paths.every((p) => p.startsWith("Bundle.entry[2].resource.ofType(Communication).category[0].coding[0]")),
    ).toBe(true);
  });

  test("both duplicate test cases (R-Tek-K JSON, R-Tek-L XML) are valid and share the MessageHeader.id", () => {
    const k = readExampleBundle("test-R-Tek-K-duplicate-pair-1.json");
    const l = readExampleBundle("test-R-Tek-L-duplicate-pair-2-same-MessageHeader-id.xml");
    expect(validateMessage(k).valid && validateMessage(l).valid).toBe(true);
    expect(k.entry?.[0]?.resource?.id).toBe(l.entry?.[0]?.resource?.id);
    expect(k.id).not.toBe(l.id);
  });

  test("every issue has the contract's shape", () => {
    const result = validateMessage(readExampleBundle(INVALID_BY_DESIGN));
    for (const issue of result.issues) {
      expect(Object.keys(issue).sort()).toEqual(["code", "message", "path", "rule", "severity"]);
      expect(issue.message).toMatch(/\.$/);
    }
  });
});
