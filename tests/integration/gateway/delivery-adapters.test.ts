// The gateway delivering through each adapter to a real receiver: a webhook that fails twice then succeeds, one that
// refuses, one that never recovers, and a file-drop directory.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyWebhookSignature } from "../../../adapters/webhook.js";
import type { LocationConfig } from "../../../src/config/schema.js";
import { readBundle } from "../../support/messages.js";
import { readFixture } from "../../support/shared.js";
import { demoConfig, glnFrom, KEYS, startTestGateway, waitForStatus, type TestGateway } from "../../support/gateway.js";
import { startWebhookReceiver, type WebhookReceiver } from "../../support/receivers.js";

const SECRET = "the-receivers-shared-webhook-secret";
const WEBHOOK_GLN = glnFrom("579000010001");
const DROP_GLN = glnFrom("579000010002");
const dropDir = mkdtempSync(join(tmpdir(), "mg-drop-"));

let receiver: WebhookReceiver;
let gateway: TestGateway;

function location(gln: string, name: string, sor: string, delivery: LocationConfig["delivery"]): LocationConfig {
  return {
    gln,
    sor,
    name,
    kind: "gp",
    municipality: "Testrup",
    formats: ["application/fhir+json", "application/fhir+xml"],
    delivery,
  };
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  gateway = await startTestGateway({
    config: demoConfig(
      {
        locations: [
          location(WEBHOOK_GLN, "Lægerne Webhook", "100000000000011", {
            adapter: "webhook",
            url: receiver.url,
            secret: SECRET,
          }),
          location(DROP_GLN, "Lægerne Fildrop", "100000000000012", { adapter: "file-drop", dir: dropDir }),
        ],
      },
      { deliveryAttempts: 4 },
    ),
  });
});
afterAll(async () => {
  await gateway.stop();
  await receiver.close();
});

async function send(receiverGln: string): Promise<string> {
  const json = { ...(JSON.parse(readFixture("compose/new-ppr-to-gp.json")) as object), receiver: receiverGln };
  const response = await gateway.request("POST", "/v1/messages", { key: KEYS.ppr, json });
  expect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

describe("webhook delivery", () => {
  it("retries a receiver that fails twice, then delivers once, signed, in its preferred format", async () => {
    receiver.failNext(503, 500);
    const before = receiver.calls.length;
    const id = await send(WEBHOOK_GLN);
    const record = await waitForStatus(gateway, id, ["delivered"]);
    const attempts = record.events.filter((e) => e.type === "delivery-attempt").map((e) => e.detail);
    expect(attempts).toEqual([
      expect.objectContaining({ attempt: 1, outcome: "retry", reason: "receiver answered HTTP 503" }),
      expect.objectContaining({ attempt: 2, outcome: "retry", reason: "receiver answered HTTP 500" }),
      expect.objectContaining({ attempt: 3, outcome: "delivered" }),
    ]);
    expect(record.deliveryAttempts).toBe(3);
    const calls = receiver.calls.slice(before);
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.headers["idempotency-key"]))).toEqual(new Set([id]));
    const last = calls[2];
    expect(last?.headers["content-type"]).toContain("application/fhir+json");
    const signed = { messageId: id, bundleId: record.bundleId, body: last?.body ?? "" };
    expect(verifyWebhookSignature(SECRET, signed, String(last?.headers["x-gateway-signature"]))).toBe(true);
    expect(readBundle(last?.body ?? "", "json").id).toBe(record.bundleId);
  });

  it("marks a message failed at once when the receiver refuses it (4xx), with the reason", async () => {
    receiver.failNext(400);
    const id = await send(WEBHOOK_GLN);
    const record = await waitForStatus(gateway, id, ["failed"]);
    expect(record.deliveryAttempts).toBe(1);
    expect(record.failureReason).toBe("receiver refused the message: HTTP 400");
    expect(record.events.at(-1)).toMatchObject({
      type: "failed",
      detail: { reason: "receiver refused the message: HTTP 400" },
    });
  });

  it("gives up after policy.deliveryAttempts and says why", async () => {
    receiver.failNext(500, 500, 500, 500);
    const id = await send(WEBHOOK_GLN);
    const record = await waitForStatus(gateway, id, ["failed"]);
    expect(record.deliveryAttempts).toBe(4);
    expect(record.failureReason).toBe("gave up after 4 attempts: receiver answered HTTP 500");
  });
});

describe("file-drop delivery", () => {
  it("writes the message into the receiver's directory, named by MessageHeader.id", async () => {
    const id = await send(DROP_GLN);
    const record = await waitForStatus(gateway, id, ["delivered"]);
    const file = `${id}.json`;
    expect(readdirSync(dropDir)).toContain(file);
    expect(readBundle(readFileSync(join(dropDir, file)), "json").id).toBe(record.bundleId);
  });
});
