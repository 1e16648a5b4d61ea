// Issue 13, "Regional rules": both rules are policy in the configuration — on by default with a sensible word list,
// word lists editable, an off switch — and a bad list is a startup error naming its key.
import { describe, expect, test } from "vitest";
import { DEFAULT_REGIONAL_POLICY } from "../../../src/config/regional.js";
import { parseGatewayConfig } from "../../../src/config/schema.js";
import { compileRegionalRules, regionalFindings } from "../../../src/regional/rules.js";

const withPolicy = (policy: unknown) => parseGatewayConfig({ locations: [], clients: [], policy });

describe("regional rules in the configuration", () => {
  test("on by default, with the default word lists", () => {
    for (const result of [parseGatewayConfig({ locations: [], clients: [] }), withPolicy({ ackTimeoutMinutes: 5 })]) {
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.value.regional).toEqual(DEFAULT_REGIONAL_POLICY);
    }
    const rules = compileRegionalRules(DEFAULT_REGIONAL_POLICY);
    const found = (text: string) => regionalFindings([{ text, path: "/topic" }], rules).map((f) => f.rule);
    expect(found("Underretning")).toEqual(["report-of-concern"]);
    expect(found("Bekymringsunderretningen")).toEqual(["report-of-concern"]);
    expect(found("Barnets Lov §133")).toEqual(["report-of-concern"]);
    expect(found("Serviceloven § 153")).toEqual(["report-of-concern"]);
    expect(found("Haster")).toEqual(["acute-letter"]);
    expect(found("akut")).toEqual(["acute-letter"]);
    expect(found("Skolevægring")).toEqual([]);
  });

  test("edited word lists replace the defaults; the off switch turns a rule off", () => {
    const result = withPolicy({
      reportOfConcern: { words: ["bekymring*"] },
      acuteLetters: { enabled: false, words: ["straks"] },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.regional).toEqual({
      reportOfConcern: { enabled: true, words: ["bekymring*"] },
      acuteLetters: { enabled: false, words: ["straks"] },
    });
    const rules = compileRegionalRules(result.value.regional);
    const found = (text: string) => regionalFindings([{ text, path: "/topic" }], rules).map((f) => f.rule);
    expect(found("Bekymringer om Bruno")).toEqual(["report-of-concern"]);
    expect(found("Underretning")).toEqual([]);
    expect(found("Straks, akut")).toEqual([]);
  });

  test("bad lists are startup errors naming their key, all at once", () => {
    const result = withPolicy({
      reportOfConcern: { enabled: "yes", words: ["ok", "", 7, "a*b", "x".repeat(65)], colour: "red" },
      acuteLetters: { words: [] },
    });
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => i.path).sort()).toEqual(
      [
        "/policy/acuteLetters/words",
        "/policy/reportOfConcern/colour",
        "/policy/reportOfConcern/enabled",
        "/policy/reportOfConcern/words/1",
        "/policy/reportOfConcern/words/2",
        "/policy/reportOfConcern/words/3",
        "/policy/reportOfConcern/words/4",
      ].sort(),
    );
    expect(withPolicy({ acuteLetters: ["akut"] }).issues.map((i) => i.path)).toEqual(["/policy/acuteLetters"]);
    // An empty list is fine while the rule is off.
    expect(withPolicy({ acuteLetters: { enabled: false, words: [] } }).ok).toBe(true);
  });
});
