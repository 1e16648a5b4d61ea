// The circuit breakers' state in Redis (issue 12, point 4), so every worker process sees the same state of a
// location. One hash per location carries the state and a version; a change is a compare-and-set on the version (a
// small Lua script), so two workers that both see an opening lapse cannot both become the probe. The state machine
// itself is pure (src/domain/circuit-breaker.ts); this file only reads, writes and retries the compare-and-set.
//
// Beside it, a sorted set per location holds the delivery jobs waiting for it, scored by the letter's acceptance time:
// the backlog is released oldest first. Members are the gateway's own job ids, never part of a key name.
import type { Redis } from "ioredis";
import { CLOSED, type BreakerState } from "../domain/breaker.js";
import type { BreakerStore } from "../domain/ports/breaker-store.js";
import type { Keys } from "./keys.js";
import { runScript, script } from "./scripts.js";

/** KEYS[1] breaker hash; ARGV[1] the version read; ARGV[2..] the new fields. Replaces the state only if unchanged. */
const CAS = script(`
local v = redis.call('HGET', KEYS[1], 'v') or '0'
if v ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'v', tostring(tonumber(v) + 1), unpack(ARGV, 2))
return 1
`);

/** KEYS[1] in-flight set (job id → lease end); ARGV now, job id, lease end, limit. */
const ACQUIRE = script(`
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[2]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[4]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
  redis.call('PEXPIREAT', KEYS[1], ARGV[3])
  return 1
end
return 0
`);

/** Compare-and-set rounds before giving up; only a storm of workers on one location would need more than two. */
const CAS_ROUNDS = 8;

export function createBreakerStore(redis: Redis, keys: Keys): BreakerStore {
  const load = async (gln: string) => decode(await redis.hgetall(keys.breaker(gln)));
  return {
    read: async (gln) => (await load(gln)).state,
    async update(gln, step) {
      for (let round = 0; ; round++) {
        const { state, version } = await load(gln);
        const { next, result } = step(state);
        if (next === undefined) return result;
        const ok = await runScript(redis, CAS, [keys.breaker(gln)], [version, ...encode(next)]);
        if (ok === 1) return result;
        if (round >= CAS_ROUNDS) throw new Error("circuit breaker state kept changing under this worker");
      }
    },
    async wait(gln, jobId, acceptedAt) {
      await redis.zadd(keys.breakerWaiting(gln), "NX", String(acceptedAt), jobId);
    },
    async leave(gln, jobId) {
      await redis.zrem(keys.breakerWaiting(gln), jobId);
    },
    async head(gln) {
      const [first] = await redis.zrange(keys.breakerWaiting(gln), "0", "0");
      return first;
    },
    waiting: (gln) => redis.zcard(keys.breakerWaiting(gln)),
    async acquire(gln, jobId, now, leaseUntil, limit) {
      const args = [String(now), jobId, String(leaseUntil), String(limit)];
      return (await runScript(redis, ACQUIRE, [keys.breakerInFlight(gln)], args)) === 1;
    },
    async release(gln, jobId) {
      await redis.zrem(keys.breakerInFlight(gln), jobId);
    },
    async queueForSlot(gln, jobId, acceptedAt) {
      await redis.zadd(keys.breakerBusy(gln), "NX", String(acceptedAt), jobId);
    },
    async leaveSlotQueue(gln, jobId) {
      await redis.zrem(keys.breakerBusy(gln), jobId);
    },
    async nextForSlot(gln) {
      const [first] = await redis.zpopmin(keys.breakerBusy(gln));
      return first;
    },
  };
}

function encode(s: BreakerState): string[] {
  switch (s.state) {
    case "closed":
      return ["state", "closed", "failures", String(s.failures)];
    case "open":
      return ["state", "open", "since", String(s.since), "until", String(s.until), "opens", String(s.opens)];
    case "half-open":
      return [
        "state",
        "half-open",
        "since",
        String(s.since),
        "probeUntil",
        String(s.probeUntil),
        "opens",
        String(s.opens),
      ];
  }
}

/** An absent or unreadable hash is a closed breaker: a location is presumed up until deliveries say otherwise. */
function decode(h: Record<string, string>): { state: BreakerState; version: string } {
  const version = h.v ?? "0";
  const n = (field: string) => Number(h[field] ?? 0);
  switch (h.state ?? "closed") {
    case "open":
      return { version, state: { state: "open", since: n("since"), until: n("until"), opens: n("opens") } };
    case "half-open":
      return {
        version,
        state: { state: "half-open", since: n("since"), probeUntil: n("probeUntil"), opens: n("opens") },
      };
    case "closed":
      return { version, state: { state: "closed", failures: n("failures") } };
  }
  return { version, state: CLOSED };
}
