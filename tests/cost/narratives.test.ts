// Issue 11, points 4 and 6: checking a narrative costs time in proportion to its size, whatever its shape (the
// former check ran text patterns over the div; one stored narrative cost ~1 s on every delivery or fetch).
import { describe, test } from "vitest";
import { narrativeProblems } from "../../src/medcom/validate/narrative-checks.js";
import { expectLinearCost, repeated } from "../support/linear-cost.js";

const OPEN = '<div xmlns="http://www.w3.org/1999/xhtml">';
const CLOSE = "</div>";

const ADVERSARIAL: [string, (size: number) => string][] = [
  ["many paragraphs", (n) => repeated("<p>tekst</p>", n, OPEN, CLOSE)],
  ["a long text", (n) => repeated("javascript: on= ", n, `${OPEN}<p>`, `</p>${CLOSE}`)],
  ["a long link", (n) => repeated("a", n, `${OPEN}<a href="https://example.org/`, `">x</a>${CLOSE}`)],
  ["a long link of controls and colons", (n) => repeated("&#x9;:", n, `${OPEN}<a href="`, `">x</a>${CLOSE}`)],
  ["a long style", (n) => repeated("color:red;", n, `${OPEN}<p style="`, `">x</p>${CLOSE}`)],
  ["a long style of almost-url(", (n) => repeated("ur l( ", n, `${OPEN}<p style="`, `">x</p>${CLOSE}`)],
  ["many forbidden elements", (n) => repeated("<script/>", n, OPEN, CLOSE)],
  ["many event attributes", (n) => repeated(' onclick="x"', n, `${OPEN}<p`, `>x</p>${CLOSE}`)],
  [
    "many nested spans at the depth limit",
    (n) => repeated(`${"<span>".repeat(90)}x${"</span>".repeat(90)}`, n, OPEN, CLOSE),
  ],
];

describe("the narrative check's cost grows linearly (issue 11, points 4 and 6)", () => {
  test.each(ADVERSARIAL)("%s", (_name, generate) => {
    expectLinearCost(generate, (div) => narrativeProblems(div));
  });
});
