// The one conformance suite every delivery adapter passes (ARCHITECTURE.md; bullmq's adapter-conformance idea):
// delivered once however often it is asked, expected failures as values, never exceptions.
import { describe, expect, it } from "vitest";
import type { Delivery, DeliveryAdapter, DeliveryDocument } from "../../../adapters/types.js";

export interface AdapterHarness {
  /** An adapter pointing at a working receiver. */
  working(): DeliveryAdapter;
  /** Everything the receiver got, one entry per entry it holds or request it was sent (never de-duplicated here: a
   *  harness that folded repeats would make the repeat case pass whatever the adapter does); `body` where the receiver
   *  holds the bytes itself (the mailbox holds a reference; the content stays in the store); `idempotencyKey` where
   *  the receiver is told how to recognise a repeat. */
  received(): Promise<{ messageId: string; body?: Uint8Array; idempotencyKey?: string }[]>;
  /** An adapter whose receiver is down for now (expect `retry`), if the adapter has such a state. */
  unavailable?(): DeliveryAdapter;
  /** An adapter whose receiver refuses for good (expect `rejected`), if the adapter has such a state. */
  refusing?(): DeliveryAdapter;
}

/** What an adapter promises, fixed when the suite is declared so the cases it does not promise show as skipped. */
export interface AdapterFeatures {
  /** How a repeated delivery (a retried job) reaches the receiver: `kept-once` — the receiver ends up holding one
   *  entry (the adapter writes to a store it controls); `same-idempotency-key` — each delivery is a new request, all
   *  carrying the message id as Idempotency-Key so the receiver can keep one (delivery is at-least-once). */
  repeats: "kept-once" | "same-idempotency-key";
  /** The harness has `unavailable()`. */
  unavailable: boolean;
  /** The harness has `refusing()`. */
  refusing: boolean;
}

let counter = 0;

/** One FHIR document, as the delivery processor makes it for a FHIR receiver. */
export function fhirDocuments(
  text: string,
  mediaType: "application/fhir+xml" | "application/fhir+json" = "application/fhir+xml",
): () => Promise<DeliveryDocument[]> {
  return () => Promise.resolve([{ part: "fhir", mediaType, charset: "utf-8", bytes: new TextEncoder().encode(text) }]);
}

/** A legacy location's documents (issue 15): an XDIS91 and its XBIN01, ISO-8859-1 bytes (here: stand-ins). */
export function oioxmlDocuments(messageId: string): () => Promise<DeliveryDocument[]> {
  const latin1 = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));
  const doc = (part: "xdis91" | "xbin01"): DeliveryDocument => ({
    part,
    mediaType: "application/xml",
    charset: "ISO-8859-1",
    bytes: latin1(
      `<?xml version="1.0" encoding="ISO-8859-1"?>\n<Emessage><!-- ${part} ${messageId} æøå --></Emessage>`,
    ),
  });
  return () => Promise.resolve([doc("xdis91"), doc("xbin01")]);
}

export function sampleDelivery(overrides: Partial<Delivery> = {}): Delivery {
  counter += 1;
  const messageId = `00000000-0000-4000-8000-${counter.toString(16).padStart(12, "0")}`;
  return {
    messageId,
    bundleId: `10000000-0000-4000-8000-${counter.toString(16).padStart(12, "0")}`,
    sender: { gln: "5790001348120" },
    receiver: { gln: "5790000209354" },
    documents: fhirDocuments(`<Bundle xmlns="http://hl7.org/fhir"><id value="${messageId}"/></Bundle>`),
    attempt: 1,
    ...overrides,
  };
}

/** A feature the suite was told about must be there: a missing one fails instead of passing silently. */
function required(h: AdapterHarness, what: "unavailable" | "refusing"): DeliveryAdapter {
  const adapter = h[what]?.();
  if (!adapter) throw new Error(`the suite declares \`${what}\` but the harness has no ${what}()`);
  return adapter;
}

export function adapterConformance(name: string, features: AdapterFeatures, harness: () => AdapterHarness): void {
  describe(`${name} adapter conformance`, () => {
    it("delivers a message and the receiver holds it with its body", async () => {
      const h = harness();
      const delivery = sampleDelivery();
      expect(await h.working().deliver(delivery)).toMatchObject({ outcome: "delivered" });
      const held = (await h.received()).find((r) => r.messageId === delivery.messageId);
      expect(held).toBeDefined();
      const [document] = await delivery.documents();
      if (held?.body !== undefined)
        expect(Buffer.from(held.body).equals(Buffer.from(document?.bytes ?? []))).toBe(true);
    });

    it.runIf(features.repeats === "kept-once")(
      "delivers the same message twice (a retried job) and the receiver has it once",
      async () => {
        const h = harness();
        const delivery = sampleDelivery();
        const adapter = h.working();
        await adapter.deliver(delivery);
        expect(await adapter.deliver({ ...delivery, attempt: 2 })).toMatchObject({ outcome: "delivered" });
        const held = (await h.received()).filter((r) => r.messageId === delivery.messageId);
        expect(held).toHaveLength(1);
      },
    );

    it.runIf(features.repeats === "same-idempotency-key")(
      "delivers the same message twice (a retried job) as two requests with one Idempotency-Key, the message id",
      async () => {
        const h = harness();
        const delivery = sampleDelivery();
        const adapter = h.working();
        await adapter.deliver(delivery);
        expect(await adapter.deliver({ ...delivery, attempt: 2 })).toMatchObject({ outcome: "delivered" });
        const held = (await h.received()).filter((r) => r.messageId === delivery.messageId);
        expect(held.map((r) => r.idempotencyKey)).toEqual([delivery.messageId, delivery.messageId]);
        expect(Buffer.from(held[0]?.body ?? []).equals(Buffer.from(held[1]?.body ?? [1]))).toBe(true);
      },
    );

    it("keeps messages apart: two messages, two entries", async () => {
      const h = harness();
      const [a, b] = [sampleDelivery(), sampleDelivery()];
      await h.working().deliver(a);
      await h.working().deliver(b);
      const ids = (await h.received()).map((r) => r.messageId);
      expect(ids).toEqual(expect.arrayContaining([a.messageId, b.messageId]));
    });

    it.runIf(features.unavailable)(
      "reports a receiver that is down as `retry` with a reason, without throwing",
      async () => {
        const outcome = await required(harness(), "unavailable").deliver(sampleDelivery());
        expect(outcome.outcome).toBe("retry");
        expect(outcome).toHaveProperty("reason", expect.stringMatching(/\w/));
      },
    );

    it.runIf(features.refusing)(
      "reports a receiver that refuses for good as `rejected` with a reason, without throwing",
      async () => {
        const outcome = await required(harness(), "refusing").deliver(sampleDelivery());
        expect(outcome.outcome).toBe("rejected");
        expect(outcome).toHaveProperty("reason", expect.stringMatching(/\w/));
      },
    );

    it("delivers a legacy location's OIOXML documents (issue 15): each one's bytes, once per delivery", async () => {
      const h = harness();
      const delivery = sampleDelivery();
      const withDocuments = { ...delivery, documents: oioxmlDocuments(delivery.messageId) };
      const adapter = h.working();
      expect(await adapter.deliver(withDocuments)).toMatchObject({ outcome: "delivered" });
      const sent = await withDocuments.documents();
      const held = (await h.received()).filter((r) => r.messageId === delivery.messageId);
      if (held.some((r) => r.body !== undefined)) {
        // A folder has no order; the webhook's order (XDIS91 first) is checked with the webhook.
        const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString("latin1");
        expect(held.map((r) => text(r.body)).sort()).toEqual(sent.map((d) => text(d.bytes)).sort());
      } else expect(held).toHaveLength(1);
    });
  });
}
