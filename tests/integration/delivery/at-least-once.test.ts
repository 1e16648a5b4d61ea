// Issue 12, point 5: delivery is at least once, and every repeat is recognisable. A webhook receiver that fails twice
// is told attempts 1, 2 and 3 (X-Gateway-Attempt), each with the same MessageHeader.id and Bundle.id, headers and
// body alike; a file-drop repeat writes the same file with the same bytes.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileDropAdapter } from "../../../adapters/file-drop.js";
import { readBundle } from "../../support/messages.js";
import {
  demoConfig,
  glnFrom,
  startTestGateway,
  submitLetter,
  waitForStatus,
  type TestGateway,
} from "../../support/gateway.js";
import { startWebhookReceiver, webhookLocation, type WebhookReceiver } from "../../support/receivers.js";

const WEBHOOK_GLN = glnFrom("579000012001");

let receiver: WebhookReceiver;
let gateway: TestGateway;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  gateway = await startTestGateway({
    config: demoConfig({ locations: [webhookLocation(WEBHOOK_GLN, "100000000000021", receiver.url)] }),
  });
});
afterAll(async () => {
  await gateway.stop();
  await receiver.close();
});

describe("webhook repeats", () => {
  it("numbers the attempts 1, 2, 3 and repeats the same ids and body", async () => {
    receiver.failNext(500, 500);
    const before = receiver.calls.length;
    const { id } = await submitLetter(gateway, undefined, { receiver: WEBHOOK_GLN });
    const record = await waitForStatus(gateway, id, ["delivered"]);
    const calls = receiver.calls.slice(before);
    expect(calls.map((c) => c.headers["x-gateway-attempt"])).toEqual(["1", "2", "3"]);
    expect(new Set(calls.map((c) => c.headers["x-gateway-message-id"]))).toEqual(new Set([id]));
    expect(new Set(calls.map((c) => c.headers["idempotency-key"]))).toEqual(new Set([id]));
    expect(new Set(calls.map((c) => c.headers["x-gateway-bundle-id"]))).toEqual(new Set([record.bundleId]));
    expect(new Set(calls.map((c) => c.body)).size).toBe(1);
    const bundle = readBundle(calls[0]?.body ?? "", "xml");
    expect(bundle.id).toBe(record.bundleId);
    expect(record.events.filter((e) => e.type === "delivery-attempt").map((e) => e.detail?.attempt)).toEqual([1, 2, 3]);
  });
});

describe("file-drop repeats", () => {
  it("writes the same file with the same bytes when a delivery runs again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mg-repeat-"));
    const adapter = fileDropAdapter(dir);
    const messageId = "6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f";
    const body = '{"resourceType":"Bundle","id":"b-1","type":"message"}';
    const delivery = {
      messageId,
      bundleId: "b-1",
      sender: { gln: "5790001348120" },
      receiver: { gln: "5790000209354" },
      documents: () =>
        Promise.resolve([
          {
            part: "fhir" as const,
            mediaType: "application/fhir+json" as const,
            charset: "utf-8" as const,
            bytes: new TextEncoder().encode(body),
          },
        ]),
    };
    expect((await adapter.deliver({ ...delivery, attempt: 1 })).outcome).toBe("delivered");
    const first = readFileSync(join(dir, `${messageId}.json`));
    expect((await adapter.deliver({ ...delivery, attempt: 2 })).outcome).toBe("delivered");
    expect(readdirSync(dir)).toEqual([`${messageId}.json`]);
    expect(readFileSync(join(dir, `${messageId}.json`)).equals(first)).toBe(true);
  });
});
