// FHIR → XDIS91 (+XBIN01) → FHIR: a CareCommunication converted for a legacy receiver, written and read as OIOXML,
// and converted back by XDIS91 → CC keeps its text, parties, patient and attachments. It does not keep its thread:
// XDIS91 has no place for one, so by MedCom's rule every converted XDIS91 starts a new thread (LEGACY.md §6.3:
// Communication.identifier is new, Provenance.activity is new-message) — asserted below.
import { describe, expect, test } from "vitest";
import { careCommunicationToXdis91 } from "../../../src/medcom/convert/cc-to-xdis91.js";
import { xdis91ToCareCommunication } from "../../../src/medcom/convert/xdis91-to-cc.js";
import type { Bundle } from "../../../src/medcom/model/index.js";
import type { Xbin01, Xdis91 } from "../../../src/medcom/oioxml/model.js";
import { readOioxml } from "../../../src/medcom/oioxml/read.js";
import { writeOioxml } from "../../../src/medcom/oioxml/write.js";
import { describeMessage, segmentsOf, type MessageParty } from "../../../src/medcom/readers/index.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { conversation } from "../../support/build.js";
import { readFlowBundle } from "./legacy-examples.js";
import { IDS, letterOf, patientOf, payloadOf } from "./to-legacy-support.js";

/** The OIOXML bytes as a legacy system receives them, read back. */
function overTheWire<T extends Xdis91 | Xbin01>(doc: T): T {
  const read = readOioxml(writeOioxml(doc));
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  return read.value as T;
}

function roundTrip(original: Bundle): { back: Bundle; issues: unknown[] } {
  const out = careCommunicationToXdis91(original, IDS);
  if (!out.ok) throw new Error(JSON.stringify(out.issues));
  // The directory's view of the two parties (MedCom: "lookup in SOR"); it always has a name, the CC may not (Flow3's
  // receiver has none — passed on as "" it would become an empty Organization.name in XDIS91 → CC).
  const directory = (p: MessageParty) => ({ ...p, name: p.name === "" ? `Lokation ${p.gln}` : p.name });
  const { sender, receiver } = describeMessage(original);
  const letter = overTheWire(out.value.letter);
  const binary = out.value.binary ? overTheWire(out.value.binary) : undefined;
  const { bundle, issues } = xdis91ToCareCommunication(letter, binary, {
    parties: { sender: directory(sender), receiver: directory(receiver) },
  });
  return { back: bundle, issues };
}

const cases: Record<string, Bundle> = {
  "a new letter": letterOf("new-ppr-to-gp.json"),
  "attachments and a link": letterOf("new-with-attachments.json"),
  "six attachment types": letterOf("new-ppr-to-gp.json", {
    attachments: ["application/pdf", "image/jpeg", "image/png", "image/gif", "image/tiff", "image/bmp"].map(
      (contentType, i) => ({ title: `Bilag ${i}`, contentType, data: payloadOf(50 + i) }),
    ),
  }),
  "a forward with attachments": conversation().forward,
  "a reply (earlier attachments by identifier only)": conversation().replyWithAttachments,
  "a replacement CPR": letterOf("new-other-with-topic.json"),
  "MedCom's Flow3": readFlowBundle("Flow3-CareCommunication_Ex_to_OIOXML.xml"),
};

describe.each(Object.entries(cases))("%s goes round", (_name, original) => {
  const { back, issues } = roundTrip(original);
  const before = describeMessage(original);
  const after = describeMessage(back);

  test("complete and a valid CareCommunication", () => {
    expect(issues).toEqual([]);
    expect(validateMessage(back).issues.filter((i) => i.severity === "error")).toEqual([]);
  });

  test("the same parties (GLN, SOR) and patient", () => {
    expect([after.sender.gln, after.sender.sor, after.receiver.gln, after.receiver.sor]).toEqual([
      before.sender.gln,
      before.sender.sor,
      before.receiver.gln,
      before.receiver.sor,
    ]);
    expect(after.patient).toBe(before.patient);
    const [was, is] = [patientOf(original).name?.[0], patientOf(back).name?.[0]];
    expect([is?.family, is?.given?.join(" ")]).toEqual([was?.family, was?.given?.join(" ")]);
  });

  test("every text segment's text, in order, inside the one text segment it becomes", () => {
    const text = segmentsOf(back).find((s) => s.kind === "text")?.text ?? "";
    let at = 0;
    for (const segment of segmentsOf(original).filter((s) => s.kind === "text")) {
      const found = text.indexOf((segment.text ?? "").trimEnd(), at);
      expect(found).toBeGreaterThanOrEqual(at);
      at = found;
    }
  });

  test("every attachment with data: the same identifier, content type and bytes; a link: the same url", () => {
    // An earlier attachment a reply carries by identifier only is a line of text in XDIS91, not an attachment.
    const attachments = (b: Bundle) =>
      segmentsOf(b)
        .filter((s) => s.kind === "attachment" && (s.attachment?.data ?? s.attachment?.url) !== undefined)
        .map((s) => (s.attachment?.data ? [s.id, s.attachment.contentType, s.attachment.data] : [s.attachment?.url]));
    expect(attachments(back)).toEqual(attachments(original));
  });

  test("a new thread: XDIS91 carries none, so the converted letter starts one (MedCom's rule, LEGACY.md §6.3)", () => {
    expect(after.kind).toBe("new");
    expect(after.thread).toBeDefined();
    expect(after.thread).not.toBe(before.thread);
    expect(after.id).not.toBe(before.id);
  });
});
