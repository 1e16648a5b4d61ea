// Per-client request counting in Redis, shared by every API process: a fixed one-minute window per client.
import type { Redis } from "ioredis";
import type { RateLimiter } from "../domain/ports/rate-limiter.js";

const WINDOW_MS = 60_000;

export function createRateLimiter(redis: Redis, prefix: string): RateLimiter {
  const keyOf = (clientId: string, window: number) => `${prefix}:rate:${clientId}:${window}`;
  return {
    async taken(clientId, now) {
      return Number((await redis.get(keyOf(clientId, Math.floor(now / WINDOW_MS)))) ?? 0);
    },
    async take(clientId, perMinute, now) {
      const window = Math.floor(now / WINDOW_MS);
      const key = keyOf(clientId, window);
      const replies = await redis
        .multi()
        .incr(key)
        .pexpire(key, WINDOW_MS * 2)
        .exec();
      const count = Number(replies?.[0]?.[1] ?? 0);
      return { allowed: count <= perMinute, retryAfterSeconds: Math.ceil(((window + 1) * WINDOW_MS - now) / 1000) };
    },
  };
}
