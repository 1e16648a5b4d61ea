// Admission to /v1 (CONTRACT.md §2; issue 11, point 13): the address's failed-authentication budget, the caller's
// authentication, and the client's rate limit, in that order of answers: an address over its budget gets 429 whatever
// its keys, an unknown caller 401 (counted against its address), a client over its limit 429. The authentication is
// done in memory first, so that an authenticated request's two counts take one Redis round trip instead of two
// (issue 17, point 3: each round trip was ~1.5 % of the API's CPU under the bench). If Redis cannot count, the request
// goes on (whatever it needs from Redis will answer 503 by itself).
import type { MiddlewareHandler } from "hono";
import type { Caller, ClientRegistry } from "../access/clients.js";
import { systemClock, type Now } from "../domain/clock.js";
import type { RateLimiter } from "../domain/ports/rate-limiter.js";
import { identify } from "./auth.js";
import { authFailureKey, authThrottled } from "./auth-throttle.js";
import type { AppEnv } from "./env.js";
import { rateLimited } from "./rate-limit.js";

export function admission(
  limiter: RateLimiter,
  clients: ClientRegistry,
  failuresPerMinute: number,
  clock: Now = systemClock.now,
): MiddlewareHandler<AppEnv> {
  const countFailure = (key: string) => limiter.take(key, failuresPerMinute, clock().getTime()).catch(() => undefined);
  return async (c, next) => {
    const key = authFailureKey(c.get("clientAddress"));
    const now = clock().getTime();
    let caller: Caller;
    try {
      caller = identify(clients, c);
    } catch (err) {
      const failed = await limiter.taken(key, now).catch(() => 0);
      if (failed >= failuresPerMinute) authThrottled(failuresPerMinute, now);
      await countFailure(key);
      throw err;
    }
    const admitted = await limiter
      .admit(key, failuresPerMinute, caller.id, caller.requestsPerMinute, now)
      .catch(() => undefined);
    if (admitted && !admitted.decision) authThrottled(failuresPerMinute, now);
    if (admitted?.decision && !admitted.decision.allowed) rateLimited(caller.requestsPerMinute, admitted.decision);
    c.set("caller", caller);
    await next();
    // A route that answers 401 after all counts against the address too, as a failed authentication does.
    if (c.res.status === 401) await countFailure(key);
  };
}
