// Issue 11, point 4: reading untrusted XML costs time in proportion to its size, whatever its shape. Each generator
// builds an adversarial body of a given size; the cost on ~1 MB must be about ten times the cost on ~100 KB (a
// super-linear scan is a hundred or a thousand times). The former depth pre-scan was cubic on unclosed tags.
import { describe, test } from "vitest";
import { readFhir } from "../../src/medcom/fhir/index.js";
import { parseXml } from "../../src/medcom/xml.js";
import { expectLinearCost, repeated } from "../support/linear-cost.js";

const FHIR = '<Bundle xmlns="http://hl7.org/fhir">';

const ADVERSARIAL: [string, (size: number) => string][] = [
  ["unclosed tags", (n) => repeated("<a", n)],
  ["unclosed tags with a quote", (n) => repeated('<b "', n, "<a>")],
  ["a '<' run inside an attribute value", (n) => repeated("<a", n, "<r b='")],
  ["unclosed comment openers", (n) => repeated("<!--", n, "<a>")],
  ["unclosed processing instructions", (n) => repeated("<?x", n, "<a>")],
  ["unclosed CDATA openers", (n) => repeated("<![CDATA[", n, "<a>")],
  ["unclosed end tags", (n) => repeated("</b", n, "<a>")],
  ["a long unquoted attribute", (n) => repeated("b", n, "<a ")],
  ["a long attribute value", (n) => repeated("A", n, `${FHIR}<id value="`, '"/></Bundle>')],
  ["a '>' run inside an attribute value", (n) => repeated(">", n, `${FHIR}<id value="`, '"/></Bundle>')],
  ["many attributes", (n) => repeated(' a="1"', n, "<a", "/>")],
  ["many siblings", (n) => repeated("<b/>", n, "<a>", "</a>")],
  ["deep nesting prefix, then text", (n) => repeated("x", n, "<a>".repeat(99))],
  ["nesting just too deep, repeated", (n) => repeated("<a>".repeat(101), n)],
  ["comment runs", (n) => repeated("<!-- x -->", n, "<a>", "</a>")],
  ["processing-instruction runs", (n) => repeated("<?x y?>", n, "<a>", "</a>")],
  ["slashes in a tag", (n) => repeated("/", n, "<a")],
  ["bare ampersands", (n) => repeated("&", n, "<a>", "</a>")],
  ["unfinished entity names", (n) => repeated("&abcdefgh", n, "<a>", "</a>")],
];

describe("the XML reader's cost grows linearly with adversarial input (issue 11, point 4)", () => {
  test.each(ADVERSARIAL)("parseXml: %s", (_name, generate) => {
    expectLinearCost(generate, (body) => parseXml(body));
  });

  test.each(ADVERSARIAL.slice(0, 8))("readFhir: %s", (_name, generate) => {
    expectLinearCost(
      (n) => generate(n).replace(/^/, ""),
      (body) => readFhir(body, "xml"),
    );
  });
});
