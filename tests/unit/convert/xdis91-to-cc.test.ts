import { describe, expect, test } from "vitest";
import { xdis91ToCareCommunication } from "../../../src/medcom/convert/xdis91-to-cc.js";
import { ExtensionUrl, IdentifierSystem } from "../../../src/medcom/systems.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import {
  attachmentSegments,
  author,
  communication,
  ext,
  gln,
  header,
  ownProvenance,
  patient,
  receiverOrg,
  segmentId,
  senderOrg,
  sor,
  textSegment,
} from "./bundle-parts.js";
import { FLOW1_PARTIES, flow1Xbin01, flow1Xdis91, readFlowBundle } from "./legacy-examples.js";

const converted = () => xdis91ToCareCommunication(flow1Xdis91(), flow1Xbin01(), { parties: FLOW1_PARTIES });

describe("Flow1: XDIS91 + XBIN01 → CareCommunication, field by field against MedCom's converted example", () => {
  const { bundle: ours, issues } = converted();
  const medcom = readFlowBundle("Flow1-CareCommunication_Ex_from_OIOXML.xml");

  test("is complete and passes the project's own validator", () => {
    expect(issues).toEqual([]);
    expect(validateMessage(ours).issues).toEqual([]);
  });

  test("timestamp: the envelope's Sent with the Danish offset, as MedCom's", () => {
    expect(ours.timestamp).toBe("2023-11-20T17:45:00+01:00");
    expect(ours.timestamp).toBe(medcom.timestamp);
  });

  test("parties: the same GLN and SOR-ID on both sides and the same SOR endpoints", () => {
    expect(gln(senderOrg(ours))).toBe(gln(senderOrg(medcom)));
    expect(gln(receiverOrg(ours))).toBe(gln(receiverOrg(medcom)));
    expect(sor(senderOrg(ours))).toBe(sor(senderOrg(medcom)));
    expect(sor(receiverOrg(ours))).toBe(sor(receiverOrg(medcom)));
    expect(header(ours).source.endpoint).toBe(header(medcom).source.endpoint);
    expect(header(ours).destination?.[0]?.endpoint).toBe(header(medcom).destination?.[0]?.endpoint);
    expect(header(ours).definition).toBe(header(medcom).definition);
    expect(header(ours).eventCoding).toEqual(header(medcom).eventCoding);
  });

  test("organisation names: the letter's own (organisation, department, unit in one field), not SOR's", () => {
    // MedCom's defect (LEGACY.md §6.8): its example names the organisations as SOR does ("MedCom testcenter",
    // "Social og Sundhed Odense Kommune"); the mapping sheet puts the XDIS91's names into Organization.name.
    expect(senderOrg(ours)?.name).toBe("Medcom testcenter, Certificering");
    expect(senderOrg(medcom)?.name).toBe("MedCom testcenter");
    expect(receiverOrg(ours)?.name).toBe("Hjemmeplejen, Odense Kommune");
    expect(receiverOrg(medcom)?.name).toBe("Social og Sundhed Odense Kommune");
  });

  test("patient: CPR and address as MedCom's; the name as the letter gives it", () => {
    expect(patient(ours).identifier).toEqual([{ use: "official", system: IdentifierSystem.cpr, value: "2512489996" }]);
    expect(patient(medcom).identifier?.[0]).toEqual({ system: IdentifierSystem.cpr, value: "2512489996" });
    expect(patient(ours).address).toEqual(patient(medcom).address);
    expect(patient(ours).address).toEqual([{ line: ["Hindbærvej 23"], city: "Odense S", postalCode: "5260" }]);
    // MedCom's defect (§6.8): its example names the patient "Nancy Ann Hansen" (family Hansen, given Nancy, Ann)
    // although the XDIS91 says PersonSurnameName "Ann Berggren", PersonGivenName "Nancy".
    expect(patient(ours).name).toEqual([{ use: "official", family: "Ann Berggren", given: ["Nancy"] }]);
    expect(patient(medcom).name).toEqual([{ use: "official", family: "Hansen", given: ["Nancy", "Ann"] }]);
    expect(patient(ours).deceasedBoolean).toBeUndefined();
  });

  test("category other, topic = Subject, status unknown, a new thread; no Encounter for inaktiv without episode", () => {
    expect(communication(ours).category).toEqual(communication(medcom).category);
    expect(communication(ours).topic).toEqual({ text: "Forundersøgelse" });
    expect(communication(ours).topic).toEqual(communication(medcom).topic);
    expect(communication(ours).status).toBe("unknown");
    expect(communication(ours).identifier?.[0]?.value).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4/);
    expect(communication(ours).encounter).toBeUndefined();
    expect(communication(medcom).encounter).toBeUndefined();
    expect(communication(ours).priority).toBeUndefined();
  });

  test("text: the priority sentence first, <Break/> as \\n", () => {
    const text = textSegment(ours)?.contentString ?? "";
    const theirs = textSegment(medcom)?.contentString ?? "";
    expect(text.startsWith("Denne meddelelse har høj prioritet. Afdeling A har modtaget")).toBe(true);
    // MedCom's defect (§6.8): its converter collapsed each double <Break/> into one line feed (and dropped the
    // trailing one, as we do); collapsed the same way, the texts are equal.
    expect(text).toContain("Sænkningsresultat\n\nResultaterne");
    expect(theirs).toContain("Sænkningsresultat\nResultaterne");
    expect(text.replaceAll("\n\n", "\n")).toBe(theirs);
  });

  test("segments: date = Authorisation, identifier assigned by the sender organisation", () => {
    const [ourText, theirText] = [textSegment(ours), textSegment(medcom)];
    expect(ext(ourText, ExtensionUrl.segmentDateTime)).toEqual(ext(theirText, ExtensionUrl.segmentDateTime));
    expect(ext(ourText, ExtensionUrl.segmentIdentifier)?.valueIdentifier?.assigner?.reference).toBe(
      `Organization/${senderOrg(ours)?.id ?? ""}`,
    );
  });

  test("author: role ukendt, the organisation's name, phone 0000 0000 when the letter has none", () => {
    const { role, person } = author(ours, textSegment(ours));
    expect(role?.code).toEqual([{ text: "ukendt" }]);
    expect(person?.name).toEqual([{ family: "Medcom testcenter, Certificering" }]);
    expect(ext(textSegment(ours), ExtensionUrl.segmentAuthorContact)?.valueContactPoint).toEqual({
      system: "phone",
      value: "0000 0000",
    });
    // MedCom's defect (§6.8): its example takes the author from the signature text (overlaege, "K. Petersen")
    // instead of the mapping sheet's role `ukendt` with the organisation's name; its phone 65432030 is in neither
    // letter (a SOR lookup the gateway's directory does not offer).
    const theirs = author(medcom, textSegment(medcom));
    expect(theirs.role?.code?.[0]?.coding?.[0]?.code).toBe("overlaege");
    expect(theirs.person?.name).toEqual([{ family: "Petersen", given: ["K."] }]);
    expect(ext(textSegment(medcom), ExtensionUrl.segmentAuthorContact)?.valueContactPoint?.value).toBe("65432030");
  });

  test("attachment: identifier = the object UUID, contentType from pdf, the XBIN01's data", () => {
    const [ourFile] = attachmentSegments(ours);
    const [theirFile] = attachmentSegments(medcom);
    expect(attachmentSegments(ours)).toHaveLength(1);
    expect(segmentId(ourFile)).toBe("urn:uuid:c39ea6b2-6052-45e4-a207-415e0205ab6f");
    expect(segmentId(ourFile)).toBe(segmentId(theirFile));
    expect(ourFile?.contentAttachment?.contentType).toBe(theirFile?.contentAttachment?.contentType);
    expect(ourFile?.contentAttachment?.data).toBe(theirFile?.contentAttachment?.data);
    expect(ext(ourFile, ExtensionUrl.segmentDateTime)).toEqual(ext(theirFile, ExtensionUrl.segmentDateTime));
    // MedCom's defect (§6.8): its title is "vektor_grafik", an ObjectCode (and not even the letter's, billede);
    // the mapping sheet maps Reference/RefDescription ("BIN") to the title.
    expect(ourFile?.contentAttachment?.title).toBe("BIN");
    expect(theirFile?.contentAttachment?.title).toBe("vektor_grafik");
  });

  test("Provenance: new-message, at Sent, by the sender, naming both segments as MedCom's does", () => {
    const [mine, theirs] = [ownProvenance(ours), ownProvenance(medcom)];
    expect(mine?.activity).toEqual(theirs?.activity);
    expect(mine?.occurredDateTime).toBe(theirs?.occurredDateTime);
    expect(mine?.recorded).toBe(theirs?.recorded);
    expect(mine?.agent[0]?.who.reference).toBe(`Organization/${senderOrg(ours)?.id ?? ""}`);
    const entities = (p: typeof mine) => p?.entity?.map((e) => e.role);
    expect(entities(mine)).toEqual(entities(theirs));
    expect(mine?.entity?.map((e) => e.what.identifier?.value)).toEqual(
      communication(ours).payload?.map((p) => segmentId(p)),
    );
    expect(mine?.entity?.[1]?.what.identifier?.value).toBe(theirs?.entity?.[1]?.what.identifier?.value);
  });
});
