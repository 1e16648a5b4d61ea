// Per-client rate limits (429 with Retry-After). If Redis cannot count, the request goes on: whatever it needs from
// Redis will answer 503 by itself, and reading the directory needs no Redis at all.
import type { MiddlewareHandler } from "hono";
import { GatewayError } from "../errors.js";
import { systemClock, type Now } from "../domain/clock.js";
import type { RateLimiter } from "../domain/ports/rate-limiter.js";
import type { AppEnv } from "./env.js";

export function rateLimit(limiter: RateLimiter, now: Now = systemClock.now): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { id, requestsPerMinute } = c.get("caller");
    const decision = await limiter.take(id, requestsPerMinute, now().getTime()).catch(() => undefined);
    if (decision && !decision.allowed) {
      const message = `More than ${requestsPerMinute} requests a minute; retry in ${decision.retryAfterSeconds} s.`;
      throw new GatewayError(
        "rate-limited",
        [{ severity: "error", code: "rate-limited", path: "Authorization", message }],
        message,
        { "Retry-After": String(decision.retryAfterSeconds) },
      );
    }
    await next();
  };
}
