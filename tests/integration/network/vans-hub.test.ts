// The simulated VANS hub itself (tests/support/vans-hub.ts), without gateways: the two-gateway tests rely on it
// moving envelopes by ReceiverID byte for byte, refusing unknown receivers with a NegativeVans, and misbehaving only
// when asked.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { writeFileAtomically } from "../../../src/fs/safe-files.js";
import { envelopeFor, readVansEnvelope, writeVansEnvelope } from "../../../src/medcom/vans/index.js";
import { GLN, until } from "../../support/gateway.js";
import { HUB_END_POINT, startVansHub, type VansHub } from "../../support/vans-hub.js";
import { UNKNOWN_GLN } from "../../support/vans-network.js";

let hub: VansHub | undefined;
afterEach(async () => {
  await hub?.stop();
  hub = undefined;
});

const start = (): VansHub =>
  (hub = startVansHub({
    mailboxes: [
      { name: "a", glns: [GLN.ppr] },
      { name: "b", glns: [GLN.gp] },
    ],
    pollMs: 10,
  }));

function letter(receiver: string = GLN.gp): { bytes: Uint8Array; envelopeIdentifier: string; messageId: string } {
  const messageId = randomUUID();
  const envelope = envelopeFor(
    {
      kind: "care-communication",
      messageId,
      category: "other",
      mime: "application/fhir+xml",
      bytes: Buffer.from('<Bundle xmlns="http://hl7.org/fhir"/>'),
    },
    { sender: GLN.ppr, receiver },
  );
  return { bytes: writeVansEnvelope(envelope), envelopeIdentifier: envelope.envelopeIdentifier, messageId };
}

/** Put a file in a's outbox as a VANS client writes: a temporary name, then a rename. */
const drop = (h: VansHub, name: string, bytes: Uint8Array): Promise<void> =>
  writeFileAtomically(h.mailbox("a").outbox, name, bytes);

const inbox = (h: VansHub, name: string): string[] =>
  readdirSync(h.mailbox(name).inbox).filter((f) => f.endsWith(".xml"));
const readIn = (h: VansHub, name: string, file: string) => {
  const read = readVansEnvelope(readFileSync(join(h.mailbox(name).inbox, file)));
  if (!read.ok) throw new Error("unreadable");
  return read.value;
};

describe("the simulated VANS hub", () => {
  it("moves an envelope byte for byte to the mailbox holding its ReceiverID, ignoring hidden files", async () => {
    const h = start();
    const sent = letter();
    writeFileSync(join(h.mailbox("a").outbox, ".partial.tmp"), "half");
    await drop(h, `${sent.envelopeIdentifier}.xml`, sent.bytes);
    const moved = await h.waitFor((r) => r.envelopeIdentifier === sent.envelopeIdentifier);
    expect(moved).toMatchObject({ action: "forwarded", from: "a", to: "b", messageIdentifier: sent.messageId });
    expect(readFileSync(join(h.mailbox("b").inbox, moved.file ?? "")).equals(Buffer.from(sent.bytes))).toBe(true);
    await until(() => (readdirSync(h.mailbox("a").outbox).length === 1 ? true : undefined));
    expect(readdirSync(h.mailbox("a").outbox)).toEqual([".partial.tmp"]);
  });

  it("answers an envelope for an unknown GLN with a NegativeVans from the network", async () => {
    const h = start();
    const sent = letter(UNKNOWN_GLN);
    await drop(h, "x.xml", sent.bytes);
    const back = await until(() => inbox(h, "a")[0]);
    const receipt = readIn(h, "a", back);
    expect(receipt).toMatchObject({ kind: "receipt", sender: HUB_END_POINT, receiver: { id: GLN.ppr, type: "EAN" } });
    expect(receipt.kind === "receipt" && receipt.receipt).toMatchObject({
      kind: "negative-vans",
      originalEnvelopeIdentifier: sent.envelopeIdentifier,
      error: { description: expect.stringContaining(UNKNOWN_GLN) as string },
    });
  });

  it("refuses, rewrites and delivers again when asked", async () => {
    const h = start();
    h.once(() => true, { negativeVans: { description: "closed" } });
    const refused = letter();
    await drop(h, "1.xml", refused.bytes);
    await h.waitFor((r) => r.action === "refused");
    expect(inbox(h, "b")).toEqual([]);

    const reused = randomUUID();
    h.once(() => true, { rewrite: (e) => ({ ...e, envelopeIdentifier: reused }) });
    await drop(h, "2.xml", letter().bytes);
    await h.waitFor((r) => r.action === "rewritten" && r.envelopeIdentifier === reused);

    const again = await h.deliverAgain(reused);
    const fresh = await h.deliverAgain(reused, { newEnvelopeIdentifier: true });
    expect(again).toBe(reused);
    expect(fresh).not.toBe(reused);
    const arrived = inbox(h, "b").map((f) => readIn(h, "b", f).envelopeIdentifier);
    expect(arrived).toEqual([reused, reused, fresh]);
    expect(h.log.map((r) => r.action)).toEqual(["refused", "forwarded", "rewritten", "redelivered", "redelivered"]);
    expect(h.log[1]).toMatchObject({ to: "a", kind: "receipt", receipt: { kind: "negative-vans" } });
  });

  it("sets an unreadable file aside and injects any envelope", async () => {
    const h = start();
    await drop(h, "junk.xml", Buffer.from("<not-an-envelope/>"));
    await h.waitFor((r) => r.kind === "unreadable");
    await until(() => (readdirSync(h.mailbox("a").outbox).length === 0 ? true : undefined));
    const injected = await h.inject("b", writeVansEnvelope(readVansEnvelopeOrThrow(letter().bytes)));
    expect(injected).toMatchObject({ action: "injected", to: "b", kind: "message" });
    await h.drained("a");
  });
});

function readVansEnvelopeOrThrow(bytes: Uint8Array) {
  const read = readVansEnvelope(bytes);
  if (!read.ok) throw new Error("unreadable");
  return read.value;
}
