// The writer's output is valid against MedCom's XSDs (xmllint, a second opinion) and reads back to the same model:
// every example re-written, and hand-made documents that use every optional field.
import { describe, expect, test } from "vitest";
import {
  checkOioxml,
  type OioxmlDocument,
  OioNamespace,
  readOioxml,
  writeOioxml,
} from "../../../src/medcom/oioxml/index.js";
import { emessageXsd, isFhirExample, legacyExamples } from "../../support/legacy-examples.js";
import {
  fullXbin01,
  fullXdis91,
  minimalXdis91,
  patientXbin01,
  xctl01,
  xctl02,
  xctl03,
} from "../../support/oioxml-documents.js";
import { xmllintValidate } from "../../support/xmllint.js";

const schemaFor = (doc: OioxmlDocument): string =>
  doc.kind === "xdis91" ? emessageXsd.xdis91 : doc.kind === "xbin01" ? emessageXsd.xbin01 : emessageXsd.xctl;

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("latin1");

function expectValidRoundTrip(doc: OioxmlDocument): Uint8Array {
  const bytes = writeOioxml(doc);
  const lint = xmllintValidate(bytes, schemaFor(doc));
  expect(lint.output).toBe("");
  expect(lint.valid).toBe(true);
  const again = readOioxml(bytes);
  expect(again.ok ? again.value : again.issues).toEqual(doc);
  expect(again.issues).toEqual([]);
  return bytes;
}

describe("every example, re-written, is valid and reads back the same", () => {
  const oioxml = legacyExamples().filter((e) => !isFhirExample(e.name));
  test.each(oioxml.map((e) => [e.name, e] as const))("%s", (_name, example) => {
    const read = readOioxml(example.bytes);
    if (!read.ok) throw new Error(JSON.stringify(read.issues));
    expectValidRoundTrip(read.value);
  });
});

describe("hand-made documents with every optional field", () => {
  test.each([
    ["XDIS91, all optional fields, URL/SUP/BIN references", fullXdis91],
    ["XDIS91, no optional field, replacement CPR", minimalXdis91],
    ["XBIN01 with SystemInformation and Contents, two objects, an empty post code (2012 set)", fullXbin01],
    ["XBIN01 with a patient", patientXbin01],
    ["XCTL03 with two receipted letters", xctl03],
    ["XCTL02 with envelope- and letter-level refusals", xctl02],
    ["XCTL01", xctl01],
  ] as const)("%s", (_name, doc) => {
    expectValidRoundTrip(doc);
  });
});

describe("what the writer writes", () => {
  const text = latin1(writeOioxml(fullXdis91));

  test("ISO-8859-1 with its declaration, the default namespace and no prefixes", () => {
    expect(text.startsWith('<?xml version="1.0" encoding="ISO-8859-1"?>\n<Emessage xmlns="')).toBe(true);
    expect(text).toContain(`<Emessage xmlns="${OioNamespace.xdis91}">`);
    expect(text).not.toMatch(/<[A-Za-z]+:/);
    // Latin-1 letters are single bytes; others are character references.
    expect(writeOioxml(fullXdis91)).toContain(0xc6); // Æ
    expect(text).toContain("Ærø Kommune &#x2013; Sundhed &amp; Omsorg");
    expect(text).toContain("5 &#x20AC; og &#x3C0; &#x2248; 3,14 &#x1F600;");
  });

  test("line feeds become <Break/>, nothing is indented inside Text01", () => {
    expect(text).toContain(
      "<Text01>Første linje<Break/>Anden linje med  to mellemrum og\ttab<Break/><Break/>Efter en tom linje:",
    );
    expect(text).toContain("<Text01> Indrykket tekst, der slutter med et mellemrum </Text01>");
  });

  test("XCTL is written in the 2005/08/07 namespace, also when it was read in 2020/05/06", () => {
    const written = latin1(writeOioxml({ ...xctl03, namespace: OioNamespace.xctl2020 }));
    expect(written).toContain(`<Emessage xmlns="${OioNamespace.xctl}">`);
  });

  test("a positive receipt never carries a refusal, even when the model has one", () => {
    const odd: OioxmlDocument = {
      ...xctl03,
      original: { ...xctl03.original, refusal: { code: "syntaksfejl", text: "x" } },
    };
    expect(latin1(writeOioxml(odd))).not.toContain("Refuse");
  });

  test("text that looks like a reference stays text; a CR in a value survives", () => {
    const doc = { ...minimalXdis91, subject: "AT&amp;T &lt;b&gt; &#65; a\rb" };
    const written = latin1(writeOioxml(doc));
    expect(written).toContain("<Subject>AT&amp;amp;T &amp;lt;b&amp;gt; &amp;#65; a&#13;b</Subject>");
    const read = readOioxml(writeOioxml(doc));
    expect(read.ok && read.value).toEqual(doc);
  });

  test.each(["a\u0001b", "a\ud800b", "\uffff"])("text XML cannot carry (%j) throws", (subject) => {
    expect(() => writeOioxml({ ...minimalXdis91, subject })).toThrow(/invalid characters/);
  });

  test("CR LF and CR in text are line breaks", () => {
    const doc = { ...minimalXdis91, clinicalInformation: ["a\r\nb\rc"] };
    const read = readOioxml(writeOioxml(doc));
    expect(read.ok && read.value.kind === "xdis91" && read.value.clinicalInformation).toEqual(["a\nb\nc"]);
  });
});

describe("checkOioxml: a converter's model against the XSDs, before it is written", () => {
  test("a valid model has no issues", () => {
    expect(checkOioxml(fullXdis91)).toEqual([]);
    expect(checkOioxml(xctl02)).toEqual([]);
  });

  test("FHIR's looser limits show up with the XML path", () => {
    const { organisationName: _name, ...nameless } = fullXdis91.sender;
    const doc: OioxmlDocument = {
      ...fullXdis91,
      sender: nameless,
      receiver: { ...fullXdis91.receiver, organisationName: "O".repeat(40) },
      subject: "",
    };
    expect(checkOioxml(doc).map((i) => [i.code, i.path])).toEqual([
      ["oioxml-missing", "/Emessage/ClinicalEmail/Sender/OrganisationName"],
      ["oioxml-length", "/Emessage/ClinicalEmail/Receiver/OrganisationName"],
      ["oioxml-length", "/Emessage/ClinicalEmail/AdditionalInformation/Subject"],
    ]);
  });

  test("text XML cannot carry is an issue, not an exception", () => {
    expect(checkOioxml({ ...minimalXdis91, subject: "\u0001" })).toEqual([
      expect.objectContaining({ code: "oioxml-character", path: "/Emessage" }),
    ]);
  });
});
