// A webhook receiver for large letters: it never holds a body. Each chunk goes into the HMAC of the gateway's v2
// signature (adapters/webhook.ts: `v2\n<t>\n<MessageHeader.id>\n<Bundle.id>\n` then the body) and into a scanner that
// decodes the attachment as it passes (tests/support/attachment-digest.ts). The signature is in the headers, as
// today: a streaming gateway computes it in a first pass over the stored chunks (docs/large-messages.md, step 5).
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fhirScanner, type DecodedValue } from "../../support/attachment-digest.js";

export interface ReceivedLetter {
  messageId: string;
  contentType: string;
  bytes: number;
  signatureValid: boolean;
  attachments: DecodedValue[];
}

export interface HashingReceiver {
  url: string;
  secret: string;
  /** By X-Gateway-Message-Id, the last delivery of each. */
  received: Map<string, ReceivedLetter>;
  close(): Promise<void>;
}

const SECRET = "the-large-letters-webhook-secret";

function signatureValid(header: string | undefined, t: string, hmacHex: string): boolean {
  const given = /v2=([0-9a-f]{64})(?:,|$)/.exec(header ?? "")?.[1];
  if (!given || !t) return false;
  return timingSafeEqual(Buffer.from(given, "hex"), Buffer.from(hmacHex, "hex"));
}

export async function startHashingReceiver(): Promise<HashingReceiver> {
  const received = new Map<string, ReceivedLetter>();
  const server: Server = createServer((req, res) => {
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const messageId = header("x-gateway-message-id") ?? "";
    const bundleId = header("x-gateway-bundle-id") ?? "";
    const contentType = header("content-type") ?? "";
    const signature = header("x-gateway-signature");
    const t = /(?:^|,)t=(\d{1,12})(?:,|$)/.exec(signature ?? "")?.[1] ?? "";
    const hmac = createHmac("sha256", SECRET).update(`v2\n${t}\n${messageId}\n${bundleId}\n`, "utf8");
    const scanner = fhirScanner(contentType.includes("json") ? "json" : "xml");
    req.on("data", (chunk: Buffer) => {
      hmac.update(chunk);
      scanner.push(chunk);
    });
    req.on("end", () => {
      const valid = signatureValid(signature, t, hmac.digest("hex"));
      let attachments: DecodedValue[] = [];
      try {
        attachments = scanner.finish();
      } catch {
        attachments = [];
      }
      received.set(messageId, { messageId, contentType, bytes: scanner.bytes, signatureValid: valid, attachments });
      res.statusCode = 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/medcom`,
    secret: SECRET,
    received,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
