// Envelope receipts answering an envelope (LEGACY.md §5.1 Receipt): addressed back to the sender, a new
// EnvelopeIdentifier, the original quoted; they write and read back as schema-valid envelopes.
import { describe, expect, test } from "vitest";
import {
  type VansMessageEnvelope,
  negativeEnvelopeReceipt,
  negativeVansReceipt,
  positiveEnvelopeReceipt,
  readVansEnvelope,
  writeVansEnvelope,
} from "../../../src/medcom/vans/index.js";
import { ENVELOPE_ID, RECEIVER, SENDER, messageEnvelope } from "../../support/vans-documents.js";

const read = readVansEnvelope(messageEnvelope);
if (!read.ok || read.value.kind !== "message") throw new Error("fixture");
const original: VansMessageEnvelope = read.value;
const now = Date.parse("2026-01-10T11:00:00Z");

const roundTrips = (e: Parameters<typeof writeVansEnvelope>[0]): void => {
  const back = readVansEnvelope(writeVansEnvelope(e));
  expect(back.issues).toEqual([]);
  expect(back.ok && back.value).toEqual(e);
};

describe("envelope receipts", () => {
  test("positive: back to the sender, new EnvelopeIdentifier, the original quoted", () => {
    const r = positiveEnvelopeReceipt(original, { now });
    expect(r).toMatchObject({
      kind: "receipt",
      sender: { id: RECEIVER, type: "EAN" },
      receiver: { id: SENDER, type: "EAN" },
      sentDateTime: "2026-01-10T12:00:00",
      receipt: { kind: "positive-message", originalEnvelopeIdentifier: ENVELOPE_ID, originalMessage: original.meta },
    });
    expect(r.envelopeIdentifier).not.toBe(ENVELOPE_ID);
    roundTrips(r);
  });

  test("negative: with the error; a description over 512 characters is cut", () => {
    const r = negativeEnvelopeReceipt(
      original,
      { code: 3, description: "x".repeat(600) },
      { envelopeIdentifier: ENVELOPE_ID },
    );
    expect(r.envelopeIdentifier).toBe(ENVELOPE_ID);
    expect(r.receipt).toMatchObject({ kind: "negative-message", error: { code: 3 } });
    const description = r.receipt.kind === "negative-message" ? r.receipt.error.description : "";
    expect([...description]).toHaveLength(512);
    expect(description.endsWith("…")).toBe(true);
    roundTrips(r);
  });

  test("NegativeVans: issued by the network, the original message optional", () => {
    const vans = { id: "VANSPROVIDER1", type: "VANS" } as const;
    const r = negativeVansReceipt(
      { sender: original.sender, receiver: original.receiver, envelopeIdentifier: ENVELOPE_ID },
      { description: "Ukendt modtager" },
      { sender: vans, now },
    );
    expect(r.sender).toEqual(vans);
    expect(r.receiver).toEqual(original.sender);
    expect(r.receipt).toEqual({
      kind: "negative-vans",
      error: { description: "Ukendt modtager" },
      originalEnvelopeIdentifier: ENVELOPE_ID,
    });
    roundTrips(r);
    const withMeta = negativeVansReceipt({ ...original, meta: original.meta }, { code: 1, description: "d" });
    expect(withMeta.sender).toEqual(original.receiver);
    expect(withMeta.receipt).toMatchObject({ originalMessage: original.meta });
  });

  test("an empty description or a code that is not a positive integer is a programming error", () => {
    expect(() => negativeEnvelopeReceipt(original, { description: "" })).toThrow(RangeError);
    expect(() => negativeEnvelopeReceipt(original, { code: 0, description: "d" })).toThrow(RangeError);
    expect(() => negativeEnvelopeReceipt(original, { code: 1.5, description: "d" })).toThrow(RangeError);
  });
});
