// checkVansValues: the value rules beyond the facets (LEGACY.md §5.2 reliable FHIR; DOMAIN.md §4.2 GLN end points).
import { describe, expect, test } from "vitest";
import { checkVansValues, readVansEnvelope, type VansEnvelope } from "../../../src/medcom/vans/index.js";
import { SENDER, messageEnvelope, negativeVans, replace } from "../../support/vans-documents.js";

function read(doc: string): VansEnvelope {
  const result = readVansEnvelope(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

describe("checkVansValues", () => {
  test("the fixtures pass", () => {
    expect(checkVansValues(read(messageEnvelope))).toEqual([]);
    expect(checkVansValues(read(negativeVans))).toEqual([]);
  });

  test("an EAN end point that is not a GLN", () => {
    const doc = replace(messageEnvelope, `EndPointType="EAN">${SENDER}<`, 'EndPointType="EAN">12345<');
    expect(checkVansValues(read(doc))).toEqual([
      expect.objectContaining({ code: "vans-gln", path: "/VANSEnvelope/SenderID" }),
    ]);
    const cvr = replace(messageEnvelope, `EndPointType="EAN">${SENDER}<`, 'EndPointType="CVR">12345678<');
    expect(checkVansValues(read(cvr))).toEqual([]);
  });

  test("FHIR sent unreliable", () => {
    const doc = replace(messageEnvelope, "<Type>reliable", "<Type>unreliable");
    expect(checkVansValues(read(doc))).toEqual([
      expect.objectContaining({
        code: "vans-unreliable",
        path: "/VANSEnvelope/Message/MetaInformation/Transport/Type",
      }),
    ]);
    expect(checkVansValues(read(replace(doc, "<Format>HL7", "<Format>XML")))).toEqual([]);
  });
});
