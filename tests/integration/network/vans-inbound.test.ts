// Issue 16, inbound, on a running gateway with a real Redis (vans-in): envelopes the network drops in the VANS inbox
// are taken by the scheduled inbox pass, routed to the local location they name (acting as the network for SenderID)
// and answered with envelope receipts in the outbox; a duplicate is answered as the first, a reused
// EnvelopeIdentifier and a receiver not served here get negative receipts; the network's receipts for the gateway's
// own envelopes move the sent letter (positive: a network-accepted event; negative: failed with the reason).
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocationConfig } from "../../../src/config/schema.js";
import { buildCareCommunication } from "../../../src/medcom/builders/index.js";
import { writeFhirXml } from "../../../src/medcom/fhir/index.js";
import type { Bundle } from "../../../src/medcom/model/index.js";
import {
  envelopeFor,
  negativeEnvelopeReceipt,
  positiveEnvelopeReceipt,
  readVansEnvelope,
  writeVansEnvelope,
  type VansEnvelope,
  type VansMessageEnvelope,
  type VansReceiptEnvelope,
} from "../../../src/medcom/vans/index.js";
import { createEnvelopeClaims } from "../../../src/store/vans-claims.js";
import { composeFixture, party } from "../../support/build.js";
import { readFixture } from "../../support/shared.js";
import {
  demoConfig,
  eventually,
  glnFrom,
  GLN,
  KEYS,
  rawRedis,
  startTestGateway,
  waitForStatus,
  type MessageJson,
  type TestGateway,
} from "../../support/gateway.js";

const REMOTE = glnFrom("579000016101");
const REMOTE_SOR = "100000000000161";
const STRANGER = glnFrom("579000016109");
const root = mkdtempSync(join(tmpdir(), "mg-vans-in-"));
const outbox = join(root, "out");
const inbox = join(root, "in");
mkdirSync(outbox);
mkdirSync(inbox);

const remote: LocationConfig = {
  gln: REMOTE,
  sor: REMOTE_SOR,
  name: "Fjernlægen",
  kind: "gp",
  municipality: "Fjernby",
  formats: ["application/fhir+xml"],
  delivery: { adapter: "vans" },
};

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway({
    config: demoConfig({
      locations: [remote],
      network: { vans: { transport: "folders", outbox, inbox, pollSeconds: 0.2 } },
    }),
  });
});
afterAll(async () => {
  await gateway.stop();
});

/** A new letter from the remote GP to PPR Gribskov, as the remote GP's system would build it. */
function remoteLetter(): Bundle {
  return buildCareCommunication(composeFixture("new-ppr-to-gp.json", { sender: REMOTE, receiver: GLN.ppr }), {
    newId: randomUUID,
    now: new Date().toISOString(),
    parties: { sender: { gln: REMOTE, sor: REMOTE_SOR, name: "Fjernlægen" }, receiver: party(GLN.ppr) },
  });
}

const headerId = (bundle: Bundle): string => bundle.entry?.[0]?.resource?.id ?? "";

function envelopeOf(bundle: Bundle, o: { receiver?: string; envelopeIdentifier?: string } = {}): VansMessageEnvelope {
  return envelopeFor(
    {
      kind: "care-communication",
      messageId: headerId(bundle),
      category: "examination-results",
      mime: "application/fhir+xml",
      bytes: Buffer.from(writeFhirXml(bundle), "utf8"),
    },
    {
      sender: REMOTE,
      receiver: o.receiver ?? GLN.ppr,
      ...(o.envelopeIdentifier ? { envelopeIdentifier: o.envelopeIdentifier } : {}),
    },
  );
}

/** Drop an envelope as a provider's client does: written under a temporary name, then renamed (a name of its own:
 *  a copy of an envelope must not replace the first while the gateway is handling it). */
function drop(envelope: VansEnvelope): void {
  const name = `${randomUUID()}.xml`;
  writeFileSync(join(inbox, `${name}.part`), writeVansEnvelope(envelope));
  renameSync(join(inbox, `${name}.part`), join(inbox, name));
}

function outboxEnvelopes(): VansEnvelope[] {
  return readdirSync(outbox)
    .filter((n) => n.endsWith(".xml"))
    .flatMap((n) => {
      const read = readVansEnvelope(readFileSync(join(outbox, n)));
      return read.ok ? [read.value] : [];
    });
}

/** The receipts the gateway wrote for the envelope `envelopeIdentifier`, once there are `count`. */
const receiptsFor = (envelopeIdentifier: string, count = 1) =>
  eventually(
    () => {
      const found = outboxEnvelopes().filter(
        (e): e is VansReceiptEnvelope =>
          e.kind === "receipt" && e.receipt.originalEnvelopeIdentifier === envelopeIdentifier,
      );
      return Promise.resolve(found.length >= count ? found : undefined);
    },
    15_000,
    `receipt for ${envelopeIdentifier}`,
  );

const message = async (id: string) =>
  (await gateway.request("GET", `/v1/messages/${id}`, { key: KEYS.admin })).json() as Promise<MessageJson>;

describe("envelopes from the network", () => {
  it("a letter reaches PPR's mailbox and the envelope gets a positive receipt", async () => {
    const letter = remoteLetter();
    const envelope = envelopeOf(letter);
    drop(envelope);
    const [receipt] = await receiptsFor(envelope.envelopeIdentifier);
    expect(receipt).toMatchObject({
      sender: { id: GLN.ppr },
      receiver: { id: REMOTE },
      receipt: { kind: "positive-message" },
    });
    const record = await waitForStatus(gateway, headerId(letter), ["delivered"]);
    expect(record).toMatchObject({ sender: { gln: REMOTE }, receiver: { gln: GLN.ppr } });
    await eventually(() => Promise.resolve(readdirSync(inbox).length === 0 ? true : undefined), 5_000, "inbox empty");

    // The same envelope again: answered as the first, the letter not taken twice.
    drop(envelope);
    const again = await receiptsFor(envelope.envelopeIdentifier, 2);
    expect(again.map((r) => r.receipt.kind)).toEqual(["positive-message", "positive-message"]);
    expect((await message(headerId(letter))).events.filter((e) => e.type === "accepted")).toHaveLength(1);
  });

  it("a reused EnvelopeIdentifier and a receiver not served here get negative receipts", async () => {
    const first = envelopeOf(remoteLetter());
    drop(first);
    await receiptsFor(first.envelopeIdentifier);
    const other = remoteLetter();
    drop(envelopeOf(other, { envelopeIdentifier: first.envelopeIdentifier }));
    const both = await receiptsFor(first.envelopeIdentifier, 2);
    expect(both.map((r) => r.receipt.kind).sort()).toEqual(["negative-message", "positive-message"]);
    const reused = both.find((r) => r.receipt.kind === "negative-message");
    expect(reused?.receipt).toMatchObject({
      kind: "negative-message",
      error: { description: expect.stringContaining("used before") as string },
    });
    expect((await gateway.request("GET", `/v1/messages/${headerId(other)}`, { key: KEYS.admin })).status).toBe(404);

    const lost = envelopeOf(remoteLetter(), { receiver: STRANGER });
    drop(lost);
    const [refused] = await receiptsFor(lost.envelopeIdentifier);
    expect(refused?.receipt.kind).toBe("negative-message");
  });
});

describe("a letter the application refuses", () => {
  it("is taken (positive receipt) and answered with a fatal-error acknowledgement through the network", async () => {
    const letter = remoteLetter();
    const communication = letter.entry?.find((e) => e.resource?.resourceType === "Communication")?.resource as {
      category?: unknown[];
    };
    communication.category = [];
    const envelope = envelopeOf(letter);
    drop(envelope);
    const [receipt] = await receiptsFor(envelope.envelopeIdentifier);
    expect(receipt?.receipt.kind).toBe("positive-message");
    const ack = await eventually(
      () =>
        Promise.resolve(
          outboxEnvelopes().find(
            (e): e is VansMessageEnvelope =>
              e.kind === "message" && e.receiver.id === REMOTE && e.meta.document.name === "MCM:FCTL#fatal-error",
          ),
        ),
      15_000,
      "the fatal-error acknowledgement's envelope",
    );
    expect(ack.sender).toEqual({ id: GLN.ppr, type: "EAN" });
  });
});

describe("the network's receipts for the gateway's own envelopes", () => {
  async function sendToRemote(): Promise<{ id: string; envelope: VansMessageEnvelope }> {
    const json = { ...(JSON.parse(readFixture("compose/new-ppr-to-gp.json")) as object), receiver: REMOTE };
    const response = await gateway.request("POST", "/v1/messages", { key: KEYS.ppr, json });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    await waitForStatus(gateway, id, ["delivered"]);
    const envelope = await eventually(
      () =>
        Promise.resolve(
          outboxEnvelopes().find((e): e is VansMessageEnvelope => e.kind === "message" && e.meta.identifier === id),
        ),
      10_000,
      "the letter's envelope",
    );
    return { id, envelope };
  }

  it("a positive receipt adds network-accepted; a negative one fails the letter with its reason", async () => {
    const accepted = await sendToRemote();
    drop(positiveEnvelopeReceipt(accepted.envelope));
    await eventually(
      async () => ((await message(accepted.id)).events.some((e) => e.type === "network-accepted") ? true : undefined),
      10_000,
      "network-accepted",
    );
    expect((await message(accepted.id)).status).toBe("delivered");

    const refused = await sendToRemote();
    drop(negativeEnvelopeReceipt(refused.envelope, { code: 4, description: "Modtageren kendes ikke" }));
    const failed = await waitForStatus(gateway, refused.id, ["failed"]);
    expect(failed.failureReason).toBe("The receiver refused the envelope (code 4): Modtageren kendes ikke");
  });
});

describe("envelope claims in Redis", () => {
  it("one holder at a time; only the holder releases", async () => {
    const redis = rawRedis(gateway.redisUrl);
    try {
      const a = createEnvelopeClaims(redis, gateway.prefix, "a", 60_000);
      const b = createEnvelopeClaims(redis, gateway.prefix, "b", 60_000);
      expect(await a.claim("x.xml")).toBe(true);
      expect(await b.claim("x.xml")).toBe(false);
      await b.release("x.xml");
      expect(await b.claim("x.xml")).toBe(false);
      await a.release("x.xml");
      expect(await b.claim("x.xml")).toBe(true);
    } finally {
      redis.disconnect();
    }
  });
});
