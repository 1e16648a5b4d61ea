// Issue 13: the single-pass reader (src/medcom/xml-reader.ts) must stay linear on the shapes a naive one-pass reader
// gets quadratic: searches for '&' or '<' that run past the construct being read (to a far '&' or '<' at the end),
// and a uniqueness check of attributes that compares each with all before it.
import { describe, test } from "vitest";
import { readXml } from "../../src/medcom/xml-reader.js";
import { expectLinearCost, repeated } from "../support/linear-cost.js";

const IGNORE = { start() {}, end() {}, text() {} };
const read = (text: string) => readXml(text, IGNORE, 100);

const ADVERSARIAL: [string, (size: number) => string][] = [
  ["many text segments, one reference at the end", (n) => repeated("x<b/>", n, "<a>", "&amp;</a>")],
  ["many attribute values, one reference at the end", (n) => repeated(' b="x"', n, "<a><c", "/>&amp;</a>")],
  ["many attributes, then a far '<'", (n) => `<a>${repeated("<c b='x'/>", n)}<d/></a>`],
  [
    "many distinct attributes on one tag",
    (n) => `<a${Array.from({ length: Math.ceil(n / 10) }, (_, i) => ` b${i}="x"`).join("")}/>`,
  ],
  ["many CDATA sections", (n) => repeated("<![CDATA[x]]>", n, "<a>", "</a>")],
  ["many comments between texts", (n) => repeated("x<!--c-->", n, "<a>", "</a>")],
  ["many character references", (n) => repeated("&#x41;&#66;", n, "<a>", "</a>")],
  ["an unterminated reference name", (n) => repeated("a", n, "<a>&", "</a>")],
  ["many end tags closing nothing", (n) => repeated("</b>", n, "<a>")],
];

describe("the single-pass XML reader's cost grows linearly (issue 13, keeping issue 11, point 4)", () => {
  test.each(ADVERSARIAL)("%s", (_name, generate) => {
    expectLinearCost(generate, read);
  });
});
