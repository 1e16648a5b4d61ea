// Every adapter against a real receiver: Redis for the mailbox, a local HTTP server for the webhook, a temporary
// directory for file-drop; then each adapter's own promises.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { fileDropAdapter } from "../../../adapters/file-drop.js";
import { mailboxAdapter } from "../../../adapters/mailbox.js";
import {
  WEBHOOK_MAX_AGE_SECONDS,
  signWebhook,
  verifyWebhookSignature,
  webhookAdapter,
} from "../../../adapters/webhook.js";
import { createCertificateAuthority, issueCertificate } from "../../../src/crypto/certificates.js";
import { createPkcs7Signer } from "../../../src/crypto/pkcs7.js";
import { createMailboxStore } from "../../../src/store/mailbox-store.js";
import { rawRedis, uniquePrefix } from "../../support/gateway.js";
import { freePort } from "../../support/redis.js";
import { startWebhookReceiver, type WebhookReceiver } from "../../support/receivers.js";
import { dropFileNames } from "../../../adapters/file-drop.js";
import type { DeliveryDocument } from "../../../adapters/types.js";
import { adapterConformance, fhirDocuments, oioxmlDocuments, sampleDelivery } from "./conformance.js";

const SECRET = "a-webhook-secret-of-32-characters";
const redis = rawRedis(inject("redisUrl"));
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
  redis.disconnect();
});

adapterConformance("mailbox", { repeats: "kept-once", unavailable: false, refusing: false }, () => {
  const mailboxes = createMailboxStore(redis, uniquePrefix());
  return {
    working: () => mailboxAdapter(mailboxes),
    async received() {
      const page = await mailboxes.list("5790000209354", { onlyNew: false, limit: 500 });
      return page.ids.map((messageId) => ({ messageId }));
    },
  };
});

adapterConformance("webhook", { repeats: "same-idempotency-key", unavailable: true, refusing: true }, () => ({
  working: () => webhookAdapter({ url: receiver.url, secret: SECRET }),
  // Every request as it arrived: a receiver keeps one message per Idempotency-Key, and what the suite checks is that
  // the adapter sends the same key each time, so it must see each request rather than a folded view of them.
  received: () =>
    Promise.resolve(
      receiver.calls.map((call) => ({
        messageId: String(call.headers["x-gateway-message-id"]),
        idempotencyKey: String(call.headers["idempotency-key"]),
        body: call.bytes,
      })),
    ),
  unavailable: () => webhookAdapter({ url: `http://127.0.0.1:1/medcom`, secret: SECRET }),
  refusing: () => {
    return {
      name: "webhook",
      async deliver(d) {
        receiver.failNext(400);
        return webhookAdapter({ url: receiver.url, secret: SECRET }).deliver(d);
      },
    };
  },
}));

adapterConformance("file-drop", { repeats: "kept-once", unavailable: false, refusing: true }, () => {
  const dir = mkdtempSync(join(tmpdir(), "mg-drop-"));
  const blocked = join(mkdtempSync(join(tmpdir(), "mg-drop-")), "not-a-dir");
  writeFileSync(blocked, "a file where the directory should be");
  return {
    working: () => fileDropAdapter(dir),
    received: () =>
      Promise.resolve(
        readdirSync(dir).map((name) => ({
          messageId: name.slice(0, name.indexOf(".")),
          body: readFileSync(join(dir, name)),
        })),
      ),
    refusing: () => fileDropAdapter(join(blocked, "inbox")),
  };
});

describe("webhook", () => {
  it("signs timestamp, MessageHeader.id, Bundle.id and body together (v2) so the receiver can verify all four", async () => {
    const delivery = sampleDelivery({ documents: fhirDocuments('{"resourceType":"Bundle"}', "application/fhir+json") });
    await webhookAdapter({ url: receiver.url, secret: SECRET }).deliver(delivery);
    const call = receiver.calls.at(-1);
    expect(call?.headers["content-type"]).toBe("application/fhir+json; charset=utf-8");
    expect(call?.headers["idempotency-key"]).toBe(delivery.messageId);
    expect(call?.headers["x-gateway-message-id"]).toBe(delivery.messageId);
    expect(call?.headers["x-gateway-bundle-id"]).toBe(delivery.bundleId);
    const signature = String(call?.headers["x-gateway-signature"]);
    expect(signature).toMatch(/^t=\d+,v2=[0-9a-f]{64}$/);
    const signed = { messageId: delivery.messageId, bundleId: delivery.bundleId, body: call?.body ?? "" };
    expect(verifyWebhookSignature(SECRET, signed, signature)).toBe(true);
    expect(verifyWebhookSignature("another-secret-of-enough-length", signed, signature)).toBe(false);
    expect(verifyWebhookSignature(SECRET, { ...signed, body: `${signed.body} ` }, signature)).toBe(false);
    // Headers swapped by someone on the path: the ids are inside the signature (issue 11, point 12).
    const otherId = "00000000-0000-4000-8000-000000000000";
    expect(verifyWebhookSignature(SECRET, { ...signed, messageId: otherId }, signature)).toBe(false);
    expect(verifyWebhookSignature(SECRET, { ...signed, bundleId: otherId }, signature)).toBe(false);
  });

  it("refuses a signature older than the window, or dated more than 30 s ahead of the receiver's clock", () => {
    const signed = { messageId: "m", bundleId: "b", body: "body" };
    const at = 1_700_000_000;
    const header = signWebhook(SECRET, signed, at);
    expect(verifyWebhookSignature(SECRET, signed, header, at + 60)).toBe(true);
    expect(verifyWebhookSignature(SECRET, signed, header, at + WEBHOOK_MAX_AGE_SECONDS + 1)).toBe(false);
    expect(verifyWebhookSignature(SECRET, signed, header, at - 30)).toBe(true);
    expect(verifyWebhookSignature(SECRET, signed, header, at - 31)).toBe(false);
    expect(verifyWebhookSignature(SECRET, signed, header.replace(`t=${at}`, "t=1e9"), at)).toBe(false);
    // v1 (timestamp and body only) is no longer accepted: it left the ids unsigned.
    expect(verifyWebhookSignature(SECRET, signed, header.replace("v2=", "v1="), at)).toBe(false);
  });

  it.each([
    ["http://receiver.example/hook", false],
    ["ftp://receiver.example/hook", false],
    ["https://user:pw@receiver.example/hook", false],
    ["https://receiver.example/hook", true],
    ["http://127.0.0.1:9000/hook", true],
    ["http://localhost:9000/hook", true],
    ["http://[::1]:9000/hook", true],
    ["http://127.0.0.1.evil.example/hook", false],
  ])("requires https: except to a loopback receiver: %s", (url, allowed) => {
    const make = () => webhookAdapter({ url, secret: SECRET });
    if (allowed) expect(make).not.toThrow();
    else expect(make).toThrow(/url must/);
  });

  it.each([
    [500, "retry"],
    [503, "retry"],
    [408, "retry"],
    [429, "retry"],
    [400, "rejected"],
    [404, "rejected"],
    [422, "rejected"],
    [204, "delivered"],
  ])("answers HTTP %i as %s", async (status, outcome) => {
    receiver.failNext(status);
    const result = await webhookAdapter({ url: receiver.url, secret: SECRET }).deliver(sampleDelivery());
    expect(result.outcome).toBe(outcome);
  });

  it("retries when nothing listens", async () => {
    const port = await freePort();
    const result = await webhookAdapter({ url: `http://127.0.0.1:${port}/x`, secret: SECRET }).deliver(
      sampleDelivery(),
    );
    expect(result.outcome).toBe("retry");
    expect(result).toHaveProperty("reason", expect.stringContaining("unreachable"));
  });
});

describe("webhook to a legacy location (issue 15)", () => {
  it("posts each OIOXML document in order, as application/xml; charset=ISO-8859-1, each signed over its own bytes with its own Idempotency-Key", async () => {
    const delivery = sampleDelivery();
    const documents = oioxmlDocuments(delivery.messageId);
    const before = receiver.calls.length;
    expect(
      await webhookAdapter({ url: receiver.url, secret: SECRET }).deliver({ ...delivery, documents }),
    ).toMatchObject({
      outcome: "delivered",
    });
    const calls = receiver.calls.slice(before);
    const sent = await documents();
    expect(calls.map((c) => c.headers["x-gateway-document"])).toEqual(["xdis91", "xbin01"]);
    expect(calls.map((c) => c.headers["x-gateway-document-count"])).toEqual(["2", "2"]);
    expect(calls.map((c) => c.headers["idempotency-key"])).toEqual([
      `${delivery.messageId}.xdis91`,
      `${delivery.messageId}.xbin01`,
    ]);
    for (const [i, call] of calls.entries()) {
      expect(call.headers["content-type"]).toBe("application/xml; charset=ISO-8859-1");
      expect(call.headers["x-gateway-message-id"]).toBe(delivery.messageId);
      expect(call.bytes.equals(Buffer.from(sent[i]?.bytes ?? []))).toBe(true);
      const signed = { messageId: delivery.messageId, bundleId: delivery.bundleId, body: new Uint8Array(call.bytes) };
      const signature = String(call.headers["x-gateway-signature"]);
      expect(verifyWebhookSignature(SECRET, signed, signature)).toBe(true);
      // Read as UTF-8 text, the ISO-8859-1 body is another body: the signature covers the bytes.
      expect(verifyWebhookSignature(SECRET, { ...signed, body: call.body }, signature)).toBe(false);
    }
  });

  it("stops at the first document the receiver does not take, and says so; a retry sends them all again", async () => {
    const delivery = sampleDelivery();
    const documents = oioxmlDocuments(delivery.messageId);
    const adapter = webhookAdapter({ url: receiver.url, secret: SECRET });
    const before = receiver.calls.length;
    receiver.failNext(200, 503);
    expect(await adapter.deliver({ ...delivery, documents })).toMatchObject({ outcome: "retry" });
    expect(await adapter.deliver({ ...delivery, documents, attempt: 2 })).toMatchObject({ outcome: "delivered" });
    expect(receiver.calls.slice(before).map((c) => c.headers["idempotency-key"])).toEqual([
      `${delivery.messageId}.xdis91`,
      `${delivery.messageId}.xbin01`,
      `${delivery.messageId}.xdis91`,
      `${delivery.messageId}.xbin01`,
    ]);
  });

  it("keeps a FHIR delivery the one request it was: no document headers, the message id as Idempotency-Key", async () => {
    const delivery = sampleDelivery();
    await webhookAdapter({ url: receiver.url, secret: SECRET }).deliver(delivery);
    const call = receiver.calls.at(-1);
    expect(call?.headers["idempotency-key"]).toBe(delivery.messageId);
    expect(call?.headers["x-gateway-document"]).toBeUndefined();
    expect(call?.headers["content-type"]).toBe("application/fhir+xml; charset=utf-8");
  });
});

describe("file-drop", () => {
  it("names OIOXML documents <id>.xdis91.xml, <id>.xbin01.xml, <id>.xctl.xml, <id>.xctl-2.xml and writes their bytes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mg-drop-"));
    const delivery = sampleDelivery();
    const documents = oioxmlDocuments(delivery.messageId);
    expect(await fileDropAdapter(dir).deliver({ ...delivery, documents })).toMatchObject({ outcome: "delivered" });
    expect(readdirSync(dir).sort()).toEqual([`${delivery.messageId}.xbin01.xml`, `${delivery.messageId}.xdis91.xml`]);
    const [xdis91] = await documents();
    expect(readFileSync(join(dir, `${delivery.messageId}.xdis91.xml`)).equals(Buffer.from(xdis91?.bytes ?? []))).toBe(
      true,
    );
    const xctl = (n: number): DeliveryDocument => ({
      part: "xctl",
      mediaType: "application/xml",
      charset: "ISO-8859-1",
      bytes: new Uint8Array([n]),
    });
    expect(dropFileNames("m", [xctl(1), xctl(2)])).toEqual(["m.xctl.xml", "m.xctl-2.xml"]);
  });

  it("names the file by MessageHeader.id with the format's extension and leaves no temporary files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mg-drop-"));
    const xml = sampleDelivery();
    const json = sampleDelivery({ documents: fhirDocuments("{}", "application/fhir+json") });
    await fileDropAdapter(dir).deliver(xml);
    await fileDropAdapter(dir).deliver(json);
    expect(readdirSync(dir).sort()).toEqual([`${xml.messageId}.xml`, `${json.messageId}.json`].sort());
  });

  it("creates the receiver's directory when it does not exist yet", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "mg-drop-")), "inbox", "medcom");
    expect(await fileDropAdapter(dir).deliver(sampleDelivery())).toMatchObject({ outcome: "delivered" });
    expect(readdirSync(dir)).toHaveLength(1);
  });
});

describe("webhook PKCS#7 signature", () => {
  it("adds a detached PKCS#7 signature with the gateway's certificate that openssl verifies, and that fails on a changed body", async () => {
    const ca = createCertificateAuthority("test CA");
    const own = issueCertificate(ca, { commonName: "medcom-gateway", hosts: ["localhost"] });
    const adapter = webhookAdapter(
      { url: receiver.url, secret: SECRET, signature: "pkcs7" },
      Date.now,
      createPkcs7Signer(own),
    );
    await adapter.deliver(sampleDelivery({ documents: fhirDocuments("<Bundle>æøå</Bundle>") }));
    const call = receiver.calls.at(-1);
    const dir = mkdtempSync(join(tmpdir(), "mg-p7-"));
    writeFileSync(join(dir, "ca.crt"), ca.certPem);
    writeFileSync(join(dir, "sig.der"), Buffer.from(String(call?.headers["x-gateway-signature-pkcs7"]), "base64"));
    const verify = (body: string) => {
      writeFileSync(join(dir, "body"), body);
      return spawnSync("openssl", [
        "cms",
        "-verify",
        "-binary",
        "-inform",
        "DER",
        "-in",
        join(dir, "sig.der"),
        "-content",
        join(dir, "body"),
        "-CAfile",
        join(dir, "ca.crt"),
        "-purpose",
        "any",
        "-out",
        "/dev/null",
      ]).status;
    };
    expect(verify(call?.body ?? "")).toBe(0);
    expect(verify(`${call?.body ?? ""} `)).not.toBe(0);
  });

  it("refuses to be built without a signer", () => {
    expect(() => webhookAdapter({ url: receiver.url, secret: SECRET, signature: "pkcs7" })).toThrow(
      /signing certificate/,
    );
  });
});
