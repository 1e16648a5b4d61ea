// Every adapter delivers a letter with a detached attachment (issue 17) byte for byte as the same letter with its
// data inline (today's output): the webhook's body and its signature (verified by the receiver's check), the
// file-drop's file, the VANS envelope in the folder transport's outbox. A blob that is gone fails the delivery for
// good; a PKCS#7 webhook refuses the streamed letter with its reason.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileDropAdapter } from "../../../adapters/file-drop.js";
import { DocumentsRefused, type Delivery } from "../../../adapters/types.js";
import { folderTransport } from "../../../adapters/vans/folder-transport.js";
import { vansAdapter } from "../../../adapters/vans/vans-adapter.js";
import { verifyWebhookSignature, webhookAdapter } from "../../../adapters/webhook.js";
import type { MessageRecord } from "../../../src/domain/record.js";
import type { Format } from "../../../src/config/schema.js";
import { createMemoryVansEnvelopes } from "../../../src/store/memory/vans-envelopes.js";
import { outgoingDocuments } from "../../../src/usecases/deliver/outgoing-documents.js";
import { documentsFor } from "../../../queue/delivery-documents.js";
import { detachedLetter, type DetachedLetter } from "../../support/detached-letter.js";

const ID = "6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f";
const PPR = "5790001348120";
const GP = "5790000209354";
const SECRET = "s3cret-for-tests";
const NOW = Date.parse("2026-12-06T02:00:00Z");
const record = {
  id: ID,
  kind: "new",
  sender: { gln: PPR, name: "PPR" },
  receiver: { gln: GP, name: "GP" },
} satisfies Partial<MessageRecord>;

/** The delivery of `content` as the worker makes it (queue/delivery-documents.ts), with the letter's blob store. */
function delivery(letter: DetachedLetter, content: string, format: Format): Delivery {
  const store = { content: () => Promise.resolve(content) } as never;
  return {
    messageId: ID,
    bundleId: ID,
    sender: { gln: PPR },
    receiver: { gln: GP },
    documents: documentsFor(record as MessageRecord, { preferredFormat: format }, { store, blobs: letter.blobs }),
    attempt: 1,
  };
}

let letter: DetachedLetter;
beforeAll(async () => {
  letter = await detachedLetter(3 * 1024 * 1024 + 2, 1024 * 1024);
});

describe("webhook", () => {
  const received: { headers: IncomingHttpHeaders; body: Buffer }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.statusCode = 204;
      res.end();
    });
  });
  let url = "";
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  for (const format of ["application/fhir+json", "application/fhir+xml"] as const) {
    it(`${format}: the same body, Content-Length and a signature that verifies, as the inline letter`, async () => {
      received.length = 0;
      const adapter = webhookAdapter({ url, secret: SECRET }, () => NOW);
      expect((await adapter.deliver(delivery(letter, letter.inline, format))).outcome).toBe("delivered");
      expect((await adapter.deliver(delivery(letter, letter.detached, format))).outcome).toBe("delivered");
      const [inline, streamed] = received;
      if (!inline || !streamed) throw new Error("two requests expected");
      expect(streamed.body.equals(inline.body)).toBe(true);
      expect(streamed.headers["content-length"]).toBe(String(inline.body.length));
      expect(streamed.headers["x-gateway-signature"]).toBe(inline.headers["x-gateway-signature"]);
      expect(streamed.headers["content-type"]).toBe(inline.headers["content-type"]);
      const signed = { messageId: ID, bundleId: ID, body: new Uint8Array(streamed.body) };
      const header = String(streamed.headers["x-gateway-signature"]);
      expect(verifyWebhookSignature(SECRET, signed, header, NOW / 1000)).toBe(true);
      // The signature covers the expanded body, not the text with the token.
      const tokens = { ...signed, body: Buffer.from(letter.detached) };
      expect(verifyWebhookSignature(SECRET, tokens, header, NOW / 1000)).toBe(false);
    });
  }

  it("a PKCS#7 receiver refuses a streamed letter with its reason; a blob gone fails for good", async () => {
    const pkcs7 = webhookAdapter({ url, secret: SECRET, signature: "pkcs7" }, () => NOW, { sign: () => "sig" });
    const refused = await pkcs7.deliver(delivery(letter, letter.detached, "application/fhir+json"));
    expect(refused.outcome === "rejected" && refused.reason).toMatch(/PKCS#7/);
    const gone = await detachedLetter(100);
    await gone.blobs.delete(gone.blobId);
    const adapter = webhookAdapter({ url, secret: SECRET }, () => NOW);
    await expect(adapter.deliver(delivery(gone, gone.detached, "application/fhir+json"))).rejects.toBeInstanceOf(
      DocumentsRefused,
    );
  });
});

describe("file-drop", () => {
  it("writes the same file as for the inline letter, and no temporary file stays", async () => {
    for (const format of ["application/fhir+json", "application/fhir+xml"] as const) {
      const inlineDir = mkdtempSync(join(tmpdir(), "mg-drop-inline-"));
      const streamedDir = mkdtempSync(join(tmpdir(), "mg-drop-streamed-"));
      expect((await fileDropAdapter(inlineDir).deliver(delivery(letter, letter.inline, format))).outcome).toBe(
        "delivered",
      );
      expect((await fileDropAdapter(streamedDir).deliver(delivery(letter, letter.detached, format))).outcome).toBe(
        "delivered",
      );
      const name = `${ID}.${format === "application/fhir+json" ? "json" : "xml"}`;
      expect(readdirSync(streamedDir, { withFileTypes: false })).toEqual([name]);
      expect(readFileSync(join(streamedDir, name)).equals(readFileSync(join(inlineDir, name)))).toBe(true);
    }
  });

  it("a blob that fails midway is retried and leaves no file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mg-drop-broken-"));
    const broken = await detachedLetter(300_000, 100_000);
    const d = delivery(broken, broken.detached, "application/fhir+json");
    const docs = await d.documents();
    // The blob goes after its size was read: the stream fails while it is written.
    await broken.blobs.delete(broken.blobId);
    const outcome = await fileDropAdapter(dir).deliver({ ...d, documents: () => Promise.resolve(docs) });
    expect(outcome.outcome).toBe("retry");
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("VANS (folder transport)", () => {
  function setUp() {
    const root = mkdtempSync(join(tmpdir(), "mg-vans-streamed-"));
    const outbox = join(root, "out");
    mkdirSync(outbox);
    mkdirSync(join(root, "in"));
    const adapter = vansAdapter({
      transport: folderTransport({ outbox, inbox: join(root, "in") }),
      sent: createMemoryVansEnvelopes().sent,
      now: () => NOW,
      newEnvelopeId: () => "0f8fad5b-d9cb-469f-a165-000000000001",
    });
    const file = () => readFileSync(join(outbox, "0f8fad5b-d9cb-469f-a165-000000000001.xml"));
    return { adapter, file };
  }

  it("the envelope file is byte for byte the inline letter's envelope (SizeInBytes, Data)", async () => {
    for (const format of ["application/fhir+xml", "application/fhir+json"] as const) {
      const inline = setUp();
      const streamed = setUp();
      expect(await inline.adapter.deliver(delivery(letter, letter.inline, format))).toEqual({
        outcome: "delivered",
        detail: "handed to VANS",
      });
      expect((await streamed.adapter.deliver(delivery(letter, letter.detached, format))).outcome).toBe("delivered");
      expect(streamed.file().equals(inline.file())).toBe(true);
      const made = await outgoingDocuments(record, letter.inline, format, undefined);
      const size = made.ok ? made.value[0]?.bytes?.byteLength : undefined;
      expect(streamed.file().toString("utf8")).toContain(`<SizeInBytes>${size}</SizeInBytes>`);
    }
  });
});
