// A segment identifier that is not urn:uuid + a lower-case UUID breaks medcom-uuidv4 once, and is reported once
// (issue 13, smaller defect: the slice check and the invariant both reported it).
import { describe, expect, test } from "vitest";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { build, composeFixture } from "../../support/build.js";

describe("the segment identifier's UUID rule", () => {
  test.each(["urn:uuid:NOT-A-UUID", "00000000-0000-4000-8000-000000000008"])(
    "%s is reported exactly once, at the identifier's value",
    (value) => {
      const b = build(composeFixture("new-ppr-to-gp.json"));
      const i = (b.entry ?? []).findIndex((e) => e.resource?.resourceType === "Communication");
      const communication = b.entry?.[i]?.resource as {
        payload: { extension: { url: string; valueIdentifier?: { value?: string } }[] }[];
      };
      const j = communication.payload[0]?.extension.findIndex((e) => e.valueIdentifier !== undefined) ?? -1;
      const identifier = communication.payload[0]?.extension[j]?.valueIdentifier;
      if (!identifier) throw new Error("the composed letter has no segment identifier");
      identifier.value = value;
      const path = `Bundle.entry[${i}].resource.ofType(Communication).payload[0].extension[${j}].valueIdentifier.value`;
      const result = validateMessage(b);
      expect(result.valid).toBe(false);
      expect(result.issues.filter((x) => x.path === path)).toEqual([
        expect.objectContaining({ severity: "error", rule: "medcom-uuidv4", path }),
      ]);
    },
  );
});
