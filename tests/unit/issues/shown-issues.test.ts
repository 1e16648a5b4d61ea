// Issue 11 sweep: an issue leaving the gateway is bounded and free of control characters, whatever wrote it.
import { describe, expect, it } from "vitest";
import { boundedText, shownIssue, MAX_SHOWN_PATH } from "../../../src/medcom/shown-issues.js";

describe("issues as shown outside", () => {
  it("keeps ordinary paths and Danish sentences as they are", () => {
    const issue = {
      severity: "error" as const,
      code: "x",
      path: "Bundle.entry[0].resource",
      message: "Lægen må svare – tak.",
    };
    expect(shownIssue(issue)).toEqual(issue);
  });

  it("cuts a long path and says how long it was", () => {
    const shown = shownIssue({ severity: "error", code: "x", path: "m".repeat(1_000_000), message: "m" });
    expect(shown.path.length).toBeLessThan(MAX_SHOWN_PATH + 40);
    expect(shown.path).toContain("(1000000 characters)");
  });

  it("escapes line breaks, NUL, C1 controls, line separators and bidi overrides", () => {
    expect(boundedText("a\r\nb\u0000c\u0085d\u2028e\u202ef", 100)).toBe(
      "a\\u000d\\u000ab\\u0000c\\u0085d\\u2028e\\u202ef",
    );
  });
});
