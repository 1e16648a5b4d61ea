// CareCommunication → XDIS91 (+XBIN01) on letters composed by the project's builder, modelled on MedCom's
// conversion-service test cases (test protocol S2, S2.A1, S2.A2; ConSer_CC_02..11) and LEGACY.md §6.4–§6.6.
import { describe, expect, test } from "vitest";
import { careCommunicationToXdis91, legacyDocumentsOf } from "../../../src/medcom/convert/cc-to-xdis91.js";
import { FORWARD_NOTE, REPLY_NOTE } from "../../../src/medcom/convert/to-legacy-letter-text.js";
import { buildAcknowledgement } from "../../../src/medcom/builders/index.js";
import { describeMessage } from "../../../src/medcom/readers/index.js";
import { NOW, build, composeFixture, conversation, sequentialIds } from "../../support/build.js";
import { IDS, communicationOf, convert, letterOf, payloadOf, patientOf, textOf } from "./to-legacy-support.js";

describe("a new letter (ConSer_CC_02)", () => {
  const bundle = letterOf("new-ppr-to-gp.json");
  const { letter, binary } = convert(bundle);

  test("envelope and letter: the given ids, XD9134L, pluspositivkvitt, Danish local time without seconds", () => {
    expect(letter.envelope).toEqual({
      sent: { date: "2026-11-22", time: "10:00" },
      identifier: IDS.envelope,
      acknowledgementCode: "pluspositivkvitt",
    });
    expect(letter.letter).toEqual({
      identifier: IDS.letter,
      versionCode: "XD9134L",
      statisticalCode: "XDIS91",
      authorisation: { date: "2026-11-22", time: "10:00" },
      statusCode: "nytbrev",
    });
    expect(binary).toBeUndefined();
  });

  test("sender and receiver by GLN and SOR id (IdentifierCode sorkode), the author's phone on the sender", () => {
    expect(letter.sender).toEqual({
      ean: "5790001348120",
      identifier: "953741000016009",
      identifierCode: "sorkode",
      organisationName: "PPR Gribskov Kommune",
      telephone: "+4512345678",
    });
    expect(letter.receiver).toEqual({
      ean: "5790000209354",
      identifier: "265161000016000",
      identifierCode: "sorkode",
      organisationName: "Lægerne Helsinge",
    });
  });

  test("patient: CPR, surname, given names joined, no Encounter → inaktiv", () => {
    expect(letter.patient).toEqual({
      cpr: "2509479989",
      surname: "Elmer",
      given: "Bruno Test",
      episodeOfCareStatus: "inaktiv",
    });
  });

  test("subject = category's Danish display, topic; no priority without one", () => {
    expect(letter.subject).toBe("Psykiatri, social, handicap, Skolevægring");
    expect(letter.priority).toBeUndefined();
  });

  test("the text, then the author's name and role (Flow3's Forfatter/Stilling)", () => {
    expect(letter.clinicalInformation).toEqual([
      "Kære læge\nVi har haft Bruno til samtale i PPR om skolevægring.\nVi vil gerne høre, om der er helbredsmæssige " +
        "forhold, vi bør kende til.\n\nVenlig hilsen\nMaja Holm, psykolog\nForfatter: Maja Holm\nStilling: Psykolog\n",
    ]);
    expect(letter.references).toEqual([]);
  });

  test("the same letter and ids give the same XDIS91", () => {
    expect(convert(letterOf("new-ppr-to-gp.json"))).toEqual({ letter });
  });
});

describe("priority, episode of care and status (ConSer_CC_02 steps 4–5, LEGACY.md §6.5)", () => {
  test("asap → høj_prioritet; category alone as subject; AMB + in-progress → ambulant; episode id without hyphens", () => {
    const { letter } = convert(letterOf("new-regarding-referral-asap.json"));
    expect(letter.priority).toBe("høj_prioritet");
    expect(letter.subject).toBe("Vedr. henvisning");
    expect(letter.patient.episodeOfCareStatus).toBe("ambulant");
    expect(letter.letter.episodeOfCareIdentifier).toBe("8b3c1a0e1d2f5a6b9c7d0e1f2a3b4c5d");
  });

  test("routine → rutine", () => {
    const { letter } = convert(letterOf("new-regarding-referral-asap.json", { priority: "routine" }));
    expect(letter.priority).toBe("rutine");
  });

  test("IMP + in-progress → indlagt; any other combination → inaktiv; a deceased patient → doed", () => {
    const imp = letterOf("new-regarding-referral-asap.json", {
      encounter: { episodeOfCare: "urn:uuid:8b3c1a0e-1d2f-5a6b-9c7d-0e1f2a3b4c5d", class: "IMP" },
    });
    expect(convert(imp).letter.patient.episodeOfCareStatus).toBe("indlagt");
    const finished = letterOf("new-regarding-referral-asap.json", {
      encounter: { episodeOfCare: "urn:uuid:8b3c1a0e-1d2f-5a6b-9c7d-0e1f2a3b4c5d", class: "AMB", status: "finished" },
    });
    expect(convert(finished).letter.patient.episodeOfCareStatus).toBe("inaktiv");
    patientOf(finished).deceasedBoolean = true;
    expect(convert(finished).letter.patient.episodeOfCareStatus).toBe("doed");
    const dead = letterOf("new-ppr-to-gp.json");
    patientOf(dead).deceasedDateTime = "2026-11-20";
    expect(convert(dead).letter.patient.episodeOfCareStatus).toBe("doed");
  });

  test("several episode-of-care identifiers: the locally defined one, not the LPR3 one (test protocol S2 step 4)", () => {
    const bundle = letterOf("new-regarding-referral-asap.json", {
      encounter: {
        episodeOfCare: "5f0c9a1e-2b3d-4c5e-8f6a-7b8c9d0e1f2a",
        system: "https://sor2.sum.dsdn.dk/#id=265161000016000",
      },
    });
    const encounter = bundle.entry?.find((e) => e.resource?.resourceType === "Encounter")?.resource as {
      episodeOfCare: { identifier: { system?: string; value: string } }[];
    };
    encounter.episodeOfCare.unshift({
      identifier: {
        system: "https://www.esundhed.dk/Registre/Landspatientregisteret",
        value: "urn:uuid:94cd3c1f-98b9-57b9-8f06-6f8aabf2fb86",
      },
    });
    expect(convert(bundle).letter.letter.episodeOfCareIdentifier).toBe("5f0c9a1e2b3d4c5e8f6a7b8c9d0e1f2a");
    encounter.episodeOfCare.splice(1, 1);
    expect(convert(bundle).letter.letter.episodeOfCareIdentifier).toBe("94cd3c1f98b957b98f066f8aabf2fb86");
  });
});

describe("attachments (S2.A1: ConSer_CC_03, _04)", () => {
  const bundle = letterOf("new-with-attachments.json");
  const { letter, binary } = convert(bundle);
  const [pdf, link] = communicationOf(bundle).payload?.slice(1) ?? [];
  const pdfId = (pdf?.extension?.[1]?.valueIdentifier?.value ?? "").slice("urn:uuid:".length);

  test("data → Reference/BIN (UUID without hyphens, pdf → vektor_grafik, decoded size), url → Reference/URL", () => {
    expect(letter.references).toEqual([
      {
        description: "Vurdering",
        bin: {
          objectIdentifier: pdfId.replaceAll("-", ""),
          objectCode: "vektor_grafik",
          extensionCode: "pdf",
          originalSize: Buffer.from(pdf?.contentAttachment?.data ?? "", "base64").length,
        },
      },
      { description: "Vejledning om skolevægring", url: link?.contentAttachment?.url },
    ]);
  });

  test("the documents to remember: the XDIS91 first, then its XBIN01, with their ids and versions", () => {
    expect(legacyDocumentsOf({ letter, ...(binary ? { binary } : {}) })).toEqual([
      { kind: "xdis91", envelope: IDS.envelope, letter: IDS.letter, version: "XD9134L" },
      { kind: "xbin01", envelope: IDS.binaryEnvelope, letter: IDS.binaryLetter, version: "XB0131X" },
    ]);
    expect(legacyDocumentsOf({ letter })).toHaveLength(1);
  });

  test("one XBIN01 with its own ids, the same parties, the patient's number and names, the object with hyphens", () => {
    expect(binary?.envelope).toEqual({ ...letter.envelope, identifier: IDS.binaryEnvelope });
    expect(binary?.letter).toEqual({
      identifier: IDS.binaryLetter,
      versionCode: "XB0131X",
      statisticalCode: "XBIN01",
      authorisation: letter.letter.authorisation,
      statusCode: "nytbrev",
    });
    expect(binary?.sender).toEqual(letter.sender);
    expect(binary?.receiver).toEqual(letter.receiver);
    expect(binary?.patient).toEqual({ cpr: "2509479989", surname: "Elmer", given: "Bruno" });
    expect(binary?.objects).toEqual([
      {
        objectIdentifier: pdfId,
        objectCode: "vektor_grafik",
        extensionCode: "pdf",
        originalSize: Buffer.from(pdf?.contentAttachment?.data ?? "", "base64").length,
        base64: pdf?.contentAttachment?.data,
      },
    ]);
  });

  test("the specific sender and recipient are appended to the text", () => {
    expect(textOf(letter)).toContain(
      "Specifik afsender: PPR Team Nord, PPR Gribskov Kommune\n" +
        "Specifik modtager: Team for angst og OCD, Børne- og Ungdomspsykiatrisk Center\n",
    );
  });

  test("several attachments → one XDIS91 and one XBIN01 holding them all; images → billede (ConSer_CC_04)", () => {
    const types = ["application/pdf", "image/jpeg", "image/png", "image/gif", "image/tiff", "image/bmp"];
    const many = letterOf("new-ppr-to-gp.json", {
      attachments: types.map((contentType, i) => ({ title: `Bilag ${i}`, contentType, data: payloadOf(i + 1) })),
    });
    const converted = convert(many);
    expect(converted.binary?.objects.map((o) => [o.extensionCode, o.objectCode, o.originalSize])).toEqual([
      ["pdf", "vektor_grafik", 1],
      ["jpeg", "billede", 2],
      ["png", "billede", 3],
      ["gif", "billede", 4],
      ["tiff", "billede", 5],
      ["bmp", "billede", 6],
    ]);
    expect(converted.letter.references.map((r) => ("bin" in r ? r.bin.objectIdentifier : ""))).toEqual(
      converted.binary?.objects.map((o) => o.objectIdentifier.replaceAll("-", "")),
    );
  });

  test("more than ten attachments: refused with MedCom's limit (ConSer_CC_05, use cases Forudsætning 5)", () => {
    const tooMany = letterOf("new-ppr-to-gp.json", {
      attachments: Array.from({ length: 11 }, (_, i) => ({
        title: `Bilag ${i}`,
        contentType: "application/pdf",
        data: payloadOf(10),
      })),
    });
    const result = careCommunicationToXdis91(tooMany, IDS);
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => i.code)).toEqual(["legacy-too-many-attachments"]);
    expect(result.issues[0]?.message).toContain("at most 10 attachments while the conversion service runs");
  });
});

describe("reply and forward (S2.A2: ConSer_CC_07..11)", () => {
  const { reply, forward, replyWithAttachments, withAttachments } = conversation();

  test("a reply is nytbrev with a note first; earlier segments keep their author and organisation", () => {
    const { letter } = convert(reply);
    expect(letter.letter.statusCode).toBe("nytbrev");
    const text = textOf(letter);
    expect(text.startsWith(`${REPLY_NOTE}\n\nKære læge\n`)).toBe(true);
    expect(text).toContain("Forfatter: Maja Holm\nStilling: Psykolog\nOrganisation: PPR Gribskov Kommune\n\nTak for");
    expect(text.endsWith("Forfatter: Jens Lund\nStilling: Praktiserende læge\n")).toBe(true);
    expect(letter.sender.telephone).toBe("38683868");
  });

  test("a forward carries its attachments with data in an XBIN01 and says it is a forward (ConSer_CC_11)", () => {
    const { letter, binary } = convert(forward);
    expect(textOf(letter).startsWith(`${FORWARD_NOTE}\n\n`)).toBe(true);
    expect(binary?.objects).toHaveLength(1);
    expect(letter.references).toHaveLength(2);
  });

  test("a reply's earlier attachments (identifier only) are referred to at the end of the text (ConSer_CC_09)", () => {
    const { letter, binary } = convert(replyWithAttachments);
    expect(binary).toBeUndefined();
    expect(letter.references).toEqual([]);
    const earlier = communicationOf(withAttachments).payload?.[1]?.extension?.[1]?.valueIdentifier?.value ?? "";
    const hex = earlier.slice("urn:uuid:".length).replaceAll("-", "");
    expect(
      textOf(letter).endsWith(
        `Bilag fra tidligere meddelelse (sendes ikke igen): Vurdering, bilags-id ${hex}\n` +
          "Bilag fra tidligere meddelelse (sendes ikke igen): Vejledning om skolevægring, bilags-id " +
          `${(communicationOf(withAttachments).payload?.[2]?.extension?.[1]?.valueIdentifier?.value ?? "").slice(9).replaceAll("-", "")}\n`,
      ),
    ).toBe(true);
  });

  test("a reply with a new attachment: XDIS91 + XBIN01, the note and no earlier-attachment line (ConSer_CC_08)", () => {
    const { first } = conversation();
    const answer = build(
      composeFixture("reply-gp-to-ppr.json", {
        attachments: [{ title: "Journalnotat", contentType: "image/png", data: payloadOf(20) }],
      }),
      first,
      sequentialIds(600),
    );
    const { letter, binary } = convert(answer);
    expect(textOf(letter).startsWith(REPLY_NOTE)).toBe(true);
    expect(textOf(letter)).not.toContain("Bilag fra tidligere meddelelse");
    expect(binary?.objects.map((o) => [o.extensionCode, o.objectCode, o.originalSize])).toEqual([
      ["png", "billede", 20],
    ]);
  });
});

describe("what cannot be converted", () => {
  test("an Acknowledgement is no letter", () => {
    const ack = buildAcknowledgement({
      message: letterOf("new-ppr-to-gp.json"),
      code: "ok",
      newId: sequentialIds(900),
      now: NOW,
    });
    expect(careCommunicationToXdis91(ack, IDS)).toEqual({
      ok: false,
      issues: [expect.objectContaining({ code: "legacy-not-a-letter" })],
    });
  });

  test("ids longer than 14 characters are refused", () => {
    const result = careCommunicationToXdis91(letterOf("new-ppr-to-gp.json"), { ...IDS, letter: "x".repeat(15) });
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => i.code)).toEqual(["legacy-id"]);
  });

  test("a Bundle without MessageHeader", () => {
    expect(careCommunicationToXdis91({ resourceType: "Bundle", type: "message" }, IDS).issues[0]?.code).toBe(
      "legacy-not-a-message",
    );
  });

  test("a patient without CPR or surname", () => {
    const bundle = letterOf("new-ppr-to-gp.json");
    patientOf(bundle).identifier = [{ system: "urn:oid:1.2.208.176.1.2", value: "12" }];
    delete patientOf(bundle).name;
    expect(careCommunicationToXdis91(bundle, IDS).issues.map((i) => i.code)).toEqual([
      "legacy-patient-identifier",
      "legacy-patient-name",
    ]);
  });

  test("describeMessage reads the same parties the XDIS91 names", () => {
    const bundle = letterOf("new-ppr-to-gp.json");
    const d = describeMessage(bundle);
    expect(convert(bundle).letter.sender.ean).toBe(d.sender.gln);
  });
});
