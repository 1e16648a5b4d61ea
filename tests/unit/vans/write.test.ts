// writeVansEnvelope (LEGACY.md §5.1): what it writes reads back as the same model (message and all three receipts),
// markup characters survive, and a large payload goes through without the builder holding it.
import { describe, expect, test } from "vitest";
import {
  type VansEnvelope,
  type VansMessageEnvelope,
  dataFromBytes,
  readVansEnvelope,
  writeVansEnvelope,
} from "../../../src/medcom/vans/index.js";
import {
  messageEnvelope,
  negativeReceipt,
  negativeVans,
  positiveReceipt,
  VANS_NS,
} from "../../support/vans-documents.js";

function read(doc: string | Uint8Array): VansEnvelope {
  const result = readVansEnvelope(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

/** The model without its Data accessors, for comparison. */
function plain(e: VansEnvelope): unknown {
  if (e.kind === "receipt") return e;
  const { data, ...rest } = e;
  return { ...rest, payload: Buffer.from(data.bytes()).toString("base64") };
}

describe("writeVansEnvelope", () => {
  test.each([
    ["message", messageEnvelope],
    ["PositiveMessage", positiveReceipt],
    ["NegativeMessage", negativeReceipt],
    ["NegativeVans", negativeVans],
  ])("read(write(read(%s))) = read(%s)", (_, doc) => {
    const first = read(doc);
    const written = writeVansEnvelope(first);
    expect(plain(read(written))).toEqual(plain(first));
  });

  test("UTF-8 with the declaration, the default namespace, attributes and markup characters kept", () => {
    const base = read(messageEnvelope) as VansMessageEnvelope;
    const envelope: VansMessageEnvelope = {
      ...base,
      meta: {
        ...base.meta,
        document: { ...base.meta.document, name: "MCM:FDIS91#a&b<c>" },
        transport: { transformMessage: false, serviceTags: [{ name: 'n&amp;"<æ\tx', value: "AT&amp;T ø" }] },
      },
      data: dataFromBytes(new Uint8Array([0, 1, 2, 255])),
    };
    const bytes = writeVansEnvelope(envelope);
    const xml = Buffer.from(bytes).toString("utf8");
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml).toContain(`<VANSEnvelope xmlns="${VANS_NS}">`);
    expect(xml).toContain('<SenderID EndPointType="EAN">');
    expect(xml).toContain("<Data>AAEC/w==</Data>");
    const back = read(bytes) as VansMessageEnvelope;
    expect(back.meta.document.name).toBe("MCM:FDIS91#a&b<c>");
    expect(back.meta.transport?.serviceTags).toEqual([{ name: 'n&amp;"<æ\tx', value: "AT&amp;T ø" }]);
    expect([...back.data.bytes()]).toEqual([0, 1, 2, 255]);
  });

  test("Data that is not base64 is never written into the document", () => {
    const base = read(messageEnvelope) as VansMessageEnvelope;
    const hostile = { base64: () => "</Data><x/>", bytes: () => new Uint8Array() };
    expect(() => writeVansEnvelope({ ...base, data: hostile })).toThrow(RangeError);
  });

  test("a 30 MB payload round-trips byte for byte", () => {
    const payload = new Uint8Array(30 * 1024 * 1024);
    for (let i = 0; i < payload.length; i += 4096) payload[i] = i & 0xff;
    const base = read(messageEnvelope) as VansMessageEnvelope;
    const bytes = writeVansEnvelope({ ...base, data: dataFromBytes(payload) });
    const back = read(bytes) as VansMessageEnvelope;
    expect(Buffer.from(back.data.bytes()).equals(Buffer.from(payload))).toBe(true);
  });
});
