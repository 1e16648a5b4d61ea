// Issue 13, "Regional rules": finding the configured words in a letter's labels costs time in proportion to the
// text, whatever its shape — near-misses of every word, long words, many "§", non-ASCII letters, a decomposed å —
// with the default lists and with a list of the longest words allowed.
import { describe, test } from "vitest";
import { DEFAULT_REGIONAL_POLICY } from "../../src/config/regional.js";
import { compileWords, MAX_WORD_LENGTH } from "../../src/regional/word-match.js";
import { expectLinearCost, repeated } from "../support/linear-cost.js";

const LONGEST = `${"a".repeat(MAX_WORD_LENGTH - 1)}b`;
const matchers = [
  compileWords([...DEFAULT_REGIONAL_POLICY.reportOfConcern.words, ...DEFAULT_REGIONAL_POLICY.acuteLetters.words]),
  compileWords([LONGEST, "a a a a a a a a a a a a b", `${"a".repeat(30)}*`, "§ 1 2 3 4"]),
];

const ADVERSARIAL: [string, (size: number) => string][] = [
  ["one long word", (n) => repeated("a", n, "", "")],
  ["near-misses of a long word", (n) => repeated(`${"a".repeat(MAX_WORD_LENGTH - 1)}c `, n, "", "")],
  ["near-misses of a phrase", (n) => repeated("a ", n, "", " c")],
  ["many §", (n) => repeated("§", n, "", "")],
  ["near-misses of § 133", (n) => repeated("§ 13 ", n, "", "")],
  ["near-misses of underretning", (n) => repeated("underretnin-", n, "", "")],
  ["Danish letters", (n) => repeated("æøå ÆØÅ ", n, "", "")],
  ["decomposed å", (n) => repeated("a\u030A", n, "", "")],
  ["separators only", (n) => repeated(" .,;-()", n, "", "")],
];

describe("the regional word matcher's cost grows linearly", () => {
  test.each(ADVERSARIAL)("%s", (_name, generate) => {
    expectLinearCost(generate, (text) => matchers.map((m) => m.firstMatch(text)));
  });
});
