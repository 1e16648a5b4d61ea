// The regional rules' word matcher: whole words, case-insensitive, Danish letters, "§ 133" = "§133", an optional
// trailing * for a prefix. Its cost on hostile input: tests/cost/regional-words.test.ts.
import { describe, expect, test } from "vitest";
import { compileWords, matchingForm, wordProblem } from "../../../src/regional/word-match.js";

describe("matching configured words in free text", () => {
  const concern = compileWords(["underretning*", "bekymringsunderretning*", "§ 133", "§153"]);
  const acute = compileWords(["akut", "akutte", "haster", "hastende"]);

  test.each([
    ["Underretning vedr. Bruno", "underretning*"],
    ["UNDERRETNINGEN om Bruno", "underretning*"],
    ["Bekymrings-underretning", "underretning*"],
    ["Bekymringsunderretning", "bekymringsunderretning*"],
    ["Jf. Barnets Lov §133", "§ 133"],
    ["jf. barnets lov § 133, stk. 2", "§ 133"],
    ["Serviceloven (§ 153)", "§153"],
    ["Serviceloven §§ 153", "§153"],
  ])("%s → %s", (text, word) => {
    expect(concern.firstMatch(text)).toBe(word);
  });

  test.each(["Skolevægring", "§ 1330", "§ 13", "Retning og underret", "Underretnin", ""])("%s → nothing", (text) => {
    expect(concern.firstMatch(text)).toBeUndefined();
  });

  test("a word with a trailing * is a prefix; without, a whole word", () => {
    expect(concern.firstMatch("Underretningspligten er opfyldt")).toBe("underretning*");
    expect(compileWords(["underretning"]).firstMatch("Underretningspligten er opfyldt")).toBeUndefined();
    expect(compileWords(["underretning"]).firstMatch("Ny underretning.")).toBe("underretning");
  });

  test("whole words only, Danish letters are letters", () => {
    expect(acute.firstMatch("AKUT: ring venligst")).toBe("akut");
    expect(acute.firstMatch("Det haster!")).toBe("haster");
    expect(acute.firstMatch("Akutmodtagelsen har skrevet")).toBeUndefined();
    expect(acute.firstMatch("akutæble")).toBeUndefined();
    expect(acute.firstMatch("æakut")).toBeUndefined();
    expect(acute.firstMatch("Behandling — akutte forhold")).toBe("akutte");
    expect(compileWords(["skolevægring"]).firstMatch("SKOLEVÆGRING")).toBe("skolevægring");
    // Decomposed å (a + combining ring) is the same letter as å.
    expect(compileWords(["hjælp på åstedet"]).firstMatch("Hjælp på a\u030Astedet")).toBe("hjælp på åstedet");
  });

  test("the matching form", () => {
    expect(matchingForm("  Jf. §133, stk. 2 ")).toBe(" jf § 133 stk 2 ");
    expect(matchingForm("")).toBe(" ");
  });

  test("unusable words are named", () => {
    expect(wordProblem("")).toBeDefined();
    expect(wordProblem("§")).toBeDefined();
    expect(wordProblem("!!")).toBeDefined();
    expect(wordProblem("a*b")).toBeDefined();
    expect(wordProblem("x".repeat(65))).toBeDefined();
    expect(wordProblem("underretning*")).toBeUndefined();
    expect(wordProblem("§ 133")).toBeUndefined();
  });
});
