// The field rules of CC → XDIS91 where XDIS91 is narrower than CareCommunication: one patient number (use case S2
// remark 2; test protocol ConSer_CC_12..15), length limits (LEGACY.md §10.3), text blocks (§2.2), local time (§2.3,
// test protocol "Timestamps").
import { describe, expect, test } from "vitest";
import { careCommunicationToXdis91 } from "../../../src/medcom/convert/cc-to-xdis91.js";
import { danishLocal } from "../../../src/medcom/convert/to-legacy-time.js";
import { decodedLength } from "../../../src/medcom/convert/to-legacy-attachments.js";
import { MORE_THAN_ONE_CPR } from "../../../src/medcom/convert/to-legacy-patient.js";
import { TEXT_BLOCK_LENGTH, clip, textBlocks } from "../../../src/medcom/convert/to-legacy-text.js";
import type { Organization } from "../../../src/medcom/model/index.js";
import { IdentifierSystem } from "../../../src/medcom/systems.js";
import { build, composeFixture, conversation, sequentialIds } from "../../support/build.js";
import { IDS, communicationOf, convert, letterOf, patientOf, textOf } from "./to-legacy-support.js";

const CPR = "2509479989";
const X_ECPR = "0703921VJ4";
const D_ECPR = "0703928VJ4";

function withIdentifiers(...ids: [string, string][]) {
  const bundle = letterOf("new-ppr-to-gp.json");
  patientOf(bundle).identifier = ids.map(([system, value]) => ({ system, value }));
  return bundle;
}

describe("one patient number (ConSer_CC_12..15)", () => {
  test("a replacement CPR alone → AlternativeIdentifier, also in the XBIN01 (ConSer_CC_12)", () => {
    const bundle = letterOf("new-other-with-topic.json", {
      attachments: [{ title: "Notat", contentType: "application/pdf", data: "JVBERg==" }],
    });
    const { letter, binary } = convert(bundle);
    expect(letter.patient.cpr).toBeUndefined();
    expect(letter.patient.alternativeIdentifier).toBe(X_ECPR);
    expect(binary?.patient).toEqual({ alternativeIdentifier: X_ECPR, surname: "Berggren", given: "Birgit" });
    expect(textOf(letter)).not.toContain(MORE_THAN_ONE_CPR);
  });

  test("CPR + replacement CPR → the CPR; the other after MedCom's sentence (ConSer_CC_13)", () => {
    const { letter } = convert(withIdentifiers([IdentifierSystem.dEcpr, D_ECPR], [IdentifierSystem.cpr, CPR]));
    expect(letter.patient.cpr).toBe(CPR);
    expect(letter.patient.alternativeIdentifier).toBeUndefined();
    expect(textOf(letter).endsWith(`\n${MORE_THAN_ONE_CPR}:\n${D_ECPR} (erstatnings-CPR)\n`)).toBe(true);
  });

  test("CPR + two replacement CPRs → the CPR; both others in the text (ConSer_CC_14)", () => {
    const { letter } = convert(
      withIdentifiers([IdentifierSystem.xEcpr, X_ECPR], [IdentifierSystem.cpr, CPR], [IdentifierSystem.dEcpr, D_ECPR]),
    );
    expect(letter.patient.cpr).toBe(CPR);
    expect(textOf(letter)).toContain(
      `${MORE_THAN_ONE_CPR}:\n${X_ECPR} (nationalt erstatnings-CPR)\n${D_ECPR} (erstatnings-CPR)\n`,
    );
  });

  test("two replacement CPRs → the national one (x-eCPR) in the patient, the other in the text (ConSer_CC_15)", () => {
    const { letter } = convert(withIdentifiers([IdentifierSystem.dEcpr, D_ECPR], [IdentifierSystem.xEcpr, X_ECPR]));
    expect(letter.patient.alternativeIdentifier).toBe(X_ECPR);
    expect(textOf(letter)).toContain(`${MORE_THAN_ONE_CPR}:\n${D_ECPR} (erstatnings-CPR)\n`);
  });

  test("an identifier of another system also goes into the text", () => {
    const { letter } = convert(withIdentifiers([IdentifierSystem.cpr, CPR], ["urn:oid:9.9", "A-17"]));
    expect(textOf(letter)).toContain(`${MORE_THAN_ONE_CPR}:\nA-17 (urn:oid:9.9)\n`);
  });

  test("the patient's address: line, city, post code", () => {
    const bundle = letterOf("new-ppr-to-gp.json");
    patientOf(bundle).address = [{ line: ["Testpark Allé 48"], city: "Hillerød", postalCode: "3400" }];
    expect(convert(bundle).letter.patient).toMatchObject({
      streetName: "Testpark Allé 48",
      districtName: "Hillerød",
      postCode: "3400",
    });
  });
});

describe("length limits (XSD String_1_35, String_1_70; LEGACY.md §10.3)", () => {
  test("an organisation name is cut to 35 characters, with a warning", () => {
    const bundle = letterOf("new-ppr-to-gp.json");
    const sender = bundle.entry?.find((e) => (e.resource as Organization | undefined)?.name === "PPR Gribskov Kommune")
      ?.resource as Organization;
    sender.name = "Pædagogisk Psykologisk Rådgivning, Gribskov Kommune, Center for Børn og Unge";
    const result = careCommunicationToXdis91(bundle, IDS);
    expect(result.ok && result.value.letter.sender.organisationName).toBe("Pædagogisk Psykologisk Rådgivning,");
    expect(result.issues.map((i) => [i.severity, i.code])).toEqual([["warning", "legacy-truncated"]]);
  });

  test("a sender without a name gets its GLN as the name XDIS91 requires", () => {
    const bundle = letterOf("new-ppr-to-gp.json");
    const sender = bundle.entry?.find((e) => (e.resource as Organization | undefined)?.name === "PPR Gribskov Kommune")
      ?.resource as Organization;
    delete sender.name;
    const result = careCommunicationToXdis91(bundle, IDS);
    expect(result.ok && result.value.letter.sender.organisationName).toBe("GLN 5790001348120");
    expect(result.issues.map((i) => i.code)).toEqual(["legacy-sender-name"]);
  });

  test("a subject over 70 characters is cut, and the text opens with it whole", () => {
    const topic = "Opfølgning på samtale om skolevægring, fravær og trivsel i indskolingen";
    const { letter } = convert(letterOf("new-ppr-to-gp.json", { topic }));
    expect(letter.subject).toBe(clip(`Psykiatri, social, handicap, ${topic}`, 70));
    expect(letter.subject).toHaveLength(70);
    expect(textOf(letter).startsWith(`Emne: Psykiatri, social, handicap, ${topic}\n\nKære læge`)).toBe(true);
  });

  test("an attachment title over 70 characters is cut in RefDescription; an untitled one gets a generic one", () => {
    const bundle = letterOf("new-ppr-to-gp.json", {
      attachments: [
        { title: "B".repeat(80), contentType: "application/pdf", data: "JVBERg==" },
        { title: "x", url: "https://example.org/x" },
      ],
    });
    delete communicationOf(bundle).payload?.[2]?.contentAttachment?.title;
    const { letter } = convert(bundle);
    expect(letter.references.map((r) => r.description)).toEqual(["B".repeat(70), "Link"]);
  });

  test("a url over 350 characters goes into the text instead of Reference/URL", () => {
    const url = `https://example.org/${"a".repeat(340)}`;
    const { letter } = convert(letterOf("new-ppr-to-gp.json", { attachments: [{ title: "Lang", url }] }));
    expect(letter.references).toEqual([]);
    expect(textOf(letter).endsWith(`Link (Lang): ${url}\n`)).toBe(true);
  });

  test("an author's phone over 25 characters is left out", () => {
    const bundle = letterOf("new-ppr-to-gp.json");
    const payload = communicationOf(bundle).payload?.[0];
    const contact = payload?.extension?.find((e) => e.valueContactPoint !== undefined);
    if (contact?.valueContactPoint) contact.valueContactPoint.value = "1".repeat(26);
    expect(convert(bundle).letter.sender.telephone).toBeUndefined();
  });

  test("clip: one line, trailing spaces after the cut removed, nothing left → undefined", () => {
    expect(clip("a\nb", 35)).toBe("a b");
    expect(clip("abc def", 4)).toBe("abc");
    expect(clip("   ", 35)).toBeUndefined();
    expect(clip(undefined, 35)).toBeUndefined();
    expect(clip("😀😀😀", 2)).toBe("😀😀");
  });
});

describe("text blocks (ClinicalInformation ≤ 10 × Text01; LEGACY.md §2.2)", () => {
  test("a short text is one block; an empty text none", () => {
    expect(textBlocks("kort")).toEqual(["kort"]);
    expect(textBlocks("")).toEqual([]);
  });

  test("a block ends at the last line break within 3,150 characters, which joining with a line feed restores", () => {
    const text = `${"a".repeat(3000)}\n${"b".repeat(3000)}\n${"c".repeat(3000)}`;
    const blocks = textBlocks(text);
    expect(blocks.map((b) => b.length)).toEqual([3000, 3000, 3000]);
    expect(blocks.join("\n")).toBe(text);
  });

  test("without a line break, at the last space; without either, at the limit (never inside a surrogate pair)", () => {
    expect(textBlocks(`${"a".repeat(3100)} ${"b".repeat(100)}`).map((b) => b.length)).toEqual([3100, 100]);
    expect(textBlocks("x".repeat(3200)).map((b) => b.length)).toEqual([TEXT_BLOCK_LENGTH, 50]);
    const emoji = `${"x".repeat(TEXT_BLOCK_LENGTH - 1)}😀y`;
    expect(textBlocks(emoji)).toEqual(["x".repeat(TEXT_BLOCK_LENGTH - 1), "😀y"]);
  });

  test("what does not fit into nine blocks goes whole into the tenth", () => {
    const blocks = textBlocks("z".repeat(TEXT_BLOCK_LENGTH * 12));
    expect(blocks).toHaveLength(10);
    expect(blocks[9]).toHaveLength(TEXT_BLOCK_LENGTH * 3);
  });

  test("a long letter becomes several blocks", () => {
    const text = Array.from({ length: 400 }, (_, i) => `Linje ${i} med noget tekst om forløbet.`).join("\n");
    const { letter } = convert(letterOf("new-ppr-to-gp.json", { text }));
    expect(letter.clinicalInformation.length).toBeGreaterThan(4);
    expect(letter.clinicalInformation.every((b) => b.length <= TEXT_BLOCK_LENGTH)).toBe(true);
    expect(textOf(letter).startsWith(text)).toBe(true);
  });
});

describe("time (test protocol 'Timestamps'; LEGACY.md §2.3)", () => {
  test("any zone to Copenhagen local, seconds dropped, summer time kept", () => {
    expect(danishLocal("2023-11-22T12:33:59Z")).toEqual({ date: "2023-11-22", time: "13:33" });
    expect(danishLocal("2024-07-01T23:30:00Z")).toEqual({ date: "2024-07-02", time: "01:30" });
    expect(danishLocal("2024-03-31T00:30:00Z")).toEqual({ date: "2024-03-31", time: "01:30" });
    expect(danishLocal("2024-03-31T01:30:00Z")).toEqual({ date: "2024-03-31", time: "03:30" });
    expect(danishLocal("2024-11-03")).toEqual({ date: "2024-11-03", time: "00:00" });
    expect(danishLocal("not a time")).toBeUndefined();
  });

  test("Bundle.timestamp in Zulu time gives a local Envelope/Sent", () => {
    const bundle = letterOf("new-ppr-to-gp.json");
    bundle.timestamp = "2026-06-01T08:15:42Z";
    expect(convert(bundle).letter.envelope.sent).toEqual({ date: "2026-06-01", time: "10:15" });
  });

  test("no timestamp at all is refused", () => {
    const bundle = letterOf("new-ppr-to-gp.json");
    delete bundle.timestamp;
    expect(careCommunicationToXdis91(bundle, IDS).issues.map((i) => i.code)).toEqual(["legacy-time"]);
  });
});

describe("attachment sizes (test protocol 'Attachment size')", () => {
  test("the decoded byte length, whitespace ignored; not whole base64 → undefined", () => {
    expect(decodedLength("JVBERg==")?.bytes).toBe(4);
    expect(decodedLength("JVBE Rg=\n=")).toEqual({ bytes: 4, compact: "JVBERg==" });
    expect(decodedLength("JVBERi0x")?.bytes).toBe(6);
    expect(decodedLength("JVBERi0")).toBeUndefined();
    expect(decodedLength("")).toBeUndefined();
  });

  test("an attachment without a UUID identifier or with broken data is refused; an unknown type is bin", () => {
    const bundle = letterOf("new-ppr-to-gp.json", {
      attachments: [{ title: "Data", contentType: "application/pdf", data: "JVBERg==" }],
    });
    const payload = communicationOf(bundle).payload?.[1];
    if (payload?.contentAttachment) payload.contentAttachment.contentType = "application/x-unknown";
    const converted = careCommunicationToXdis91(bundle, IDS);
    expect(converted.ok && converted.value.binary?.objects[0]).toMatchObject({
      extensionCode: "bin",
      objectCode: "proprietaert_indhold",
    });
    expect(converted.issues.map((i) => i.code)).toEqual(["legacy-attachment-type"]);
    const id = payload?.extension?.find((e) => e.valueIdentifier !== undefined)?.valueIdentifier;
    if (id) id.value = "urn:uuid:not-a-uuid";
    expect(careCommunicationToXdis91(bundle, IDS).issues.map((i) => i.code)).toEqual(["legacy-attachment"]);
    if (id) id.value = "urn:uuid:00000000-0000-4000-8000-0000000000aa";
    if (payload?.contentAttachment) payload.contentAttachment.data = "abc";
    expect(careCommunicationToXdis91(bundle, IDS).issues.map((i) => i.code)).toEqual(["legacy-attachment"]);
  });
});

describe("the edges", () => {
  test("a specific sender in a role and a team as specific recipient (reply-to-forward)", () => {
    const answer = build(composeFixture("reply-to-forward.json"), conversation().forward, sequentialIds(700));
    const { letter } = convert(answer);
    expect(textOf(letter)).toContain(
      "Specifik afsender: Lene Dahl, Socialrådgiver\nSpecifik modtager: PPR Team Nord, PPR Gribskov Kommune\n",
    );
  });

  test("a party without GLN or SOR id cannot be addressed in XDIS91", () => {
    const bundle = letterOf("new-ppr-to-gp.json");
    const sender = bundle.entry?.find((e) => (e.resource as Organization | undefined)?.name === "PPR Gribskov Kommune")
      ?.resource as Organization;
    sender.identifier = sender.identifier?.filter((i) => i.system !== IdentifierSystem.sor);
    expect(careCommunicationToXdis91(bundle, IDS).issues.map((i) => [i.code, i.path])).toEqual([
      ["legacy-party", "MessageHeader.sender"],
    ]);
  });

  test("a surname over 70 characters is cut, with a warning; a 10-character identifier of another system is no CPR", () => {
    const bundle = withIdentifiers([IdentifierSystem.cpr, CPR], ["urn:oid:9.9", "ABCDEFGHIJ"]);
    const name = patientOf(bundle).name?.[0];
    if (name) name.family = "F".repeat(75);
    const result = careCommunicationToXdis91(bundle, IDS);
    expect(result.ok && result.value.letter.patient.surname).toBe("F".repeat(70));
    expect(result.ok && textOf(result.value.letter)).toContain("ABCDEFGHIJ (urn:oid:9.9)");
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([["legacy-truncated", "Patient.name.family"]]);
  });

  test("a MessageHeader whose focus is not a Communication", () => {
    const bundle = letterOf("new-ppr-to-gp.json");
    const header = bundle.entry?.[0]?.resource as { focus?: { reference: string }[] };
    header.focus = [{ reference: `Patient/${patientOf(bundle).id ?? ""}` }];
    expect(careCommunicationToXdis91(bundle, IDS).issues.map((i) => i.code)).toEqual(["legacy-not-a-letter"]);
  });

  test("an earlier attachment without title or identifier, a long link without title", () => {
    const url = `https://example.org/${"a".repeat(340)}`;
    const bundle = letterOf("new-ppr-to-gp.json", {
      attachments: [
        { title: "x", contentType: "application/pdf", data: "JVBERg==" },
        { title: "y", url },
      ],
    });
    const [, earlier, link] = communicationOf(bundle).payload ?? [];
    if (earlier?.contentAttachment) earlier.contentAttachment = { contentType: "application/pdf" };
    earlier?.extension?.splice(1, 1);
    if (link?.contentAttachment) delete link.contentAttachment.title;
    const { letter } = convert(bundle);
    expect(
      textOf(letter).endsWith(`Link: ${url}\nBilag fra tidligere meddelelse (sendes ikke igen): uden titel\n`),
    ).toBe(true);
  });

  test("no category and no topic: no Subject", () => {
    const bundle = letterOf("new-ppr-to-gp.json");
    delete communicationOf(bundle).category;
    delete communicationOf(bundle).topic;
    expect(convert(bundle).letter.subject).toBeUndefined();
  });
});
