// Acknowledgement deadlines (DOMAIN.md §2.9 KR7, MR5–MR7) as one sorted set in Redis (issue 17, point 3): member
// `<reason>:<messageId>:<send>`, score = when it is due on the gateway's clock. Scheduling is one ZADD NX (a delayed
// BullMQ job per letter cost ~120 µs of Redis CPU in its addDelayedJob script, plus the worker's Queue.add work). A
// pass (queue/ack-deadline-sweep.ts, a BullMQ job scheduler like the other background passes) claims the due ones.
//
// The guarantees the BullMQ jobs gave, kept here:
// - in Redis, not in a process's timer: they survive restarts and fire in whichever worker sweeps;
// - one deadline per message, send and reason: scheduling again is a no-op while it waits (ZADD NX). One scheduled
//   while the same deadline is being run is kept and runs again later: like every run it decides on the record (a
//   deadline of an older send, or of a letter acknowledged meanwhile, skips; one not due yet waits again);
// - a worker killed mid-run: a claim moves the member to an in-flight set scored by a lease expiry on Redis's own
//   clock (TIME: the same for every process, and not the gateway's clock a test moves on). A lapsed lease is claimed
//   again, as BullMQ's stall recovery took a dead worker's job after DELIVERY_LOCK_MS (issue 12, point 7), up to
//   DEADLINE_MAX_STALLS times;
// - an error retries with exponential backoff (1 s, 2 s, 4 s, 8 s), DEADLINE_ATTEMPTS attempts in all, then the
//   deadline is recorded as failed, with its error, for DEADLINE_FAILED_KEEP_MS (BullMQ kept failed jobs 7 days),
//   counted in /metrics (medcom_ack_deadlines{state="failed"}).
// Members hold ids only (no patient data), like the job payloads they replace.
import type { Redis } from "ioredis";
import type { AckDeadlineWrite } from "../src/domain/ports/index.js";
import type { AckDeadlinesView, DeadlineRef, ResendReason } from "../src/domain/scheduling.js";
import { runScript, script } from "../src/store/scripts.js";
import { DEADLINE_MAX_STALLS, DELIVERY_LOCK_MS } from "./policy.js";

/** Runs of one deadline that may end in an error before it is recorded as failed (as the BullMQ jobs' attempts). */
export const DEADLINE_ATTEMPTS = 5;
export const DEADLINE_BACKOFF_MS = 1_000;
/** How long a failed deadline stays listed (BullMQ's removeOnFail of the deadline jobs). */
export const DEADLINE_FAILED_KEEP_MS = 7 * 24 * 3_600_000;
/** A claim's lease: a run that has not settled by then is taken to be dead (BullMQ's lock of the deadline jobs). */
export const DEADLINE_LEASE_MS = DELIVERY_LOCK_MS;
/** The reason a deadline whose runs died too often is recorded with. */
const STALLED_TOO_OFTEN = `the deadline's run was taken from a dead worker more than ${DEADLINE_MAX_STALLS} times`;

export type Settled = "done" | "postponed" | "retry" | "failed" | "not-held";

export type { DeadlineCounts, DeadlineRef, FailedDeadline } from "../src/domain/scheduling.js";

export interface AckDeadlines extends AckDeadlinesView {
  /** Due `delayMs` from now on the gateway's clock, unless already scheduled (then a no-op). */
  schedule(ref: DeadlineRef, delayMs: number): Promise<void>;
  /** The ZADD NX `schedule` makes, for a script to make in its own step (the mailbox hand-over's). */
  scheduleWrite(ref: DeadlineRef, delayMs: number): AckDeadlineWrite;
  /** Claim up to `limit` deadlines due now (and lapsed claims), each under a fresh lease. */
  claim(limit: number): Promise<DeadlineRef[]>;
  /** The run decided (resent, failed, skipped): the deadline is gone. */
  done(ref: DeadlineRef): Promise<Settled>;
  /** Not due yet: due again at `until` (gateway clock, ms). Spends no attempt. */
  postpone(ref: DeadlineRef, until: number): Promise<Settled>;
  /** The run threw: retried after a backoff, or recorded as failed after the last attempt. */
  fail(ref: DeadlineRef, error: string): Promise<Settled>;
}

export function deadlineMember({ messageId, send, reason }: DeadlineRef): string {
  return `${reason}:${messageId}:${send}`;
}

/** The member's parts; undefined for anything this code did not write. Message ids hold no ":" (src/store/keys.ts). */
export function parseDeadlineMember(member: string): DeadlineRef | undefined {
  const first = member.indexOf(":");
  const last = member.lastIndexOf(":");
  if (first <= 0 || last <= first + 1) return undefined;
  const digits = member.slice(last + 1);
  if (!/^\d{1,9}$/.test(digits)) return undefined;
  const send = Number(digits);
  return { reason: member.slice(0, first) as ResendReason, messageId: member.slice(first + 1, last), send };
}

/** The keys, all under the gateway's prefix (one hash tag, so the scripts stay legal in a Redis Cluster). */
export function deadlineKeys(prefix: string) {
  const base = `${prefix}:ack-deadlines`;
  return {
    due: base,
    inFlight: `${base}:in-flight`,
    /** Per member: `a:<member>` errors so far, `s:<member>` lapsed leases so far. */
    tries: `${base}:tries`,
    failed: `${base}:failed`,
    failedReasons: `${base}:failed-reasons`,
  };
}

const NOW_ON_REDIS = `local t = redis.call("TIME") local redisNow = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

const RECORD_FAILED = `
local function recordFailed(m, at, why)
  redis.call("ZADD", KEYS[4], at, m)
  redis.call("HSET", KEYS[5], m, why)
  redis.call("HDEL", KEYS[3], "a:" .. m, "s:" .. m)
end`;

/**
 * KEYS due, inFlight, tries, failed, failedReasons; ARGV gatewayNow, limit, leaseMs, maxStalls, stalledReason,
 * failedCutoff. Lapsed leases first (their deadline was due before anything due now), then due members; failures older
 * than the cutoff are dropped on the way (a few per call).
 */
const CLAIM = script(`${NOW_ON_REDIS}${RECORD_FAILED}
local limit = tonumber(ARGV[2])
local lease = redisNow + tonumber(ARGV[3])
local claimed = {}
for _, m in ipairs(redis.call("ZRANGEBYSCORE", KEYS[2], "-inf", redisNow, "LIMIT", 0, limit)) do
  if redis.call("HINCRBY", KEYS[3], "s:" .. m, 1) > tonumber(ARGV[4]) then
    redis.call("ZREM", KEYS[2], m)
    recordFailed(m, ARGV[1], ARGV[5])
  else
    redis.call("ZADD", KEYS[2], lease, m)
    claimed[#claimed + 1] = m
  end
end
if #claimed < limit then
  for _, m in ipairs(redis.call("ZRANGEBYSCORE", KEYS[1], "-inf", ARGV[1], "LIMIT", 0, limit - #claimed)) do
    redis.call("ZREM", KEYS[1], m)
    redis.call("ZADD", KEYS[2], lease, m)
    claimed[#claimed + 1] = m
  end
end
local old = redis.call("ZRANGEBYSCORE", KEYS[4], "-inf", ARGV[6], "LIMIT", 0, 100)
if #old > 0 then
  redis.call("ZREM", KEYS[4], unpack(old))
  redis.call("HDEL", KEYS[5], unpack(old))
end
return claimed`);

/**
 * KEYS as CLAIM; ARGV mode ("done" | "later" | "error"), member, until (later), gatewayNow, attempts, backoffMs,
 * error. Only a claim still held is settled: one whose lease lapsed and whose new holder settled it first is that
 * holder's decision ("not-held"); a lapsed claim not yet settled by the new holder is settled by whichever run ends
 * first, the other finds it gone (either run decided on the record, and a second run of a deadline is harmless).
 */
const SETTLE = script(`${RECORD_FAILED}
local m = ARGV[2]
if redis.call("ZREM", KEYS[2], m) == 0 then return "not-held" end
if ARGV[1] == "done" then
  redis.call("HDEL", KEYS[3], "a:" .. m, "s:" .. m)
  return "done"
end
if ARGV[1] == "later" then
  redis.call("ZADD", KEYS[1], ARGV[3], m)
  return "postponed"
end
local made = redis.call("HINCRBY", KEYS[3], "a:" .. m, 1)
if made >= tonumber(ARGV[5]) then
  recordFailed(m, ARGV[4], ARGV[7])
  return "failed"
end
redis.call("ZADD", KEYS[1], tonumber(ARGV[4]) + tonumber(ARGV[6]) * 2 ^ (made - 1), m)
return "retry"`);

export interface AckDeadlineOptions {
  /** DEADLINE_LEASE_MS; shorter in tests of a takeover. */
  leaseMs?: number;
}

export function createAckDeadlines(
  redis: Redis,
  prefix: string,
  now: () => Date,
  { leaseMs = DEADLINE_LEASE_MS }: AckDeadlineOptions = {},
): AckDeadlines {
  const keys = deadlineKeys(prefix);
  const all = [keys.due, keys.inFlight, keys.tries, keys.failed, keys.failedReasons];
  const settle = async (mode: string, ref: DeadlineRef, until: number, error = "") =>
    (await runScript(redis, SETTLE, all, [
      mode,
      deadlineMember(ref),
      String(Math.round(until)),
      String(now().getTime()),
      String(DEADLINE_ATTEMPTS),
      String(DEADLINE_BACKOFF_MS),
      error,
    ])) as Settled;
  const scheduleWrite = (ref: DeadlineRef, delayMs: number): AckDeadlineWrite => ({
    key: keys.due,
    member: deadlineMember(ref),
    dueMs: now().getTime() + Math.max(0, Math.round(delayMs)),
  });
  return {
    scheduleWrite,
    async schedule(ref, delayMs) {
      const { key, member, dueMs } = scheduleWrite(ref, delayMs);
      await redis.zadd(key, "NX", dueMs, member);
    },
    async claim(limit) {
      const at = now().getTime();
      const members = (await runScript(redis, CLAIM, all, [
        String(at),
        String(limit),
        String(leaseMs),
        String(DEADLINE_MAX_STALLS),
        STALLED_TOO_OFTEN,
        String(at - DEADLINE_FAILED_KEEP_MS),
      ])) as string[];
      // A member both lapsed and scheduled again is claimed once.
      return [...new Set(members)].flatMap((m) => parseDeadlineMember(m) ?? []);
    },
    done: (ref) => settle("done", ref, 0),
    postpone: (ref, until) => settle("later", ref, until),
    // The error's first line, short: what BullMQ kept as failedReason (messages carry ids, never patient data).
    fail: (ref, error) => settle("error", ref, 0, error.split("\n", 1)[0]?.slice(0, 500) ?? ""),
    async counts() {
      const [scheduled, claimed, failed] = await Promise.all([
        redis.zcard(keys.due),
        redis.zcard(keys.inFlight),
        redis.zcard(keys.failed),
      ]);
      return { scheduled, claimed, failed };
    },
    async failures(limit = 100) {
      const entries = await redis.zrevrange(keys.failed, 0, limit - 1, "WITHSCORES");
      const members: [string, number][] = [];
      for (let i = 0; i + 1 < entries.length; i += 2) members.push([entries[i] ?? "", Number(entries[i + 1])]);
      if (members.length === 0) return [];
      const reasons = await redis.hmget(keys.failedReasons, ...members.map(([m]) => m));
      return members.flatMap(([m, at], i) => {
        const ref = parseDeadlineMember(m);
        return ref ? [{ ...ref, at, error: reasons[i] ?? "" }] : [];
      });
    },
  };
}
