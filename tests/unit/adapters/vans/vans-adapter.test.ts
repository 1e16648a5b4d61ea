// The VANS delivery adapter (issue 16; LEGACY.md §5.2): one envelope per document, SenderID/ReceiverID the GLNs,
// a new EnvelopeIdentifier per send, MessageIdentifier = MessageHeader.id for FHIR (stable across re-sends) and a
// stable UUID per OIOXML document; `<EnvelopeIdentifier>.xml` in the outbox; each envelope recorded before it is put;
// an unusable connection is "retry" (the circuit breaker applies), what no attempt gets past is "rejected".
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ContentGoneError, type Delivery, type DeliveryDocument } from "../../../../adapters/types.js";
import type { BytesDocument } from "../../../../src/domain/delivery-document.js";
import { folderTransport } from "../../../../adapters/vans/folder-transport.js";
import { VansUnreachable, type VansTransport } from "../../../../adapters/vans/transport.js";
import { oioxmlMessageIdentifier, vansAdapter } from "../../../../adapters/vans/vans-adapter.js";
import { buildAcknowledgement } from "../../../../src/medcom/builders/index.js";
import { writeFhirJson, writeFhirXml } from "../../../../src/medcom/fhir/index.js";
import type { Bundle } from "../../../../src/medcom/model/index.js";
import { readVansEnvelope } from "../../../../src/medcom/vans/index.js";
import { createMemoryVansEnvelopes } from "../../../../src/store/memory/vans-envelopes.js";
import { build, composeFixture, NOW, sequentialIds } from "../../../support/build.js";

const PPR = "5790001348120";
const GP = "5790000209354";
const letter: Bundle = build(composeFixture("new-ppr-to-gp.json"), undefined, sequentialIds(1));
const messageId = (letter.entry?.[0]?.resource as { id: string }).id;
const utf8 = (text: string) => new TextEncoder().encode(text);
const fhir = (bundle: Bundle, json = false): BytesDocument => ({
  part: "fhir",
  mediaType: json ? "application/fhir+json" : "application/fhir+xml",
  charset: "utf-8",
  bytes: utf8(json ? writeFhirJson(bundle) : writeFhirXml(bundle)),
});
const latin1 = (part: "xdis91" | "xbin01" | "xctl", body: string): BytesDocument => ({
  part,
  mediaType: "application/xml",
  charset: "ISO-8859-1",
  bytes: new Uint8Array(
    Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>\n<Emessage>${body}</Emessage>`, "latin1"),
  ),
});
const delivery = (documents: DeliveryDocument[], id = messageId): Delivery => ({
  messageId: id,
  bundleId: id,
  sender: { gln: PPR },
  receiver: { gln: GP },
  documents: () => Promise.resolve(documents),
  attempt: 1,
});

function setUp(transport?: (folders: VansTransport) => VansTransport) {
  const root = mkdtempSync(join(tmpdir(), "mg-vans-adapter-"));
  const outbox = join(root, "out");
  mkdirSync(outbox);
  mkdirSync(join(root, "in"));
  const stores = createMemoryVansEnvelopes();
  const folders = folderTransport({ outbox, inbox: join(root, "in") });
  let n = 0;
  const adapter = vansAdapter({
    transport: transport ? transport(folders) : folders,
    sent: stores.sent,
    now: () => Date.parse("2026-11-22T09:00:00Z"),
    newEnvelopeId: () => `0f8fad5b-d9cb-469f-a165-${(++n).toString(16).padStart(12, "0")}`,
  });
  const envelopes = () =>
    readdirSync(outbox)
      .sort()
      .map((name) => {
        const read = readVansEnvelope(readFileSync(join(outbox, name)));
        if (!read.ok || read.value.kind !== "message") throw new Error(`${name} is not a message envelope`);
        return { name, envelope: read.value };
      });
  return { adapter, stores, outbox, envelopes };
}

describe("VANS adapter", () => {
  it("a CareCommunication: one envelope named by its EnvelopeIdentifier, recorded, MessageIdentifier = MessageHeader.id", async () => {
    const { adapter, stores, envelopes } = setUp();
    expect(await adapter.deliver(delivery([fhir(letter)]))).toEqual({ outcome: "delivered", detail: "handed to VANS" });
    const [only, ...rest] = envelopes();
    expect(rest).toEqual([]);
    const e = only!.envelope;
    expect(only!.name).toBe(`${e.envelopeIdentifier}.xml`);
    expect(e.sender).toEqual({ id: PPR, type: "EAN" });
    expect(e.receiver).toEqual({ id: GP, type: "EAN" });
    expect(e.meta.identifier).toBe(messageId);
    expect(e.meta.document.name).toMatch(/^MCM:FDIS91#[a-z-]+$/);
    expect(e.meta.transport?.serviceTags).toEqual([{ name: "MCM:MIME", value: "application/fhir+xml" }]);
    expect(new TextDecoder().decode(e.data.bytes())).toBe(writeFhirXml(letter));
    expect(await stores.sent.byEnvelope(e.envelopeIdentifier)).toEqual({
      envelopeIdentifier: e.envelopeIdentifier,
      messageId,
      messageIdentifier: messageId,
      receiver: GP,
    });
  });

  it("a re-send: a new EnvelopeIdentifier, the same MessageIdentifier", async () => {
    const { adapter, envelopes } = setUp();
    await adapter.deliver(delivery([fhir(letter, true)]));
    await adapter.deliver(delivery([fhir(letter, true)]));
    const [a, b] = envelopes().map((x) => x.envelope);
    expect(a!.envelopeIdentifier).not.toBe(b!.envelopeIdentifier);
    expect(a!.meta.identifier).toBe(messageId);
    expect(b!.meta.identifier).toBe(messageId);
    expect(a!.meta.transport?.serviceTags).toEqual([{ name: "MCM:MIME", value: "application/fhir+json" }]);
  });

  it("an Acknowledgement goes as MCM:FCTL#<code>", async () => {
    const { adapter, envelopes } = setUp();
    const ack = buildAcknowledgement({ message: letter, code: "ok", newId: sequentialIds(900), now: NOW });
    const ackId = (ack.entry?.[0]?.resource as { id: string }).id;
    expect((await adapter.deliver(delivery([fhir(ack)], ackId))).outcome).toBe("delivered");
    const e = envelopes()[0]!.envelope;
    expect(e.meta.document.name).toBe("MCM:FCTL#ok");
    expect(e.meta.identifier).toBe(ackId);
  });

  it("OIOXML documents: an envelope each, MessageIdentifiers distinct and stable across sends", async () => {
    const { adapter, envelopes } = setUp();
    const docs = [latin1("xdis91", "letter æøå"), latin1("xbin01", "attachment")];
    await adapter.deliver(delivery(docs));
    await adapter.deliver(delivery(docs));
    const sent = envelopes().map((x) => x.envelope);
    expect(sent.map((e) => e.meta.document.name)).toEqual(["MCM:XDIS91", "MCM:XBIN01", "MCM:XDIS91", "MCM:XBIN01"]);
    const ids = sent.map((e) => e.meta.identifier);
    expect(ids[0]).toBe(oioxmlMessageIdentifier(messageId, "xdis91"));
    expect(ids[1]).toBe(oioxmlMessageIdentifier(messageId, "xbin01"));
    expect(ids[0]).not.toBe(ids[1]);
    expect([ids[2], ids[3]]).toEqual([ids[0], ids[1]]);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Buffer.from(sent[0]!.data.bytes()).toString("latin1")).toContain("æøå");
    // XCTLs by their VersionCode.
    const xctl = latin1("xctl", "<Letter><VersionCode>XC0330Q</VersionCode></Letter>");
    await adapter.deliver(delivery([xctl], "3b1e6e0a-0c1d-4e7a-9d55-5a8f0d2f7c11"));
    expect(envelopes().some((x) => x.envelope.meta.document.name === "MCM:XCTL03")).toBe(true);
  });

  it("each envelope is recorded before it is put (its receipt always finds the message)", async () => {
    let checked = 0;
    const { adapter, stores } = setUp((folders) => ({
      ...folders,
      async put(name, bytes) {
        expect(await stores.sent.byEnvelope(name.replace(/\.xml$/, ""))).toBeDefined();
        checked += 1;
        return folders.put(name, bytes);
      },
    }));
    await adapter.deliver(delivery([latin1("xdis91", "a"), latin1("xbin01", "b")]));
    expect(checked).toBe(2);
  });

  it("an unreachable network or a failing store is retry; unsendable documents are rejected; content gone throws", async () => {
    const down = setUp((folders) => ({ ...folders, put: () => Promise.reject(new VansUnreachable("sftp refused")) }));
    expect(await down.adapter.deliver(delivery([fhir(letter)]))).toEqual({
      outcome: "retry",
      reason: "VANS: sftp refused",
    });
    const { adapter, outbox } = setUp();
    const bad = await adapter.deliver(delivery([{ ...fhir(letter), bytes: utf8("<nonsense/>") }]));
    expect(bad.outcome).toBe("rejected");
    expect((await adapter.deliver(delivery([latin1("xctl", "no type")]))).outcome).toBe("rejected");
    expect((await adapter.deliver(delivery([fhir(letter)], "not-a-uuid"))).outcome).toBe("rejected");
    const gone = { ...delivery([]), documents: () => Promise.reject(new ContentGoneError()) };
    await expect(adapter.deliver(gone)).rejects.toThrow(ContentGoneError);
    expect(readdirSync(outbox)).toEqual([]);
  });
});
