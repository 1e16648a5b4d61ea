import { describe, expect, test } from "vitest";
import { readFhir, writeFhirJson, writeFhirXml } from "../../../src/medcom/fhir/index.js";
import type { Bundle, Resource } from "../../../src/medcom/model/index.js";
import { fhirExampleNames, readExampleBytes } from "../../support/shared.js";

const formatOf = (name: string) => (name.endsWith(".json") ? "json" : "xml");

function read(input: string | Uint8Array, format: "xml" | "json"): Resource {
  const result = readFhir(input, format);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

/** Every leaf of a JSON value as `path = value`, so two models can be compared element by element. */
function leaves(value: unknown, path = "", out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) leaves(v, `${path}.${k}`, out);
  } else out.push(`${path} = ${JSON.stringify(value)}`);
  return out;
}

describe("round trips keep every element and value", () => {
  test.each(fhirExampleNames())("%s → model → XML → model", (name) => {
    const model = read(readExampleBytes(name), formatOf(name));
    const again = read(writeFhirXml(model), "xml");
    expect(leaves(again)).toEqual(leaves(model));
  });

  test.each(fhirExampleNames())("%s → model → JSON → model", (name) => {
    const model = read(readExampleBytes(name), formatOf(name));
    expect(leaves(read(writeFhirJson(model), "json"))).toEqual(leaves(model));
  });

  test("XML written from the model has every value the source XML had", () => {
    const source = new TextDecoder().decode(readExampleBytes("cc5-01-new-message.xml"));
    const written = writeFhirXml(read(source, "xml"));
    const values = (xml: string) => [...xml.matchAll(/value="([^"]*)"/g)].map((m) => m[1]).sort();
    expect(values(written)).toEqual(values(source));
  });
});

describe("the model", () => {
  test("XML and JSON copies of the same message read into the same model (R-Tek-K JSON vs R-Tek-L XML)", () => {
    const k = read(readExampleBytes("test-R-Tek-K-duplicate-pair-1.json"), "json") as Bundle;
    const l = read(readExampleBytes("test-R-Tek-L-duplicate-pair-2-same-MessageHeader-id.xml"), "xml") as Bundle;
    const focus = (b: Bundle) => b.entry?.find((e) => e.resource?.resourceType === "Communication")?.resource;
    const header = (b: Bundle) => b.entry?.[0]?.resource;
    expect(header(l)?.id).toBe(header(k)?.id);
    expect(leaves(focus(l)).filter((x) => !x.startsWith(".text"))).toEqual(
      leaves(focus(k)).filter((x) => !x.startsWith(".text")),
    );
  });

  test("a CPR keeps its leading zero and an eCPR its letters", () => {
    const xml = patientXml(
      `<identifier><system value="urn:oid:1.2.208.176.1.2"/><value value="0101011234"/></identifier>`,
    );
    expect(JSON.stringify(read(xml, "xml"))).toContain('"value":"0101011234"');
  });

  test("&#xA; in a value becomes a line break in the model and is written back as &#xA;", () => {
    const xml = patientXml(`<name><family value="Elmer&#xA;Test"/></name>`);
    const model = read(xml, "xml") as { name?: { family?: string }[] };
    expect(model.name?.[0]?.family).toBe("Elmer\nTest");
    expect(writeFhirXml(model as Resource)).toContain('<family value="Elmer&#xA;Test"/>');
  });

  test("unknown elements and unknown resource types survive a round trip (R-Tek-C)", () => {
    const xml = `<Bundle xmlns="http://hl7.org/fhir"><id value="b1"/><type value="message"/>
      <entry><resource><Patient><id value="p1"/><foo value="x"/><foo value="y"/><bar><baz value="1"/></bar></Patient></resource></entry>
      <entry><resource><Observation><id value="o1"/><status value="final"/></Observation></resource></entry></Bundle>`;
    const model = read(xml, "xml");
    const again = read(writeFhirXml(model), "xml");
    expect(again).toEqual(model);
    expect(JSON.stringify(model)).toContain('"foo":["x","y"]');
    expect(JSON.stringify(model)).toContain('"resourceType":"Observation"');
  });

  test("repeating elements are arrays even with one item; primitives are typed", () => {
    const model = read(readExampleBytes("cc5-02-reply-with-pdf-attachment.xml"), "xml") as Bundle;
    const communication = model.entry?.find((e) => e.resource?.resourceType === "Communication")?.resource as {
      identifier: unknown[];
      payload: { contentAttachment?: { size?: unknown } }[];
    };
    expect(Array.isArray(communication.identifier)).toBe(true);
    expect(Array.isArray(model.entry)).toBe(true);
  });
});

function patientXml(inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Patient xmlns="http://hl7.org/fhir"><id value="p"/>${inner}</Patient>`;
}
