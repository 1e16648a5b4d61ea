// Which document an Emessage is: by its namespace and its letter element (LEGACY.md §2.4, §4). Other versions of the
// letters (XD9133L in the 2005/08/07 set, XD9135L in a later one) are oioxml-version — RefuseCode problem_med_version.
import { describe, expect, test } from "vitest";
import { OioNamespace, readOioxml } from "../../../src/medcom/oioxml/index.js";
import { replace, XBIN01, XCTL03, XDIS91 } from "../../support/oioxml-mutations.js";

function refusal(doc: string): [string, string][] {
  const read = readOioxml(doc);
  expect(read.ok).toBe(false);
  return read.issues.map((i) => [i.code, i.path]);
}

describe("the document type", () => {
  test("an XCTL in the 2020/05/06 namespace reads, and keeps its namespace", () => {
    const read = readOioxml(replace(XCTL03, OioNamespace.xctl, OioNamespace.xctl2020));
    expect(read.ok && read.value.kind === "xctl03" && read.value.namespace).toBe(OioNamespace.xctl2020);
  });

  test("an XDIS91 XD9135L in a later MedCom namespace is a version refusal", () => {
    const later = replace(
      replace(XDIS91, OioNamespace.xdis91, "http://rep.oio.dk/sundcom.dk/medcom.dk/xml/schemas/2015/08/01/"),
      "XD9134L",
      "XD9135L",
    );
    expect(refusal(later)).toEqual([["oioxml-version", "/Emessage/ClinicalEmail/Letter/VersionCode"]]);
    expect(readOioxml(later).issues[0]?.message).toContain('"XD9135L"');
  });

  test("an XBIN01 in the 2005/08/07 namespace (XB0130X) is a version refusal", () => {
    const old = replace(replace(XBIN01, OioNamespace.xbin01, OioNamespace.xctl), "XB0131X", "XB0130X");
    expect(refusal(old)).toEqual([["oioxml-version", "/Emessage/BinaryLetter/Letter/VersionCode"]]);
  });

  test("another letter in the receipts' namespace is not handled", () => {
    const other = XCTL03.replaceAll("PositiveReceipt", "DischargeLetter");
    expect(refusal(other)).toEqual([["oioxml-unexpected", "/Emessage/DischargeLetter"]]);
  });

  test("a receipt Emessage with an Envelope only", () => {
    const empty = XCTL03.slice(0, XCTL03.indexOf("<PositiveReceipt>")) + "</Emessage>";
    expect(refusal(empty)).toEqual([
      ["oioxml-missing", "/Emessage/PositiveReceipt|NegativeReceipt|NegativeVansReceipt"],
    ]);
  });

  test("an XBIN01 letter in the XDIS91 namespace", () => {
    const mixed = replace(XBIN01, OioNamespace.xbin01, OioNamespace.xdis91);
    expect(refusal(mixed)).toEqual([
      ["oioxml-unexpected", "/Emessage/BinaryLetter"],
      ["oioxml-missing", "/Emessage/ClinicalEmail"],
    ]);
  });

  test("two letters in one Emessage: the XSD allows it, the gateway reads one (every MedCom letter has one)", () => {
    const body = XDIS91.slice(XDIS91.indexOf("<ClinicalEmail>"), XDIS91.indexOf("</Emessage>"));
    const two = replace(XDIS91, "</Emessage>", `${body}</Emessage>`);
    expect(refusal(two)).toEqual([["oioxml-cardinality", "/Emessage/ClinicalEmail"]]);
  });

  test("Local_Elements before the letter is out of order", () => {
    const early = replace(XDIS91, "<ClinicalEmail>", "<Local_Elements/><ClinicalEmail>");
    expect(refusal(early)).toEqual([["oioxml-order", "/Emessage/ClinicalEmail"]]);
  });

  test("an Emessage without a namespace", () => {
    const bare = replace(XDIS91, ` xmlns="${OioNamespace.xdis91}"`, "");
    expect(refusal(bare)).toEqual([["oioxml-namespace", "/Emessage"]]);
  });

  test("an undeclared prefix", () => {
    expect(refusal(replace(XDIS91, "<Envelope>", "<x:Envelope>").replace("</Envelope>", "</x:Envelope>"))).toEqual([
      ["oioxml-namespace", "/Emessage/Envelope"],
    ]);
  });
});

describe("names and namespaces from outside are cut in issues", () => {
  test("a 10,000-character element name and namespace", () => {
    const long = "A".repeat(10_000);
    const read = readOioxml(replace(XDIS91, "</Patient>", `<${long} xmlns="urn:${long}"/></Patient>`));
    const text = JSON.stringify(read.issues);
    expect(read.ok).toBe(false);
    expect(text.length).toBeLessThan(2_000);
    expect(read.issues[0]?.path).toBe(`/Emessage/ClinicalEmail/Patient/${"A".repeat(64)}…`);
  });
});
