// Envelope receipts for the gateway's own envelopes (issue 16: "envelope-level receipts move the message's status
// with the reason"; plan-16 item 4): positive → a `network-accepted` event; NegativeMessage / NegativeVans → the
// message failed with the receipt's reason; a receipt the gateway cannot place is ignored.
import { describe, expect, it } from "vitest";
import {
  envelopeFor,
  negativeEnvelopeReceipt,
  negativeVansReceipt,
  positiveEnvelopeReceipt,
  writeVansEnvelope,
  type VansMessageEnvelope,
  type VansReceiptEnvelope,
} from "../../../../src/medcom/vans/index.js";
import { receiveEnvelope } from "../../../../src/usecases/network/receive-envelope.js";
import { submitMessage } from "../../../../src/usecases/submit/submit-message.js";
import { composeFixture } from "../../../support/build.js";
import { FREDERIKSVAERK, HELSINGE, networkGateway, PPR, type NetworkGateway } from "../../../support/vans-inbound.js";

const ENVELOPE = "7d3f2c1b-0a9e-4d8c-b7a6-5f4e3d2c1b0a";

/** A letter from PPR Gribskov to Helsinge (remote), handed to VANS in envelope ENVELOPE, as vans-out records it. */
async function sentThroughVans(g: NetworkGateway): Promise<{ id: string; envelope: VansMessageEnvelope }> {
  const { body } = await submitMessage(
    g.caller("ppr-gribskov"),
    { type: "compose", body: composeFixture("new-ppr-to-gp.json") },
    g.deps,
  );
  const at = g.clock.now().toISOString();
  await g.deps.handOver(body.id, 0);
  await g.deps.store.transition(body.id, "queued", "delivered", { at, type: "delivered" });
  const envelope = envelopeFor(
    {
      kind: "care-communication",
      messageId: body.id,
      category: "examination-results",
      mime: "application/fhir+xml",
      bytes: new Uint8Array([60]),
    },
    { sender: PPR, receiver: HELSINGE, envelopeIdentifier: ENVELOPE },
  );
  await g.net.vansSent.record({
    envelopeIdentifier: ENVELOPE,
    messageId: body.id,
    messageIdentifier: body.id,
    receiver: HELSINGE,
  });
  return { id: body.id, envelope };
}

const receive = (g: NetworkGateway, receipt: VansReceiptEnvelope) => receiveEnvelope(writeVansEnvelope(receipt), g.net);

describe("a positive envelope receipt", () => {
  it("adds one network-accepted event and leaves the status", async () => {
    const g = networkGateway();
    const { id, envelope } = await sentThroughVans(g);
    expect(await receive(g, positiveEnvelopeReceipt(envelope))).toEqual({
      outcome: "receipt",
      applied: "network-accepted",
    });
    expect(await receive(g, positiveEnvelopeReceipt(envelope))).toEqual({
      outcome: "receipt",
      applied: "network-accepted",
    });
    const events = (await g.deps.store.events(id)).filter((e) => e.type === "network-accepted");
    expect(events).toEqual([
      { at: expect.any(String) as string, type: "network-accepted", detail: { envelope: ENVELOPE } },
    ]);
    expect(await g.deps.store.get(id)).toMatchObject({ status: "delivered" });
  });
});

describe("a negative envelope receipt fails the message with its reason", () => {
  it("NegativeMessage from the receiver", async () => {
    const g = networkGateway();
    const { id, envelope } = await sentThroughVans(g);
    const receipt = negativeEnvelopeReceipt(envelope, { code: 17, description: "Ukendt modtager hos Lægerne" });
    expect(await receive(g, receipt)).toEqual({ outcome: "receipt", applied: "failed" });
    const record = await g.deps.store.get(id);
    expect(record).toMatchObject({
      status: "failed",
      failureReason: "The receiver refused the envelope (code 17): Ukendt modtager hos Lægerne",
    });
    // The outside text stays in the sealed failure reason; the event says who refused.
    const failed = (await g.deps.store.events(id)).find((e) => e.type === "failed");
    expect(failed?.detail).toEqual({ reason: "The receiver refused the envelope (code 17)", envelope: ENVELOPE });
  });

  it("NegativeVans from the network, with the description bounded and hidden characters escaped", async () => {
    const g = networkGateway();
    const { id, envelope } = await sentThroughVans(g);
    const description = `Ikke leveret\u202e${"x".repeat(600)}`;
    const receipt = negativeVansReceipt(envelope, { description }, { sender: { id: "VANSPROVIDER", type: "VANS" } });
    expect(await receive(g, receipt)).toEqual({ outcome: "receipt", applied: "failed" });
    const reason = (await g.deps.store.get(id))?.failureReason ?? "";
    expect(reason.startsWith("The VANS network refused the envelope: Ikke leveret\\u202e")).toBe(true);
    expect(reason).not.toContain("\u202e");
    expect(reason.length).toBeLessThan(600);
  });
});

describe("receipts the gateway cannot place are ignored", () => {
  it("from another location than the envelope's receiver", async () => {
    const g = networkGateway();
    const { id, envelope } = await sentThroughVans(g);
    const receipt = negativeEnvelopeReceipt(envelope, { description: "nej" });
    const forged = { ...receipt, sender: { id: FREDERIKSVAERK, type: "EAN" as const } };
    expect(await receive(g, forged)).toEqual({ outcome: "receipt", applied: "ignored" });
    expect(await g.deps.store.get(id)).toMatchObject({ status: "delivered" });
  });

  it("for an envelope the gateway did not send, or quoting another message", async () => {
    const g = networkGateway();
    const { id, envelope } = await sentThroughVans(g);
    const other = { ...envelope, envelopeIdentifier: "00000000-0000-4000-8000-00000000abcd" };
    expect(await receive(g, negativeEnvelopeReceipt(other, { description: "nej" }))).toMatchObject({
      applied: "ignored",
    });
    const misquoted = { ...envelope, meta: { ...envelope.meta, identifier: "00000000-0000-4000-8000-00000000dcba" } };
    expect(await receive(g, negativeEnvelopeReceipt(misquoted, { description: "nej" }))).toMatchObject({
      applied: "ignored",
    });
    expect(await g.deps.store.get(id)).toMatchObject({ status: "delivered" });
  });

  it("a negative receipt for a message already acknowledged changes nothing", async () => {
    const g = networkGateway();
    const { id, envelope } = await sentThroughVans(g);
    const at = g.clock.now().toISOString();
    await g.deps.store.transition(id, "delivered", "acknowledged", { at, type: "acknowledged" });
    expect(await receive(g, negativeEnvelopeReceipt(envelope, { description: "nej" }))).toMatchObject({
      applied: "ignored",
    });
    expect(await g.deps.store.get(id)).toMatchObject({ status: "acknowledged" });
  });

  it("matches the envelope identifier without regard to case", async () => {
    const g = networkGateway();
    const { envelope } = await sentThroughVans(g);
    const receipt = positiveEnvelopeReceipt(envelope);
    const upper = { ...receipt, receipt: { ...receipt.receipt, originalEnvelopeIdentifier: ENVELOPE.toUpperCase() } };
    expect(await receive(g, upper)).toMatchObject({ applied: "network-accepted" });
  });
});
