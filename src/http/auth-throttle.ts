// A failed-authentication budget per client address on /v1 (issue 11, point 13): API keys are long and random, but
// an address that keeps presenting wrong ones is guessing, or misconfigured and hammering; after the budget it waits
// for the next minute (429 with Retry-After) whatever its keys (admission.ts counts and checks).
import { GatewayError } from "../errors.js";

/** Failed authentications per address and minute before the address must wait. */
export const AUTH_FAILURES_PER_MINUTE = 30;

/** The rate limiter's key of an address's failed authentications. */
export const authFailureKey = (address: string | undefined): string => `auth-failures:${address ?? "unknown"}`;

/** The refusal of an address over its budget, until the minute (the limiter's window) ends. */
export function authThrottled(perMinute: number, now: number): never {
  const retryAfter = Math.max(1, Math.ceil((60_000 - (now % 60_000)) / 1000));
  const message = `More than ${perMinute} failed authentications a minute from this address; retry in ${retryAfter} s.`;
  throw new GatewayError(
    "rate-limited",
    [{ severity: "error", code: "authentication-throttled", path: "Authorization", message }],
    message,
    { "Retry-After": String(retryAfter) },
  );
}
