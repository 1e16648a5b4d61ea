// A refused message's issues as the acknowledgement's issues: where, what and which rule — the rule once, not again
// when it is named like the issue's code (the acknowledgement builder adds the code itself; found in an XCTL02's
// RefuseText that read "… (fhir-primitive-format) (fhir-primitive-format)").
import { describe, expect, it } from "vitest";
import { refusalIssues } from "../../../src/usecases/steps/refusal-acknowledgement.js";
import { error, warning } from "../../../src/util/issues.js";

describe("refusalIssues", () => {
  it("says path, message and a rule that is not the code; drops warnings", () => {
    expect(
      refusalIssues([
        error("invariant", "Bundle.entry[0]", "Broken.", "medcom-careCommunication-5"),
        error("fhir-primitive-format", "Bundle.x", "Too long.", "fhir-primitive-format"),
        error("cardinality-min", "", "Missing."),
        warning("w", "Bundle.y", "Only a warning."),
      ]),
    ).toEqual([
      { code: "invariant", message: "Bundle.entry[0]: Broken. (medcom-careCommunication-5)" },
      { code: "fhir-primitive-format", message: "Bundle.x: Too long." },
      { code: "cardinality-min", message: "Missing." },
    ]);
  });
});
