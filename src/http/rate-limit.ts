// Per-client rate limits (429 with Retry-After), counted in admission.ts. If Redis cannot count, the request goes on:
// whatever it needs from Redis will answer 503 by itself, and reading the directory needs no Redis at all.
import { GatewayError } from "../errors.js";
import type { RateDecision } from "../domain/ports/rate-limiter.js";

/** The refusal of a client over its requests a minute. */
export function rateLimited(requestsPerMinute: number, decision: RateDecision): never {
  const message = `More than ${requestsPerMinute} requests a minute; retry in ${decision.retryAfterSeconds} s.`;
  throw new GatewayError(
    "rate-limited",
    [{ severity: "error", code: "rate-limited", path: "Authorization", message }],
    message,
    { "Retry-After": String(decision.retryAfterSeconds) },
  );
}
