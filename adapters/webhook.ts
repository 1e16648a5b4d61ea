// `webhook`: an HTTP POST of the message in the receiver's preferred format, signed so the receiver can tell it
// comes from this gateway and was not replayed, with an Idempotency-Key (the MessageHeader.id) so a second delivery
// of the same message can be recognised. 2xx delivered; 408, 429, 5xx and network errors retried; other 4xx rejected.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Pkcs7Signer } from "../src/crypto/pkcs7.js";
import type { DeliveryAdapter } from "./types.js";

export const SIGNATURE_HEADER = "X-Gateway-Signature";
export const PKCS7_HEADER = "X-Gateway-Signature-PKCS7";
const TIMEOUT_MS = 15_000;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, the timestamp inside the signed text (replay-safe). */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`, "utf8").digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/** The receiver's side: accept only a valid signature made within `toleranceSeconds` of now. */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string | undefined,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  const parts = new Map((header ?? "").split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.get("t"));
  const given = Buffer.from(parts.get("v1") ?? "", "hex");
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, body, t).split("v1=")[1] ?? "", "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const RETRIED_STATUSES = new Set([408, 425, 429]);

export function webhookAdapter(
  target: { url: string; secret: string; signature?: "pkcs7" },
  now: () => number = Date.now,
  pkcs7?: Pkcs7Signer,
): DeliveryAdapter {
  if (target.signature === "pkcs7" && !pkcs7)
    throw new Error("a PKCS#7 signature needs the gateway's signing certificate");
  return {
    name: "webhook",
    async deliver({ messageId, bundleId, body: render, format, attempt }) {
      const body = await render();
      let response: Response;
      try {
        response = await fetch(target.url, {
          method: "POST",
          headers: {
            "Content-Type": `${format}; charset=utf-8`,
            "Idempotency-Key": messageId,
            "X-Gateway-Bundle-Id": bundleId,
            "X-Gateway-Attempt": String(attempt),
            [SIGNATURE_HEADER]: signWebhook(target.secret, body, Math.floor(now() / 1000)),
            ...(target.signature === "pkcs7" && pkcs7 ? { [PKCS7_HEADER]: pkcs7.sign(body) } : {}),
          },
          body,
          signal: AbortSignal.timeout(TIMEOUT_MS),
          redirect: "manual",
        });
        await response.body?.cancel();
      } catch (err) {
        const cause = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
        return { outcome: "retry", reason: `receiver unreachable: ${cause}` };
      }
      const status = response.status;
      if (status >= 200 && status < 300) return { outcome: "delivered", detail: `HTTP ${status}` };
      if (status >= 500 || RETRIED_STATUSES.has(status))
        return { outcome: "retry", reason: `receiver answered HTTP ${status}` };
      return { outcome: "rejected", reason: `receiver refused the message: HTTP ${status}` };
    },
  };
}
