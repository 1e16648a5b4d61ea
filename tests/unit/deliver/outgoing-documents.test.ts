// The document-making step of the way out (issue 15 point 3), on the in-memory legacy id table with fake conversions:
// FHIR receivers get the Bundle as before; a legacy location gets XDIS91 (+ XBIN01) or one XCTL per receipted
// document, with ids kept before anything leaves and repeated on every later delivery.
import { describe, expect, it } from "vitest";
import type { LegacyDocumentIds } from "../../../src/domain/ports/index.js";
import type { MessageRecord } from "../../../src/domain/record.js";
import { writeFhirXml } from "../../../src/medcom/fhir/index.js";
import type { Resource } from "../../../src/medcom/model/index.js";
import type { OioxmlDocument, Xbin01, Xctl, Xdis91 } from "../../../src/medcom/oioxml/model.js";
import { createMemoryLegacyIds } from "../../../src/store/memory/legacy-ids.js";
import type { LegacyConversions, OutgoingDeps } from "../../../src/usecases/deliver/legacy-conversions.js";
import { outgoingDocuments } from "../../../src/usecases/deliver/outgoing-documents.js";

const LETTER = "6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f";
const ACK = "7a1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f";
const GP = "5790000209354";
const PPR = "5790001348120";
const SENT = { date: "2026-12-05", time: "10:00" };

const letterRecord = {
  id: LETTER,
  kind: "new",
  sender: { gln: GP, name: "GP" },
  receiver: { gln: PPR, name: "PPR" },
} satisfies Partial<MessageRecord>;
const ackRecord = {
  id: ACK,
  kind: "acknowledgement",
  sender: { gln: GP, name: "GP" },
  receiver: { gln: PPR, name: "PPR" },
  acknowledges: LETTER,
} satisfies Partial<MessageRecord>;

const bundle = (withData: boolean) =>
  JSON.stringify({ resourceType: "Bundle", id: "b", type: "message", entry: withData ? [{ data: "AAAA" }] : [] });

/** Fakes that carry the ids they are given into the documents, so the test sees which ids were used. */
function fakeConversions(calls: string[] = []): LegacyConversions {
  const envelope = (identifier: string) => ({
    sent: SENT,
    identifier,
    acknowledgementCode: "pluspositivkvitt" as const,
  });
  return {
    toXdis91(b, ids) {
      calls.push("toXdis91");
      if (JSON.stringify(b).includes("refuse"))
        return {
          ok: false,
          issues: [{ severity: "error", code: "x", path: "Bundle.entry[0]", message: "Nancy's text" }],
        };
      const letter = {
        kind: "xdis91",
        envelope: envelope(ids.envelope),
        letter: { identifier: ids.letter, versionCode: "XD9134L" },
      } as unknown as Xdis91;
      const binary = JSON.stringify(b).includes('"data"')
        ? ({
            kind: "xbin01",
            envelope: envelope(ids.binaryEnvelope),
            letter: { identifier: ids.binaryLetter, versionCode: "XB0131X" },
          } as unknown as Xbin01)
        : undefined;
      return { ok: true, value: binary ? { letter, binary } : { letter }, issues: [] };
    },
    toXctls(_ack, receipted, ids, parties) {
      calls.push("toXctls");
      return {
        ok: true,
        issues: [],
        value: receipted.map((r, i) => ({
          kind: "xctl03",
          envelope: { ...envelope(ids[i]?.envelope ?? ""), acknowledgementCode: "minuspositivkvitt" },
          letter: { identifier: ids[i]?.letter ?? "", versionCode: "XC0330Q", statisticalCode: "XCTL03" },
          sender: parties.sender,
          receiver: parties.receiver,
          original: {
            envelopeIdentifier: r.envelope,
            sender: parties.receiver,
            receiver: parties.sender,
            letters: [{ identifier: r.letter, versionCode: r.version }],
          },
        })) satisfies Xctl[],
      };
    },
    write: (doc: OioxmlDocument) => new Uint8Array(Buffer.from(`${JSON.stringify(doc)}æ`, "latin1")),
    check: () => [],
  };
}

function deps(overrides: Partial<OutgoingDeps> = {}): OutgoingDeps & { calls: string[] } {
  const calls: string[] = [];
  let n = 0;
  return {
    calls,
    legacyIds: createMemoryLegacyIds(),
    conversions: fakeConversions(calls),
    newOioId: () => `ID${String(++n).padStart(12, "0")}`,
    ...overrides,
  };
}

const read = (bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString("latin1").slice(0, -1)) as OioxmlDocument;
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("outgoing documents for a FHIR receiver", () => {
  it("is the stored JSON itself for application/fhir+json and the XML written from it for application/fhir+xml", async () => {
    const content = bundle(false);
    const json = await outgoingDocuments(letterRecord, content, "application/fhir+json", undefined);
    expect(json).toMatchObject({
      ok: true,
      value: [{ part: "fhir", mediaType: "application/fhir+json", charset: "utf-8" }],
    });
    if (json.ok) expect(text(json.value[0]?.bytes ?? new Uint8Array())).toBe(content);
    const xml = await outgoingDocuments(letterRecord, content, "application/fhir+xml", undefined);
    if (xml.ok)
      expect(text(xml.value[0]?.bytes ?? new Uint8Array())).toBe(writeFhirXml(JSON.parse(content) as Resource));
  });
});

describe("outgoing documents for a legacy location (formats[0] xdis91)", () => {
  it("makes an XDIS91 and, for a letter with attachment data, its XBIN01, with ids kept before it answers", async () => {
    const d = deps();
    const made = await outgoingDocuments(letterRecord, bundle(true), "xdis91", d);
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    expect(made.value.map((doc) => [doc.part, doc.mediaType, doc.charset])).toEqual([
      ["xdis91", "application/xml", "ISO-8859-1"],
      ["xbin01", "application/xml", "ISO-8859-1"],
    ]);
    const kept = await d.legacyIds.byMessage(LETTER);
    expect(kept).toEqual({
      messageId: LETTER,
      legacyParty: PPR,
      documents: [
        { kind: "xdis91", envelope: "ID000000000001", letter: "ID000000000002", version: "XD9134L" },
        { kind: "xbin01", envelope: "ID000000000003", letter: "ID000000000004", version: "XB0131X" },
      ],
    });
    expect(read(made.value[0]?.bytes ?? new Uint8Array())).toMatchObject({
      envelope: { identifier: "ID000000000001" },
    });
    // Converted once: the first conversion's ids are the ones kept.
    expect(d.calls).toEqual(["toXdis91"]);
  });

  it("makes only the XDIS91 for a letter without attachment data", async () => {
    const d = deps();
    const made = await outgoingDocuments(letterRecord, bundle(false), "xdis91", d);
    expect(made.ok && made.value.map((doc) => doc.part)).toEqual(["xdis91"]);
    expect((await d.legacyIds.byMessage(LETTER))?.documents.map((doc) => doc.kind)).toEqual(["xdis91"]);
  });

  it("repeats the same bytes on every later delivery (a retry, a technical resend, a mailbox fetch)", async () => {
    const d = deps();
    const first = await outgoingDocuments(letterRecord, bundle(true), "xdis91", d);
    const again = await outgoingDocuments(letterRecord, bundle(true), "xdis91", d);
    expect(again).toEqual(first);
  });

  it("uses the ids another worker kept first, never its own", async () => {
    const d = deps();
    const theirs: LegacyDocumentIds[] = [
      { kind: "xdis91", envelope: "THEIRS00000001", letter: "THEIRS00000002", version: "XD9134L" },
      { kind: "xbin01", envelope: "THEIRS00000003", letter: "THEIRS00000004", version: "XB0131X" },
    ];
    const store = d.legacyIds;
    // The other worker's record lands between this one's look-up and its remember.
    d.legacyIds = {
      ...store,
      byMessage: async (id) => {
        const found = await store.byMessage(id);
        if (!found) await store.remember({ messageId: LETTER, legacyParty: PPR, documents: theirs });
        return found;
      },
    };
    const made = await outgoingDocuments(letterRecord, bundle(true), "xdis91", d);
    expect(
      made.ok && made.value.map((doc) => (read(doc.bytes ?? new Uint8Array()) as Xdis91).envelope.identifier),
    ).toEqual(["THEIRS00000001", "THEIRS00000003"]);
  });

  it("refuses a letter the conversion refuses, keeps no ids for it, and says nothing of its text", async () => {
    const d = deps();
    const made = await outgoingDocuments(
      letterRecord,
      JSON.stringify({ resourceType: "Bundle", id: "refuse" }),
      "xdis91",
      d,
    );
    expect(made.ok).toBe(false);
    expect(await d.legacyIds.byMessage(LETTER)).toBeUndefined();
  });

  it("refuses a document MedCom's XSD checks refuse when it is read back, and keeps no ids for it", async () => {
    const d = deps();
    d.conversions = {
      ...d.conversions,
      check: () => [
        { severity: "error", code: "oioxml-length", path: "/Emessage/ClinicalEmail/Sender", message: "too long" },
      ],
    };
    const made = await outgoingDocuments(letterRecord, bundle(false), "xdis91", d);
    expect(made).toMatchObject({ ok: false, issues: [{ code: "oioxml-length" }] });
    expect(await d.legacyIds.byMessage(LETTER)).toBeUndefined();
  });

  it("refuses a letter whose documents no longer match the ids kept for it (never sent under other ids)", async () => {
    const d = deps();
    await outgoingDocuments(letterRecord, bundle(false), "xdis91", d);
    const made = await outgoingDocuments(letterRecord, bundle(true), "xdis91", d);
    expect(made).toMatchObject({ ok: false, issues: [{ code: "legacy-conversion" }] });
  });

  it("refuses to make OIOXML without a legacy id table", async () => {
    const made = await outgoingDocuments(letterRecord, bundle(false), "xdis91", undefined);
    expect(made).toMatchObject({ ok: false, issues: [{ code: "legacy-conversion" }] });
  });

  it("makes one XCTL per OIOXML document of the acknowledged letter, its own ids kept under the Acknowledgement", async () => {
    const d = deps();
    const received: LegacyDocumentIds[] = [
      { kind: "xdis91", envelope: "KuvNrerwerwe99", letter: "BrevNr00129", version: "XD9134L" },
      { kind: "xbin01", envelope: "KuvBin0000001", letter: "BrevBin000001", version: "XB0131X" },
    ];
    await d.legacyIds.remember({ messageId: LETTER, legacyParty: PPR, documents: received });
    const made = await outgoingDocuments(ackRecord, bundle(false), "xdis91", d);
    expect(made.ok && made.value.map((doc) => doc.part)).toEqual(["xctl", "xctl"]);
    if (!made.ok) return;
    const xctls = made.value.map((doc) => read(doc.bytes ?? new Uint8Array()) as Xctl);
    expect(xctls.map((x) => [x.original.envelopeIdentifier, x.original.letters[0]?.identifier])).toEqual([
      ["KuvNrerwerwe99", "BrevNr00129"],
      ["KuvBin0000001", "BrevBin000001"],
    ]);
    expect(xctls.map((x) => [x.sender, x.receiver])).toEqual([
      [GP, PPR],
      [GP, PPR],
    ]);
    expect((await d.legacyIds.byMessage(ACK))?.documents).toEqual([
      { kind: "xctl03", envelope: "ID000000000001", letter: "ID000000000002", version: "XC0330Q" },
      { kind: "xctl03", envelope: "ID000000000003", letter: "ID000000000004", version: "XC0330Q" },
    ]);
    expect(await outgoingDocuments(ackRecord, bundle(false), "xdis91", d)).toEqual(made);
  });

  it("receipts a letter that never was OIOXML (composed through the JSON API) by the first 14 hex digits of its MessageHeader.id", async () => {
    const d = deps();
    const made = await outgoingDocuments(ackRecord, bundle(false), "xdis91", d);
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    expect(made.value).toHaveLength(1);
    const xctl = read(made.value[0]?.bytes ?? new Uint8Array()) as Xctl;
    expect(xctl.original).toMatchObject({
      envelopeIdentifier: "6f1c2d3e4b5a4c",
      letters: [{ identifier: "6f1c2d3e4b5a4c", versionCode: "XD9134L" }],
    });
    // Nothing is invented for the letter itself.
    expect(await d.legacyIds.byMessage(LETTER)).toBeUndefined();
  });
});
