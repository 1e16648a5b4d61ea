// The store's Lua scripts: each multi-key change happens atomically inside Redis, so a crash or a lost connection
// never leaves half a message behind (CONTRACT.md §2: 503 means nothing was accepted).
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

export interface Script {
  source: string;
  sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

/** EVALSHA, loading the script on first use (NOSCRIPT) — one round trip in the steady state. */
export async function runScript(redis: Redis, s: Script, keys: readonly string[], args: readonly string[]) {
  try {
    return await redis.evalsha(s.sha, keys.length, ...keys, ...args);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith("NOSCRIPT")) throw err;
    return redis.eval(s.source, keys.length, ...keys, ...args);
  }
}

/**
 * Accept a message: record, content, first event, idempotency key, thread and status indexes and the outbox entry,
 * all or nothing (the `accepted` status index is the outbox the dispatcher drains). A record that already exists (same MessageHeader.id), or a client idempotency key already used,
 * returns the earlier message's id and fingerprint instead and writes nothing.
 * KEYS: record, content, events, idempotency (or the record key when none), thread (or record), status
 * ARGV: id, fingerprint, hasIdempotencyKey (0/1), hasThread (0/1), content, event, ttlSeconds, nowMs, fields…
 */
export const ACCEPT = script(`
local existing = redis.call('HGET', KEYS[1], 'fingerprint')
if existing then return {'duplicate', ARGV[1], existing} end
if ARGV[3] == '1' then
  local prior = redis.call('GET', KEYS[4])
  if prior then
    local space = string.find(prior, ' ', 1, true)
    return {'duplicate', string.sub(prior, 1, space - 1), string.sub(prior, space + 1)}
  end
end
local ttl = tonumber(ARGV[7])
redis.call('HSET', KEYS[1], unpack(ARGV, 9))
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('SET', KEYS[2], ARGV[5], 'EX', ttl)
redis.call('RPUSH', KEYS[3], ARGV[6])
redis.call('EXPIRE', KEYS[3], ttl)
if ARGV[3] == '1' then redis.call('SET', KEYS[4], ARGV[1] .. ' ' .. ARGV[2], 'EX', ttl) end
if ARGV[4] == '1' then
  redis.call('ZADD', KEYS[5], ARGV[8], ARGV[1])
  redis.call('EXPIRE', KEYS[5], ttl)
end
redis.call('ZADD', KEYS[6], ARGV[8], ARGV[1])
return {'accepted', ARGV[1], ARGV[2]}
`);

/**
 * Change a record's status only if it still has the expected one, appending the event in the same step. A second
 * worker running the same job (stalled, killed) finds the status already changed and does nothing.
 * KEYS: record, events, status index of from, status index of to
 * ARGV: from, to, event, nowIso, nowMs, fields…
 * Returns "ok", "missing", or the status the record actually has.
 */
export const TRANSITION = script(`
local current = redis.call('HGET', KEYS[1], 'status')
if not current then return 'missing' end
if current ~= ARGV[1] then return current end
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'updatedAt', ARGV[4], unpack(ARGV, 6))
redis.call('RPUSH', KEYS[2], ARGV[3])
redis.call('ZREM', KEYS[3], redis.call('HGET', KEYS[1], 'id'))
redis.call('ZADD', KEYS[4], ARGV[5], redis.call('HGET', KEYS[1], 'id'))
return 'ok'
`);

/**
 * Record one delivery attempt: count it and append its event, only while the message is still being delivered.
 * KEYS: record, events   ARGV: event
 */
export const ATTEMPT = script(`
if redis.call('HGET', KEYS[1], 'status') ~= 'queued' then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[1])
return redis.call('HINCRBY', KEYS[1], 'deliveryAttempts', 1)
`);
