// The code lists in src/medcom/oioxml/codes.ts are facts copied from MedCom's XSDs: this compares each with the
// enumerations in ../shared's schema files (read in place), so a typo or a changed schema is caught here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  ACKNOWLEDGEMENT_CODES,
  EPISODE_OF_CARE_STATUS_CODES,
  IDENTIFIER_CODES,
  IDENTIFIER_CODES_XBIN01,
  MEDICAL_SPECIALITY_CODES,
  OBJECT_CODES,
  OBJECT_EXTENSION_CODES,
  OBJECT_EXTENSION_CODES_XBIN01,
  PRIORITIES,
  REFUSE_CODES,
  STATUS_CODES,
  VERSION_CODES,
} from "../../../src/medcom/oioxml/codes.js";
import { legacyXsdDir } from "../../support/legacy-examples.js";

const xsd = (set: string, file: string): string => readFileSync(join(legacyXsdDir, set, file), "utf8");
const S2006 = "2006/07/01";
const S2012 = "2012/03/28";
const S2005 = "2005/08/07";

/** The enumeration values of the first simple type after `marker` (a type's or an element's name attribute). */
function enumerationAfter(text: string, marker: string, from = 0): string[] {
  const start = text.indexOf(marker, from);
  if (start === -1) throw new Error(`${marker} not found`);
  const end = text.indexOf("</xs:simpleType>", start);
  return [...text.slice(start, end).matchAll(/<xs:enumeration value="([^"]*)"/g)].map((m) => m[1] as string);
}

const typeValues = (set: string, file: string, type: string): string[] =>
  enumerationAfter(xsd(set, file), `<xs:simpleType name="${type}">`);

/** The value of the first `xs:pattern` after `marker`. */
function patternAfter(text: string, marker: string): string {
  const start = text.indexOf(marker);
  const match = /<xs:pattern value="([^"]*)"/.exec(text.slice(start));
  if (start === -1 || !match) throw new Error(`${marker} not found`);
  return match[1] as string;
}

describe("code lists agree with MedCom's XSDs", () => {
  test("AcknowledgementCodeType in all three sets", () => {
    for (const set of [S2006, S2012, S2005])
      expect(typeValues(set, "ValueLists.xsd", "AcknowledgementCodeType")).toEqual([...ACKNOWLEDGEMENT_CODES]);
  });

  test("IdentifierCodeType: 2006 with amt, 2012 (and 2005, unused by receipts) without", () => {
    expect(typeValues(S2006, "ValueLists.xsd", "IdentifierCodeType")).toEqual([...IDENTIFIER_CODES]);
    expect(typeValues(S2005, "ValueLists.xsd", "IdentifierCodeType")).toEqual([...IDENTIFIER_CODES_XBIN01]);
    expect(typeValues(S2012, "ValueLists.xsd", "IdentifierCodeType")).toEqual([...IDENTIFIER_CODES_XBIN01]);
  });

  test("StatusCodeType, EpisodeOfCareStatusCode01Type and ClinicalEmail's Priority", () => {
    expect(typeValues(S2006, "LetterType.xsd", "StatusCodeType")).toEqual([...STATUS_CODES]);
    expect(typeValues(S2006, "ValueLists.xsd", "EpisodeOfCareStatusCode01Type")).toEqual([
      ...EPISODE_OF_CARE_STATUS_CODES,
    ]);
    expect(enumerationAfter(xsd(S2006, "ClinicalEmail.xsd"), '<xs:element name="Priority"')).toEqual([...PRIORITIES]);
  });

  test("ObjectCodeType and ObjectExtensionCodeType (2012 adds plo and fnx)", () => {
    expect(typeValues(S2006, "GeneralTypes.xsd", "ObjectCodeType")).toEqual([...OBJECT_CODES]);
    expect(typeValues(S2012, "GeneralTypes.xsd", "ObjectCodeType")).toEqual([...OBJECT_CODES]);
    expect(typeValues(S2006, "GeneralTypes.xsd", "ObjectExtensionCodeType")).toEqual([...OBJECT_EXTENSION_CODES]);
    expect(typeValues(S2012, "GeneralTypes.xsd", "ObjectExtensionCodeType")).toEqual([
      ...OBJECT_EXTENSION_CODES_XBIN01,
    ]);
  });

  test("MedicalSpecialityCodeType, the same in 2006 and 2012", () => {
    expect(typeValues(S2006, "ValueLists.xsd", "MedicalSpecialityCodeType")).toEqual([...MEDICAL_SPECIALITY_CODES]);
    expect(typeValues(S2012, "ValueLists.xsd", "MedicalSpecialityCodeType")).toEqual([...MEDICAL_SPECIALITY_CODES]);
  });

  test("RefuseCode, envelope and letter level, in both negative receipts", () => {
    for (const file of ["NegativeReceipt.xsd", "NegativeVansReceipt.xsd"]) {
      const text = xsd(S2005, file);
      const first = text.indexOf('<xs:element name="RefuseCode"');
      const second = text.indexOf('<xs:element name="RefuseCode"', first + 1);
      expect(enumerationAfter(text, '<xs:element name="RefuseCode"', first)).toEqual([...REFUSE_CODES]);
      expect(enumerationAfter(text, '<xs:element name="RefuseCode"', second)).toEqual([...REFUSE_CODES]);
    }
  });

  test("the fixed VersionCodes are the letter schemas' patterns and in VersionCodeType", () => {
    const cases = [
      [S2006, "ClinicalEmail.xsd", VERSION_CODES.xdis91],
      [S2012, "BinaryLetter.xsd", VERSION_CODES.xbin01],
      [S2005, "NegativeVansReceipt.xsd", VERSION_CODES.xctl01],
      [S2005, "NegativeReceipt.xsd", VERSION_CODES.xctl02],
      [S2005, "PositiveReceipt.xsd", VERSION_CODES.xctl03],
    ] as const;
    for (const [set, file, version] of cases) {
      expect(patternAfter(xsd(set, file), '<xs:element name="VersionCode">')).toBe(version);
      expect(typeValues(set, "ValueLists.xsd", "VersionCodeType")).toContain(version);
    }
  });
});
