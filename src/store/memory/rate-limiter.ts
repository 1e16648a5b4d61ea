// The rate limiter port in memory: the same fixed one-minute windows as the Redis one, counted in a map.
/* eslint-disable @typescript-eslint/require-await -- the ports are asynchronous; memory answers at once */
import type { RateLimiter } from "../../domain/ports/rate-limiter.js";

const WINDOW_MS = 60_000;

export function createMemoryRateLimiter(): RateLimiter {
  const counts = new Map<string, number>();
  const keyOf = (clientId: string, now: number) => `${clientId}:${Math.floor(now / WINDOW_MS)}`;
  const take: RateLimiter["take"] = async (clientId, perMinute, now) => {
    const key = keyOf(clientId, now);
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    const windowEnd = (Math.floor(now / WINDOW_MS) + 1) * WINDOW_MS;
    return { allowed: count <= perMinute, retryAfterSeconds: Math.ceil((windowEnd - now) / 1000) };
  };
  return {
    take,
    async taken(clientId, now) {
      return counts.get(keyOf(clientId, now)) ?? 0;
    },
    async admit(addressKey, budget, clientId, perMinute, now) {
      const failed = counts.get(keyOf(addressKey, now)) ?? 0;
      return failed >= budget ? { failed } : { failed, decision: await take(clientId, perMinute, now) };
    },
  };
}
