// Per-client request counting in Redis, shared by every API process: a fixed one-minute window per client.
import type { Redis } from "ioredis";
import type { RateLimiter } from "../domain/ports/rate-limiter.js";
import { runScript, script } from "./scripts.js";

const WINDOW_MS = 60_000;

/**
 * Count one request in its window, which expires two windows on: one script, where MULTI/INCR/PEXPIRE/EXEC were four
 * commands for every request (issue 17, point 3). The lifetime is set when the window's first request creates the
 * counter, in the same atomic step, so no counter is ever left without one; the later requests only count (one
 * command, and one entry in the append-only file, fewer per request). KEYS: the window's counter. ARGV: its
 * lifetime (ms).
 */
const TAKE = script(`
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count
`);

/**
 * An authenticated request's counts in one round trip (issue 17, point 3): the failures counted against its address
 * and, unless they reached the budget, one request for its client (as TAKE). KEYS: the address's counter, the client's.
 * ARGV: the budget (-1: none), the client counter's lifetime (ms), set by the window's first request as TAKE does.
 * Returns {failed, count}; count -1: not taken.
 */
const ADMIT = script(`
local failed = tonumber(redis.call('GET', KEYS[1]) or '0')
local budget = tonumber(ARGV[1])
if budget >= 0 and failed >= budget then return {failed, -1} end
local count = redis.call('INCR', KEYS[2])
if count == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
return {failed, count}
`);

export function createRateLimiter(redis: Redis, prefix: string): RateLimiter {
  const keyOf = (clientId: string, window: number) => `${prefix}:rate:${clientId}:${window}`;
  const decisionOf = (count: number, perMinute: number, window: number, now: number) => ({
    allowed: count <= perMinute,
    retryAfterSeconds: Math.ceil(((window + 1) * WINDOW_MS - now) / 1000),
  });
  return {
    async taken(clientId, now) {
      return Number((await redis.get(keyOf(clientId, Math.floor(now / WINDOW_MS)))) ?? 0);
    },
    async take(clientId, perMinute, now) {
      const window = Math.floor(now / WINDOW_MS);
      const count = Number(await runScript(redis, TAKE, [keyOf(clientId, window)], [String(WINDOW_MS * 2)]));
      return decisionOf(count, perMinute, window, now);
    },
    async admit(addressKey, budget, clientId, perMinute, now) {
      const window = Math.floor(now / WINDOW_MS);
      const keys = [keyOf(addressKey, window), keyOf(clientId, window)];
      const limit = Number.isFinite(budget) ? String(Math.max(0, budget)) : "-1";
      const [failed, count] = (await runScript(redis, ADMIT, keys, [limit, String(WINDOW_MS * 2)])) as [number, number];
      return count < 0 ? { failed } : { failed, decision: decisionOf(count, perMinute, window, now) };
    },
  };
}
