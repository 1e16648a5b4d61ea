// Every OIOXML example MedCom and OS2korrespondance published reads into the model, and writing it back gives a
// document that reads to the same model (read(write(x)) = x). The FHIR Bundles beside them are refused clearly.
import { describe, expect, test } from "vitest";
import { readOioxml, sniffOioxml, writeOioxml } from "../../../src/medcom/oioxml/index.js";
import { isFhirExample, legacyExample, legacyExamples } from "../../support/legacy-examples.js";

const examples = legacyExamples();
const oioxml = examples.filter((e) => !isFhirExample(e.name));
const fhir = examples.filter((e) => isFhirExample(e.name));

describe("MedCom's OIOXML examples", () => {
  test("there are 12 OIOXML examples and 4 FHIR ones", () => {
    expect(oioxml).toHaveLength(12);
    expect(fhir).toHaveLength(4);
  });

  test.each(oioxml.map((e) => [e.name, e] as const))("%s reads, and read(write(x)) equals x", (_name, example) => {
    expect(sniffOioxml(example.bytes)).toBe(true);
    const read = readOioxml(example.bytes);
    expect(read.ok ? [] : read.issues).toEqual([]);
    if (!read.ok) return;
    const again = readOioxml(writeOioxml(read.value));
    expect(again.ok ? again.value : again.issues).toEqual(read.value);
  });

  test.each(fhir.map((e) => [e.name, e] as const))("%s is FHIR, refused as not an Emessage", (_name, example) => {
    expect(sniffOioxml(example.bytes)).toBe(false);
    const read = readOioxml(example.bytes);
    expect(read.ok).toBe(false);
    expect(read.issues).toEqual([expect.objectContaining({ severity: "error", code: "oioxml-root", path: "/Bundle" })]);
  });
});

describe("what the examples read as", () => {
  test("Flow1's XDIS91 (UTF-8, no declaration)", () => {
    const read = readOioxml(legacyExample("conversion-flows/Flow1-XDIS91_Ex_to_FHIR.xml"));
    if (!read.ok || read.value.kind !== "xdis91") throw new Error("not read");
    const letter = read.value;
    expect(letter.envelope).toEqual({
      sent: { date: "2023-11-20", time: "17:45" },
      identifier: "KuvNrerwerwe99",
      acknowledgementCode: "pluspositivkvitt",
    });
    expect(letter.letter.identifier).toBe("Brevt23400929");
    expect(letter.sender).toMatchObject({ ean: "5790001382445", identifierCode: "lokationsnummer" });
    expect(letter.receiver.streetName).toBe("Vandværksvej 99");
    expect(letter.patient).toMatchObject({ cpr: "2512489996", surname: "Ann Berggren", given: "Nancy" });
    expect(letter.priority).toBe("høj_prioritet");
    expect(letter.clinicalInformation).toHaveLength(1);
    expect(letter.clinicalInformation[0]).toMatch(/^Afdeling A har modtaget en henvisning på ovenstående patient\.\n/);
    expect(letter.references).toEqual([
      {
        description: "BIN",
        bin: {
          objectIdentifier: "c39ea6b2605245e4a207415e0205ab6f",
          objectCode: "billede",
          extensionCode: "pdf",
          originalSize: 4297,
        },
      },
    ]);
  });

  test("Flow1's XBIN01: the UUID with hyphens, base64 without white space", () => {
    const read = readOioxml(legacyExample("conversion-flows/Flow1-XBIN01_Ex_to_FHIR.xml"));
    if (!read.ok || read.value.kind !== "xbin01") throw new Error("not read");
    const [object] = read.value.objects;
    expect(object?.objectIdentifier).toBe("c39ea6b2-6052-45e4-a207-415e0205ab6f");
    expect(object?.base64).toMatch(/^JVBERi0x[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(object?.base64 ?? "", "base64").length).toBe(4297);
    expect(read.value.patient?.cpr).toBe("2512489996");
  });

  test("Flow3's XDIS91 declares ISO-8859-1 but is UTF-8: read as UTF-8 with a warning", () => {
    const read = readOioxml(legacyExample("conversion-flows/Flow3-XDIS91_Ex_from_FHIR.xml"));
    if (!read.ok || read.value.kind !== "xdis91") throw new Error("not read");
    expect(read.issues).toEqual([expect.objectContaining({ severity: "warning", code: "oioxml-encoding-mismatch" })]);
    expect(read.value.subject).toBe("Vedr. henvisning, Undersøgelser forude for visitation");
    // Indentation inside Text01 is the file's layout, not the letter's.
    expect(read.value.clinicalInformation[0]).toMatch(/^Afdeling A har/);
  });

  test("OS2korrespondance's formatted text: Break, Space and the other tags as text; several blocks kept", () => {
    const read = readOioxml(legacyExample("os2korrespondance-fixtures/formattet_text.xml"));
    if (!read.ok || read.value.kind !== "xdis91") throw new Error("not read");
    expect(read.value.sender.organisationName).toBe("HILLERØD SYGEHUS");
    expect(read.value.clinicalInformation).toEqual([
      "Hej, jeg er fast bredde Afdeling A\nhar modtaget en henvisning på ovenstående patient.\nForinden der foretages visitation\n\nVenlig hilsen\n",
      "<Teste><Teste noget mere øæå>",
    ]);
  });

  test("escaped tags stay text", () => {
    const read = readOioxml(legacyExample("os2korrespondance-fixtures/escaped_formatted_text.xml"));
    if (!read.ok || read.value.kind !== "xdis91") throw new Error("not read");
    expect(read.value.clinicalInformation[0]).toMatch(/^<Bold>fed tekst<\/Bold><Break\/>/);
  });

  test("the XCTL02 fixture: letter-level refusal", () => {
    const read = readOioxml(legacyExample("os2korrespondance-fixtures/negative_receipt.xml"));
    if (!read.ok || read.value.kind !== "xctl02") throw new Error("not read");
    const [letter, ...others] = read.value.original.letters;
    expect(others).toEqual([]);
    expect(letter).toMatchObject({
      identifier: "stURK3zq7UhOBB",
      versionCode: "XD9134L",
      refusal: { code: "syntaksfejl" },
    });
    expect(letter?.refusal?.text).toMatch(/^Meddelelsen modtaget kl\. 2024-10-25 14:09/);
  });
});
