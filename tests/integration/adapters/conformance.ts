// The one conformance suite every delivery adapter passes (ARCHITECTURE.md; bullmq's adapter-conformance idea):
// delivered once however often it is asked, expected failures as values, never exceptions.
import { describe, expect, it } from "vitest";
import type { Delivery, DeliveryAdapter } from "../../../adapters/types.js";

export interface AdapterHarness {
  /** An adapter pointing at a working receiver. */
  working(): DeliveryAdapter;
  /** What the receiver holds: one entry per distinct message; `body` where the receiver holds the bytes itself (the
   *  mailbox holds a reference; the content stays in the store). */
  received(): Promise<{ messageId: string; body?: string }[]>;
  /** An adapter whose receiver is down for now (expect `retry`), if the adapter has such a state. */
  unavailable?(): DeliveryAdapter;
  /** An adapter whose receiver refuses for good (expect `rejected`), if the adapter has such a state. */
  refusing?(): DeliveryAdapter;
}

let counter = 0;

export function sampleDelivery(overrides: Partial<Delivery> = {}): Delivery {
  counter += 1;
  const messageId = `00000000-0000-4000-8000-${counter.toString(16).padStart(12, "0")}`;
  return {
    messageId,
    bundleId: `10000000-0000-4000-8000-${counter.toString(16).padStart(12, "0")}`,
    sender: { gln: "5790001348120" },
    receiver: { gln: "5790000209354" },
    body: () => Promise.resolve(`<Bundle xmlns="http://hl7.org/fhir"><id value="${messageId}"/></Bundle>`),
    format: "application/fhir+xml",
    attempt: 1,
    ...overrides,
  };
}

export function adapterConformance(name: string, harness: () => AdapterHarness): void {
  describe(`${name} adapter conformance`, () => {
    it("delivers a message and the receiver holds it with its body", async () => {
      const h = harness();
      const delivery = sampleDelivery();
      expect(await h.working().deliver(delivery)).toMatchObject({ outcome: "delivered" });
      const held = (await h.received()).find((r) => r.messageId === delivery.messageId);
      expect(held).toBeDefined();
      if (held?.body !== undefined) expect(held.body).toBe(await delivery.body());
    });

    it("delivers the same message twice (a retried job) and the receiver has it once", async () => {
      const h = harness();
      const delivery = sampleDelivery();
      const adapter = h.working();
      await adapter.deliver(delivery);
      expect(await adapter.deliver({ ...delivery, attempt: 2 })).toMatchObject({ outcome: "delivered" });
      const held = (await h.received()).filter((r) => r.messageId === delivery.messageId);
      expect(held).toHaveLength(1);
    });

    it("keeps messages apart: two messages, two entries", async () => {
      const h = harness();
      const [a, b] = [sampleDelivery(), sampleDelivery()];
      await h.working().deliver(a);
      await h.working().deliver(b);
      const ids = (await h.received()).map((r) => r.messageId);
      expect(ids).toEqual(expect.arrayContaining([a.messageId, b.messageId]));
    });

    it("reports a receiver that is down as `retry` with a reason, without throwing", async () => {
      const h = harness();
      if (!h.unavailable) return;
      const outcome = await h.unavailable().deliver(sampleDelivery());
      expect(outcome.outcome).toBe("retry");
      expect(outcome).toHaveProperty("reason", expect.stringMatching(/\w/));
    });

    it("reports a receiver that refuses for good as `rejected` with a reason, without throwing", async () => {
      const h = harness();
      if (!h.refusing) return;
      const outcome = await h.refusing().deliver(sampleDelivery());
      expect(outcome.outcome).toBe("rejected");
      expect(outcome).toHaveProperty("reason", expect.stringMatching(/\w/));
    });
  });
}
