// Decoding by the XML declaration (LEGACY.md §2.3): UTF-8 (the default) and ISO-8859-1 under their names; anything
// else refused with oioxml-encoding, never guessed.
import { describe, expect, test } from "vitest";
import { readOioxml, sniffOioxml, writeOioxml } from "../../../src/medcom/oioxml/index.js";
import { legacyExample } from "../../support/legacy-examples.js";
import { fullXdis91 } from "../../support/oioxml-documents.js";

const utf8Text = legacyExample("conversion-flows/Flow1-XDIS91_Ex_to_FHIR.xml").toString("utf8");
const body = utf8Text.replace(/^\uFEFF/, "");
const withDeclaration = (encoding: string): string => `<?xml version="1.0" encoding="${encoding}"?>\n${body}`;

function streetOf(input: string | Uint8Array): string | undefined {
  const read = readOioxml(input);
  if (!read.ok || read.value.kind !== "xdis91") throw new Error(JSON.stringify(read.issues));
  return read.value.receiver.streetName;
}

describe("decoding", () => {
  test("UTF-8 without a declaration, with one, and with a byte order mark", () => {
    expect(streetOf(Buffer.from(body, "utf8"))).toBe("Vandværksvej 99");
    expect(streetOf(Buffer.from(withDeclaration("UTF-8"), "utf8"))).toBe("Vandværksvej 99");
    expect(streetOf(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, "utf8")]))).toBe(
      "Vandværksvej 99",
    );
  });

  test.each(["ISO-8859-1", "iso-8859-1", "latin1", "ISO_8859-1", "l1"])("ISO-8859-1 declared as %s", (label) => {
    expect(streetOf(Buffer.from(withDeclaration(label), "latin1"))).toBe("Vandværksvej 99");
  });

  test("ISO-8859-1 bytes 0x80–0x9F are the C1 code points, not windows-1252", () => {
    const doc = withDeclaration("ISO-8859-1").replace("Vandværksvej 99", "Vej \u0080");
    expect(streetOf(Buffer.from(doc, "latin1"))).toBe("Vej \u0080");
  });

  test("a string is taken as decoded", () => {
    expect(streetOf(withDeclaration("ISO-8859-1"))).toBe("Vandværksvej 99");
  });

  test("the writer's output (ISO-8859-1 bytes) reads", () => {
    const read = readOioxml(writeOioxml(fullXdis91));
    expect(read.ok && read.value.kind === "xdis91" && read.value.sender.organisationName).toBe(
      "Ærø Kommune – Sundhed & Omsorg",
    );
  });

  test.each([
    ["windows-1252", Buffer.from(withDeclaration("windows-1252"), "latin1")],
    ["UTF-16 declared", Buffer.from(withDeclaration("UTF-16"), "latin1")],
    ["UTF-16 bytes", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(withDeclaration("UTF-16"), "utf16le")])],
    ["UTF-16 bytes without a BOM", Buffer.from(body, "utf16le")],
    ["a string declaring EBCDIC", withDeclaration("IBM037")],
    [
      "a UTF-8 BOM on a document declaring ISO-8859-1",
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(withDeclaration("ISO-8859-1"), "latin1")]),
    ],
    ["a name that is an Object property", Buffer.from(withDeclaration("constructor"), "latin1")],
  ] as const)("%s is refused", (_name, input) => {
    const read = readOioxml(input);
    expect(read.ok).toBe(false);
    expect(read.issues).toEqual([expect.objectContaining({ code: "oioxml-encoding", severity: "error" })]);
  });

  test("ISO-8859-1 bytes declared as UTF-8 are not UTF-8", () => {
    const read = readOioxml(Buffer.from(withDeclaration("UTF-8"), "latin1"));
    expect(read.ok).toBe(false);
    expect(read.issues[0]?.code).toBe("xml-invalid-utf8");
  });
});

describe("sniffOioxml", () => {
  test.each([
    ["the example", body, true],
    ["with a declaration and a comment first", `<?xml version="1.0"?>\n<!-- x -->\n${body}`, true],
    ["with a prefix", body.replace("<Emessage xmlns=", "<m:Emessage xmlns:m="), true],
    ["a FHIR Bundle", '<Bundle xmlns="http://hl7.org/fhir"><id value="x"/></Bundle>', false],
    ["an Emessage in another namespace", '<Emessage xmlns="urn:x"/>', false],
    ["an Emessage without a namespace", "<Emessage><Envelope/></Emessage>", false],
    ["JSON", '{"resourceType":"Bundle"}', false],
    ["nothing", "", false],
  ] as const)("%s → %s", (_name, input, expected) => {
    expect(sniffOioxml(input)).toBe(expected);
    expect(sniffOioxml(Buffer.from(input, "utf8"))).toBe(expected);
  });
});
