// MedCom's Flow3: their CareCommunication converted by ours and compared field by field with their XDIS91 and XBIN01.
// Every field agrees except where MedCom's example is defective (LEGACY.md §6.8) or contradicts the mapping sheet;
// each such deviation is asserted on its own, with the rule that decides it, and then the rest is compared whole.
import { describe, expect, test } from "vitest";
import { careCommunicationToXdis91 } from "../../../src/medcom/convert/cc-to-xdis91.js";
import type { Xbin01, Xdis91 } from "../../../src/medcom/oioxml/model.js";
import { readFlowBundle } from "./legacy-examples.js";
import { medcomFlow3Xbin01, medcomFlow3Xdis91 } from "./to-legacy-examples.js";

const bundle = readFlowBundle("Flow3-CareCommunication_Ex_to_OIOXML.xml");
// The new ids are the caller's: MedCom's, so they compare.
const result = careCommunicationToXdis91(bundle, {
  envelope: "KuvNrerwerwe00",
  letter: "Brevt23400930",
  binaryEnvelope: "MEDBIN62529",
  binaryLetter: "031120PWE62528",
});
if (!result.ok) throw new Error(JSON.stringify(result.issues));
const ours = result.value.letter;
const oursBinary = result.value.binary as Xbin01;
const theirs = medcomFlow3Xdis91();
const theirsBinary = medcomFlow3Xbin01();

describe("Flow3 CareCommunication → XDIS91, field by field", () => {
  test("converts without issues", () => {
    expect(result.issues).toEqual([]);
  });

  test("Envelope/Sent is Bundle.timestamp 12:33 (mapping sheet row 'Date/Time for Message sent'); MedCom's 12:32 is the segment's time", () => {
    expect(ours.envelope.sent).toEqual({ date: "2023-11-22", time: "12:33" });
    expect(theirs.envelope.sent).toEqual({ date: "2023-11-22", time: "12:32" });
  });

  test("Sender/Identifier is the SOR id with sorkode (sheet: 'Indsæt sorkode'); MedCom's example uses the GLN and lokationsnummer (§6.8)", () => {
    expect([ours.sender.identifier, ours.sender.identifierCode]).toEqual(["359011000016000", "sorkode"]);
    expect([theirs.sender.identifier, theirs.sender.identifierCode]).toEqual(["5790001382445", "lokationsnummer"]);
  });

  test("Receiver/Identifier: the SOR id the message names, with sorkode (sheet: SOR → sorkode); MedCom: the GLN", () => {
    expect([ours.receiver.identifier, ours.receiver.identifierCode]).toEqual(["328051000016008", "sorkode"]);
    expect([theirs.receiver.identifier, theirs.receiver.identifierCode]).toEqual(["5790000121441", "lokationsnummer"]);
  });

  test("Sender/TelephoneSubscriberIdentifier is the author's contact (sheet row 'Author contact'); MedCom took the organisation's phone", () => {
    expect(ours.sender.telephone).toBe("12345678");
    expect(theirs.sender.telephone).toBe("66131372");
  });

  test("the text is the CC's text with Forfatter/Stilling as MedCom appends them; MedCom's CC lacks one line their XDIS91 has", () => {
    const missing = "Forinden der foretages visitation, bedes følgende undersøgelser foretaget:\n";
    expect(ours.clinicalInformation).toEqual([theirs.clinicalInformation[0]?.replace(missing, "")]);
  });

  test("RefDescription is the attachment's title (sheet row 'attachment code'); MedCom writes 'BIN'", () => {
    const [mine] = ours.references;
    expect(mine?.description).toBe("billede");
    expect(theirs.references[0]?.description).toBe("BIN");
  });

  test("the BIN ObjectIdentifier is the CC attachment's id without hyphens; MedCom's matches neither the CC nor their XBIN01 (§6.8)", () => {
    const mine = ours.references[0];
    expect(mine && "bin" in mine ? mine.bin.objectIdentifier : "").toBe("f954e0707934459180041fe23060f2bb");
    const them = theirs.references[0];
    expect(them && "bin" in them ? them.bin.objectIdentifier : "").toBe("64d56beb9d2245d48fa0eaaf186bebae");
  });

  test("a PDF is vektor_grafik (use cases §4.6.2, v3.0.0); MedCom's older example says billede (§6.8)", () => {
    const mine = ours.references[0];
    expect(mine && "bin" in mine ? mine.bin.objectCode : "").toBe("vektor_grafik");
    const them = theirs.references[0];
    expect(them && "bin" in them ? them.bin.objectCode : "").toBe("billede");
  });

  test("every other field is MedCom's", () => {
    const corrected: Xdis91 = {
      ...theirs,
      envelope: { ...theirs.envelope, sent: ours.envelope.sent },
      sender: { ...theirs.sender, identifier: "359011000016000", identifierCode: "sorkode", telephone: "12345678" },
      receiver: { ...theirs.receiver, identifier: "328051000016008", identifierCode: "sorkode" },
      clinicalInformation: ours.clinicalInformation,
      references: ours.references,
    };
    expect(ours).toEqual(corrected);
    // What remains of the references after the asserted deviations: extension and decoded size.
    const mine = ours.references[0];
    const them = theirs.references[0];
    expect(mine && "bin" in mine ? [mine.bin.extensionCode, mine.bin.originalSize] : []).toEqual(
      them && "bin" in them ? [them.bin.extensionCode, them.bin.originalSize] : [undefined],
    );
  });
});

describe("Flow3 CareCommunication → XBIN01, field by field (MedCom's XBIN01 is Flow1's, copied: §6.8)", () => {
  test("Sent and Authorisation are the CC's (Flow3 is dated 2023-11-22; MedCom's copy keeps Flow1's 2023-11-20 17:45)", () => {
    expect(oursBinary.envelope.sent).toEqual(ours.envelope.sent);
    expect(oursBinary.letter.authorisation).toEqual(ours.letter.authorisation);
    expect(theirsBinary.envelope.sent).toEqual({ date: "2023-11-20", time: "17:45" });
  });

  test("AcknowledgementCode pluspositivkvitt (use cases Forudsætning 1: everything the conversion makes is receipted); MedCom's: minus", () => {
    expect(oursBinary.envelope.acknowledgementCode).toBe("pluspositivkvitt");
    expect(theirsBinary.envelope.acknowledgementCode).toBe("minuspositivkvitt");
  });

  test("the parties are the XDIS91's (SOR, sorkode, the CC's names); MedCom's copy has Flow1's OIOXML parties", () => {
    expect(oursBinary.sender).toEqual(ours.sender);
    expect(oursBinary.receiver).toEqual(ours.receiver);
    expect(theirsBinary.receiver.identifierCode).toBe("kommunenummer");
  });

  test("the object: the CC attachment's UUID with hyphens, vektor_grafik; MedCom's has Flow1's UUID and billede", () => {
    expect(oursBinary.objects[0]?.objectIdentifier).toBe("f954e070-7934-4591-8004-1fe23060f2bb");
    expect(theirsBinary.objects[0]?.objectIdentifier).toBe("c39ea6b2-6052-45e4-a207-415e0205ab6f");
  });

  test("every other field is MedCom's: ids, codes, patient, extension, size and the very same base64", () => {
    const corrected: Xbin01 = {
      ...theirsBinary,
      envelope: { ...theirsBinary.envelope, sent: ours.envelope.sent, acknowledgementCode: "pluspositivkvitt" },
      letter: { ...theirsBinary.letter, authorisation: ours.letter.authorisation },
      sender: ours.sender,
      receiver: ours.receiver,
      objects: theirsBinary.objects.map((o) => ({
        ...o,
        objectIdentifier: "f954e070-7934-4591-8004-1fe23060f2bb",
        objectCode: "vektor_grafik",
      })),
    };
    expect(oursBinary).toEqual(corrected);
  });
});
