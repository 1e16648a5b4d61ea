// Envelopes from the VANS network on the in-memory ports (issue 16, vans-in; LEGACY.md §5.2, plan-16 shared
// decisions): every envelope rule, the payload routed as the network acting for SenderID, and the envelope receipt
// built to go back.
import { describe, expect, it } from "vitest";
import { readVansEnvelope, type VansEnvelope } from "../../../../src/medcom/vans/index.js";
import { receiveEnvelope, type EnvelopeOutcome } from "../../../../src/usecases/network/receive-envelope.js";
import {
  bytesOf,
  envelopeOf,
  FREDERIKSVAERK,
  HALSNAES,
  headerId,
  HELSINGE,
  letterFromHelsinge,
  networkGateway,
  PPR,
  SOCIAL,
  STRANGER,
  type NetworkGateway,
} from "../../../support/vans-inbound.js";

/** The receipt envelope the outcome would put in the outbox, read back as the network would. */
function receiptOf(outcome: EnvelopeOutcome): Extract<VansEnvelope, { kind: "receipt" }> {
  if (outcome.outcome !== "answered") throw new Error(`not answered: ${JSON.stringify(outcome)}`);
  const read = readVansEnvelope(outcome.send.bytes);
  if (!read.ok || read.value.kind !== "receipt") throw new Error("the gateway wrote no readable receipt");
  expect(outcome.send.name).toBe(`${read.value.envelopeIdentifier}.xml`);
  return read.value;
}

async function messages(g: NetworkGateway) {
  const all = await g.deps.store.newestFirst("all", { min: 0, max: Infinity }, 100);
  return (await g.deps.store.getMany(all.map((e) => e.id))).filter((r) => r !== undefined);
}

const descriptionOf = (outcome: EnvelopeOutcome): string => {
  const r = receiptOf(outcome).receipt;
  return r.kind === "positive-message" ? "" : r.error.description;
};

describe("an envelope for a location served here", () => {
  it("is submitted as the network for SenderID and answered with a positive receipt", async () => {
    const g = networkGateway();
    const letter = letterFromHelsinge();
    const envelope = envelopeOf(letter);
    const outcome = await receiveEnvelope(bytesOf(envelope), g.net);
    expect(outcome).toMatchObject({
      outcome: "answered",
      duplicate: false,
      taken: "accepted",
      messageId: headerId(letter),
    });
    const receipt = receiptOf(outcome);
    expect(receipt.sender).toEqual({ id: PPR, type: "EAN" });
    expect(receipt.receiver).toEqual({ id: HELSINGE, type: "EAN" });
    expect(receipt.receipt).toMatchObject({
      kind: "positive-message",
      originalEnvelopeIdentifier: envelope.envelopeIdentifier,
      originalMessage: { identifier: headerId(letter) },
    });
    expect(await g.deps.store.get(headerId(letter))).toMatchObject({
      sender: { gln: HELSINGE },
      receiver: { gln: PPR },
      submittedBy: `vans:${HELSINGE}`,
    });
  });

  it("a duplicate envelope is answered as the first and not processed again", async () => {
    const g = networkGateway();
    const bytes = bytesOf(envelopeOf(letterFromHelsinge()));
    await receiveEnvelope(bytes, g.net);
    const again = await receiveEnvelope(bytes, g.net);
    expect(again).toMatchObject({ outcome: "answered", duplicate: true, receipt: { kind: "positive" } });
    expect(again).not.toHaveProperty("taken");
    expect(receiptOf(again).receipt.kind).toBe("positive-message");
    expect(await messages(g)).toHaveLength(1);
  });

  it("the same message in a new envelope gets the original receipt again", async () => {
    const g = networkGateway();
    const letter = letterFromHelsinge();
    await receiveEnvelope(bytesOf(envelopeOf(letter)), g.net);
    const resent = envelopeOf(letter);
    const outcome = await receiveEnvelope(bytesOf(resent), g.net);
    expect(outcome).toMatchObject({ duplicate: true, receipt: { kind: "positive" } });
    expect(receiptOf(outcome).receipt.originalEnvelopeIdentifier).toBe(resent.envelopeIdentifier);
    expect(await messages(g)).toHaveLength(1);
  });

  it("a negative answer stays negative for a duplicate (never positive then negative)", async () => {
    const g = networkGateway();
    const letter = letterFromHelsinge();
    const first = await receiveEnvelope(bytesOf(envelopeOf(letter, { receiver: STRANGER })), g.net);
    expect(first).toMatchObject({ receipt: { kind: "negative" } });
    // The same message again, now addressed right: the first answer is the answer.
    const again = await receiveEnvelope(bytesOf(envelopeOf(letter)), g.net);
    expect(again).toMatchObject({ duplicate: true, receipt: { kind: "negative" } });
    expect(await messages(g)).toHaveLength(0);
  });

  it("an EnvelopeIdentifier reused with a new MessageIdentifier is refused", async () => {
    const g = networkGateway();
    const first = envelopeOf(letterFromHelsinge(1000));
    await receiveEnvelope(bytesOf(first), g.net);
    const second = letterFromHelsinge(2000);
    const reused = envelopeOf(second, { envelopeIdentifier: first.envelopeIdentifier });
    const outcome = await receiveEnvelope(bytesOf(reused), g.net);
    expect(outcome).toMatchObject({ duplicate: true, receipt: { kind: "negative" } });
    expect(receiptOf(outcome).receipt.kind).toBe("negative-message");
    expect(descriptionOf(outcome)).toContain("EnvelopeIdentifier was used before");
    expect(await g.deps.store.get(headerId(second))).toBeUndefined();
    // The message itself in an envelope of its own is still taken: the refusal was not remembered for it.
    const own = await receiveEnvelope(bytesOf(envelopeOf(second)), g.net);
    expect(own).toMatchObject({ duplicate: false, receipt: { kind: "positive" }, taken: "accepted" });
  });

  it("identifiers are compared without regard to case", async () => {
    const g = networkGateway();
    const envelope = envelopeOf(letterFromHelsinge());
    await receiveEnvelope(bytesOf(envelope), g.net);
    const upper = { ...envelope, envelopeIdentifier: envelope.envelopeIdentifier.toUpperCase() };
    expect(await receiveEnvelope(bytesOf(upper), g.net)).toMatchObject({ duplicate: true });
  });
});

describe("negative envelope receipts", () => {
  it("a ReceiverID not served here: unknown, or a remote location", async () => {
    for (const receiver of [STRANGER, FREDERIKSVAERK]) {
      const g = networkGateway();
      const outcome = await receiveEnvelope(bytesOf(envelopeOf(letterFromHelsinge(), { receiver })), g.net);
      expect(outcome).toMatchObject({ duplicate: false, receipt: { kind: "negative" } });
      expect(descriptionOf(outcome)).toContain("ReceiverID is not a location this gateway serves");
      expect(await messages(g)).toHaveLength(0);
    }
  });

  it("a SenderID served here (someone on the network speaking for a local location)", async () => {
    const g = networkGateway();
    const letter = letterFromHelsinge();
    const outcome = await receiveEnvelope(bytesOf(envelopeOf(letter, { sender: HALSNAES })), g.net);
    expect(descriptionOf(outcome)).toContain("SenderID is a location this gateway serves");
    expect(await messages(g)).toHaveLength(0);
  });

  it("a payload whose MessageHeader parties are not the envelope's", async () => {
    const g = networkGateway();
    // Frederiksværk (remote) sends Helsinge's letter: the network vouches for Frederiksværk only.
    const spoofed = await receiveEnvelope(bytesOf(envelopeOf(letterFromHelsinge(), { sender: FREDERIKSVAERK })), g.net);
    expect(descriptionOf(spoofed)).toContain("not the envelope's SenderID and ReceiverID");
    // A letter to Gribskov's social services in an envelope to its PPR: no relaying to whoever the payload names.
    const relayed = envelopeOf(letterFromHelsinge(2000, SOCIAL), { receiver: PPR });
    expect(descriptionOf(await receiveEnvelope(bytesOf(relayed), g.net))).toContain("not the envelope's");
    expect(await messages(g)).toHaveLength(0);
  });

  it("an unknown Document/Name, or a name that is not the payload", async () => {
    const g = networkGateway();
    const unknown = envelopeOf(letterFromHelsinge(1000));
    unknown.meta.document.name = "MCM:SOMETHING";
    expect(descriptionOf(await receiveEnvelope(bytesOf(unknown), g.net))).toContain("Document/Name is not");
    const wrong = envelopeOf(letterFromHelsinge(2000));
    wrong.meta.document.name = "MCM:XDIS91";
    expect(descriptionOf(await receiveEnvelope(bytesOf(wrong), g.net))).toContain("the payload is no OIOXML");
    const ack = envelopeOf(letterFromHelsinge(3000));
    ack.meta.document.name = "MCM:FCTL#ok";
    expect(descriptionOf(await receiveEnvelope(bytesOf(ack), g.net))).toContain("the payload is CareCommunication");
    expect(await messages(g)).toHaveLength(0);
  });

  it("a payload that is no FHIR message, by codes and paths only", async () => {
    const g = networkGateway();
    const envelope = envelopeOf(letterFromHelsinge());
    const garbage = Buffer.from("neither XML nor JSON");
    const broken = { ...envelope, data: { base64: () => garbage.toString("base64"), bytes: () => garbage } };
    const outcome = await receiveEnvelope(bytesOf(broken), g.net);
    expect(descriptionOf(outcome)).toMatch(/^The payload is not a readable CareCommunication/);
  });
});

describe("envelopes that cannot be answered", () => {
  it("not an envelope: rejected with the reader's issues", async () => {
    const g = networkGateway();
    const outcome = await receiveEnvelope(Buffer.from("<Nope/>"), g.net);
    expect(outcome).toMatchObject({ outcome: "unreadable", issues: [{ code: "vans-root" }] });
  });

  it("a SenderID that is no GLN cannot be addressed a receipt", async () => {
    const g = networkGateway();
    const envelope = envelopeOf(letterFromHelsinge());
    const outcome = await receiveEnvelope(bytesOf({ ...envelope, sender: { id: "PROVIDER1", type: "VANS" } }), g.net);
    expect(outcome).toMatchObject({ outcome: "unreadable", issues: [{ code: "vans-sender" }] });
  });
});

describe("a message the application refuses", () => {
  it("is answered with a fatal-error acknowledgement to the remote sender; the envelope was taken", async () => {
    const g = networkGateway();
    // A letter whose Communication has no category: read, addressed right, refused by the validator.
    const letter = letterFromHelsinge();
    const communication = letter.entry?.find((e) => e.resource?.resourceType === "Communication")?.resource as {
      category?: unknown[];
    };
    communication.category = [];
    const outcome = await receiveEnvelope(bytesOf(envelopeOf(letter)), g.net);
    expect(outcome).toMatchObject({ outcome: "answered", receipt: { kind: "positive" }, taken: "answered" });
    const acks = (await messages(g)).filter((r) => r.kind === "acknowledgement");
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatchObject({ receiver: { gln: HELSINGE }, sender: { gln: PPR }, responseCode: "fatal-error" });
  });
});
