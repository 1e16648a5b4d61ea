// A failed-authentication budget per client address on /v1 (issue 11, point 13): API keys are long and random, but
// an address that keeps presenting wrong ones is guessing, or misconfigured and hammering; after the budget it waits
// for the next minute (429 with Retry-After) before its keys are even looked at.
import type { MiddlewareHandler } from "hono";
import { GatewayError } from "../errors.js";
import { systemClock, type Now } from "../domain/clock.js";
import type { RateLimiter } from "../domain/ports/rate-limiter.js";
import type { AppEnv } from "./env.js";

/** Failed authentications per address and minute before the address must wait. */
export const AUTH_FAILURES_PER_MINUTE = 30;

export function authFailureBudget(
  limiter: RateLimiter,
  perMinute = AUTH_FAILURES_PER_MINUTE,
  clock: Now = systemClock.now,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = `auth-failures:${c.get("clientAddress") ?? "unknown"}`;
    const now = clock().getTime();
    // If Redis cannot count, authentication goes on (as the per-client limit does).
    const failed = await limiter.taken(key, now).catch(() => 0);
    if (failed >= perMinute) {
      const retryAfter = Math.max(1, Math.ceil((60_000 - (now % 60_000)) / 1000));
      const message = `More than ${perMinute} failed authentications a minute from this address; retry in ${retryAfter} s.`;
      throw new GatewayError(
        "rate-limited",
        [{ severity: "error", code: "authentication-throttled", path: "Authorization", message }],
        message,
        { "Retry-After": String(retryAfter) },
      );
    }
    await next();
    if (c.res.status === 401) await limiter.take(key, perMinute, clock().getTime()).catch(() => undefined);
  };
}
