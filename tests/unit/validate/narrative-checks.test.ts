// Issue 11, point 6: narratives are checked against FHIR's allow-list on the parsed XHTML. Every bypass in the
// hostile corpus is refused, from FHIR JSON (the div as a string) and from FHIR XML (the div as elements); plain
// text that mentions "javascript:" is accepted, and so is the gateway's own narrative that quotes it.
import { describe, expect, test } from "vitest";
import { readFhir, writeFhirXml } from "../../../src/medcom/fhir/index.js";
import type { Bundle } from "../../../src/medcom/model/index.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { narrativeProblems } from "../../../src/medcom/validate/narrative-checks.js";
import { parseXml } from "../../../src/medcom/xml.js";
import { acceptedNarratives, refusedNarratives } from "../../../test-fixtures/hostile/text.js";
import { build, composeFixture } from "../../support/build.js";

const narrativeIssues = (bundle: Bundle) =>
  validateMessage(bundle).issues.filter((i) => i.severity === "error" && i.path.endsWith(".text.div"));

/** A valid composed letter whose Communication narrative is replaced by `div`. */
function letterWith(div: string): Bundle {
  const bundle = build(composeFixture("new-ppr-to-gp.json"));
  const communication = bundle.entry?.find((e) => e.resource?.resourceType === "Communication")?.resource;
  (communication as { text: { div: string } }).text.div = div;
  return bundle;
}

describe("narratives against FHIR's allow-list (issue 11, point 6)", () => {
  test.each(refusedNarratives)("refused: %s", (_name, div) => {
    expect(narrativeProblems(div).problems.length).toBeGreaterThan(0);
    expect(narrativeIssues(letterWith(div)).length).toBeGreaterThan(0);
  });

  test.each(acceptedNarratives)("accepted: %s", (_name, div) => {
    expect(narrativeProblems(div).problems).toEqual([]);
    expect(narrativeIssues(letterWith(div))).toEqual([]);
  });

  // (A div that is not a well-formed <div> cannot be written as FHIR XML: the writer puts a placeholder instead.)
  const writable = refusedNarratives.filter(([, div]) => {
    const parsed = parseXml(div);
    return parsed.ok && parsed.value.name === "div";
  });
  test.each(writable)("refused the same way when the message arrives as FHIR XML: %s", (_name, div) => {
    const xml = writeFhirXml(letterWith(div));
    const read = readFhir(xml, "xml");
    // Either the XML reader refuses it, or the validator does: it never passes.
    const refusedBy = read.ok ? (narrativeIssues(read.value as Bundle).length > 0 ? "validator" : "nobody") : "reader";
    expect(refusedBy).not.toBe("nobody");
  });

  test("a composed letter whose text says javascript: alert(1) is valid, and the words stay text", () => {
    const bundle = build(
      composeFixture("new-ppr-to-gp.json", { text: "Klik ikke: javascript: alert(1) <script>alert(2)</script>" }),
    );
    const result = validateMessage(bundle);
    expect(result.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(result.valid).toBe(true);
    const xml = writeFhirXml(bundle);
    expect(xml).toContain("javascript: alert(1) &lt;script&gt;alert(2)&lt;/script&gt;");
    expect(xml).not.toContain("<script>");
  });

  test("a hostile narrative gives a bounded number of problems, with short names", () => {
    const many = Array.from({ length: 1000 }, (_, i) => `<x${"y".repeat(200)}${i}/>`).join("");
    const { problems } = narrativeProblems(`<div xmlns="http://www.w3.org/1999/xhtml">${many}</div>`);
    expect(problems.length).toBeLessThanOrEqual(10);
    for (const p of problems) expect(p.message.length).toBeLessThan(300);
  });
});
