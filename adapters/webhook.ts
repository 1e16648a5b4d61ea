// `webhook`: an HTTP POST of the message in the receiver's preferred format, signed (timestamp, MessageHeader.id,
// Bundle.id and body together) so the receiver can tell it comes from this gateway and was not replayed, with an
// Idempotency-Key (the MessageHeader.id) so a second delivery of the same message can be recognised: delivery is
// at-least-once, receivers de-duplicate on the signed MessageHeader.id. 2xx delivered; 408, 429, 5xx and network errors retried; other 4xx rejected.
// A legacy location's OIOXML documents (issue 15: XDIS91 then XBIN01, or the XCTLs) are one POST each, in order, each
// signed over its own bytes, named by X-Gateway-Document (`xdis91`, `xbin01`, `xctl`, `xctl-2` …) and with its own
// Idempotency-Key `<MessageHeader.id>.<document>`; the delivery counts only when every POST was taken, and a retry
// sends them all again with the same keys. A FHIR delivery is the one request it always was, byte for byte.
import { postStream } from "../src/util/stream-post.js";
import { createHmac, timingSafeEqual } from "node:crypto";
import { webhookUrlProblem } from "../src/util/webhook-url.js";
import {
  contentTypeOf,
  documentLabels,
  type DeliveryAdapter,
  type DeliveryDocument,
  type DeliveryOutcome,
} from "./types.js";

const SIGNATURE_HEADER = "X-Gateway-Signature";
const PKCS7_HEADER = "X-Gateway-Signature-PKCS7";
const MESSAGE_ID_HEADER = "X-Gateway-Message-Id";
const BUNDLE_ID_HEADER = "X-Gateway-Bundle-Id";
const DOCUMENT_HEADER = "X-Gateway-Document";
const DOCUMENT_COUNT_HEADER = "X-Gateway-Document-Count";
const TIMEOUT_MS = 15_000;
/** A streamed body (issue 17) may take longer than the ordinary 15 s: that, plus a second for every MiB it carries. */
const streamTimeoutMs = (bytes: number): number => TIMEOUT_MS + Math.ceil(bytes / (1024 * 1024)) * 1000;

/**
 * A receiver accepts a signature made at most this long ago. Deliveries are retried for longer than this, but every
 * attempt is signed afresh, so the window only has to cover the request's own transit.
 */
export const WEBHOOK_MAX_AGE_SECONDS = 300;
/** …and at most this far in the future (clock skew): a signature dated later is not accepted (issue 11, point 12). */
const WEBHOOK_MAX_FUTURE_SECONDS = 30;

/** What a webhook signature covers (v2): when it was made, which message, which send of it, and the exact body. */
export interface SignedDelivery {
  messageId: string;
  bundleId: string;
  /** The body as sent: text is signed as its UTF-8 bytes (a FHIR body), bytes as they are (ISO-8859-1 OIOXML). */
  body: string | Uint8Array;
}

/**
 * The signed text of v2: `v2`, the timestamp, MessageHeader.id, Bundle.id and the body, separated by line feeds. The
 * ids cannot hold a line feed (FHIR id rule), so no two deliveries share a signed text; v1 signed only the timestamp
 * and the body, so the ids a receiver reads from the headers were not covered (issue 11, point 12).
 */
function signedText(unixSeconds: number, d: SignedDelivery): Buffer {
  return Buffer.concat([signedHead(unixSeconds, d), typeof d.body === "string" ? Buffer.from(d.body, "utf8") : d.body]);
}

const signedHead = (unixSeconds: number, d: Omit<SignedDelivery, "body">): Buffer =>
  Buffer.from(`v2\n${unixSeconds}\n${d.messageId}\n${d.bundleId}\n`, "utf8");

const mac = (secret: string, text: Buffer) => createHmac("sha256", secret).update(text).digest();

/** `t=<unix seconds>,v2=<hex HMAC-SHA256 of the signed text>` (see signedText). */
export function signWebhook(secret: string, delivery: SignedDelivery, unixSeconds: number): string {
  return `t=${unixSeconds},v2=${mac(secret, signedText(unixSeconds, delivery)).toString("hex")}`;
}

/**
 * The same signature over a streamed body (issue 17): the signed text's head, then the body's pieces as they come, fed
 * to the HMAC without ever being joined. For the same bytes it is byte for byte what signWebhook makes.
 */
export async function signWebhookStream(
  secret: string,
  delivery: Omit<SignedDelivery, "body">,
  body: AsyncIterable<Uint8Array>,
  unixSeconds: number,
): Promise<string> {
  const hmac = createHmac("sha256", secret).update(signedHead(unixSeconds, delivery));
  for await (const piece of body) hmac.update(piece);
  return `t=${unixSeconds},v2=${hmac.digest("hex")}`;
}

/**
 * The receiver's side: accept only a valid v2 signature over this message, this Bundle and this body, made at most
 * WEBHOOK_MAX_AGE_SECONDS ago and at most WEBHOOK_MAX_FUTURE_SECONDS ahead of the receiver's clock. Delivery is
 * at-least-once: a receiver keeps one message per (signed) MessageHeader.id.
 */
export function verifyWebhookSignature(
  secret: string,
  delivery: SignedDelivery,
  header: string | undefined,
  nowSeconds = Math.floor(Date.now() / 1000),
  window: { maxAgeSeconds?: number; maxFutureSeconds?: number } = {},
): boolean {
  const { maxAgeSeconds = WEBHOOK_MAX_AGE_SECONDS, maxFutureSeconds = WEBHOOK_MAX_FUTURE_SECONDS } = window;
  const parts = new Map((header ?? "").split(",").map((p) => p.split("=", 2) as [string, string]));
  const stamp = parts.get("t") ?? "";
  const t = /^\d{1,12}$/.test(stamp) ? Number(stamp) : NaN;
  if (!Number.isSafeInteger(t) || nowSeconds - t > maxAgeSeconds || t - nowSeconds > maxFutureSeconds) return false;
  const given = Buffer.from(parts.get("v2") ?? "", "hex");
  const expected = mac(secret, signedText(t, delivery));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * What the adapter needs of a signer: a detached signature over the body, base64 (src/crypto/pkcs7.ts's PKCS#7 signer
 * is one). Named here so the adapter sees its own port, not the crypto module (.dependency-cruiser.cjs).
 */
export interface BodySigner {
  sign(body: string | Uint8Array): string;
}

const RETRIED_STATUSES = new Set([408, 425, 429]);
const IDEMPOTENCY_HEADER = "Idempotency-Key";

export function webhookAdapter(
  target: { url: string; secret: string; signature?: "pkcs7" },
  now: () => number = Date.now,
  pkcs7?: BodySigner,
): DeliveryAdapter {
  if (target.signature === "pkcs7" && !pkcs7)
    throw new Error("a PKCS#7 signature needs the gateway's signing certificate");
  const urlProblem = webhookUrlProblem(target.url);
  if (urlProblem) throw new Error(urlProblem);
  return {
    name: "webhook",
    async deliver({ messageId, bundleId, documents, attempt }) {
      const docs = await documents();
      const labels = documentLabels(docs);
      const one = docs.length === 1 && docs[0]?.part === "fhir";
      let last: DeliveryOutcome = { outcome: "rejected", reason: "there was no document to send" };
      for (const [i, doc] of docs.entries()) {
        const label = labels[i] ?? doc.part;
        // A FHIR message keeps its one request exactly as before: no document headers, the message id as key.
        const part: Record<string, string> = one
          ? { [IDEMPOTENCY_HEADER]: messageId }
          : {
              [IDEMPOTENCY_HEADER]: `${messageId}.${label}`,
              [DOCUMENT_HEADER]: label,
              [DOCUMENT_COUNT_HEADER]: String(docs.length),
            };
        last = await post(doc, part);
        if (last.outcome !== "delivered") return last;
      }
      return one || last.outcome !== "delivered"
        ? last
        : { outcome: "delivered", detail: `${docs.length} documents, ${last.detail ?? ""}` };

      async function post(doc: DeliveryDocument, part: Record<string, string>): Promise<DeliveryOutcome> {
        if (doc.stream && target.signature === "pkcs7")
          return {
            outcome: "rejected",
            reason:
              "the letter has an attachment too large to hold in memory (issue 17), and a PKCS#7 signature is made " +
              "over the whole body: such letters go to this receiver only with the HMAC signature",
          };
        const unixSeconds = Math.floor(now() / 1000);
        const signed = { messageId, bundleId };
        // A blob that cannot be read fails the attempt here (the processor retries it), not as the receiver's fault.
        const streamSignature =
          doc.stream && (await signWebhookStream(target.secret, signed, doc.stream.open(), unixSeconds));
        const headers = {
          "Content-Type": contentTypeOf(doc),
          ...part,
          [MESSAGE_ID_HEADER]: messageId,
          [BUNDLE_ID_HEADER]: bundleId,
          // Counted in the store before each attempt, so a repeat after a killed worker says 2, not 1 again.
          "X-Gateway-Attempt": String(attempt),
        };
        let status: number;
        try {
          if (doc.stream) {
            // Streamed (issue 17): the signature in a first pass over the body, the body itself in a second, with
            // its length up front so the receiver sees an ordinary request; through node:http (stream-post.ts).
            status = await postStream({
              url: target.url,
              headers: {
                ...headers,
                "Content-Length": String(doc.stream.byteLength),
                [SIGNATURE_HEADER]: streamSignature || "",
              },
              body: doc.stream.open(),
              timeoutMs: streamTimeoutMs(doc.stream.byteLength),
            });
          } else {
            const response = await fetch(target.url, {
              method: "POST",
              headers: {
                ...headers,
                [SIGNATURE_HEADER]: signWebhook(target.secret, { ...signed, body: doc.bytes }, unixSeconds),
                ...(target.signature === "pkcs7" && pkcs7 ? { [PKCS7_HEADER]: pkcs7.sign(doc.bytes) } : {}),
              },
              body: doc.bytes,
              signal: AbortSignal.timeout(TIMEOUT_MS),
              redirect: "manual",
            });
            await response.body?.cancel();
            status = response.status;
          }
        } catch (err) {
          const cause = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
          return { outcome: "retry", reason: `receiver unreachable: ${cause}` };
        }
        if (status >= 200 && status < 300) return { outcome: "delivered", detail: `HTTP ${status}` };
        if (status >= 500 || RETRIED_STATUSES.has(status))
          return { outcome: "retry", reason: `receiver answered HTTP ${status}` };
        return { outcome: "rejected", reason: `receiver refused the message: HTTP ${status}` };
      }
    },
  };
}
