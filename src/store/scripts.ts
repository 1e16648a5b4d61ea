// The store's Lua scripts: each multi-key change happens atomically inside Redis, so a crash or a lost connection
// never leaves half a message behind: a message is stored whole or not at all (a 503 says which it knows: nothing was
// accepted, or — its reply lost — it may have been, and the same request again is safe; issue 12, point 1).
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { BLOB_SUMMARY_FIELDS } from "./blob-chunks.js";

export interface Script {
  source: string;
  sha: string;
}

export function script(source: string): Script {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

/** EVALSHA, loading the script on first use (NOSCRIPT) — one round trip in the steady state. */
export async function runScript(redis: Redis, s: Script, keys: readonly string[], args: readonly (string | Buffer)[]) {
  try {
    return await redis.evalsha(s.sha, keys.length, ...keys, ...args);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith("NOSCRIPT")) throw err;
    return redis.eval(s.source, keys.length, ...keys, ...args);
  }
}

/**
 * Accept a message: record, content, first event, idempotency key, thread and status indexes and the outbox entry,
 * all or nothing (the `accepted` status index is the outbox the dispatcher drains). A record that already exists (same
 * MessageHeader.id), or a client idempotency key already used, returns the earlier message's id and fingerprint
 * instead and writes nothing.
 * The audit entry of the acceptance is written in the same step, as pending (issue 12, point 1): the chain's MACs
 * need a key Redis never holds, so the entry is moved onto the chain afterwards (audit-append.ts), exactly once, and
 * a 202 depends on nothing but this script.
 * The blobs the content names (issue 17, point 1) are kept in the same step: each must be there whole (finished, every
 * chunk present), else nothing is written and the reply names the first one that is not ('blob-missing', its place in
 * the blob keys from 1); each is then kept for the retention period, never less than it already is (EXPIRE … GT: a
 * resend or a forward may name a blob an earlier message keeps longer). A duplicate keeps none: its caller deletes them.
 * A large content (STAGE_CONTENT_BYTES and more, sealed) is not an argument: the store sends it just ahead, on the same
 * connection, as a plain SET of a staging key with a short lifetime, and this script renames that key onto the
 * content key (issue 17, point 3). Redis takes a large argument of a plain command as it reads it, where a script's
 * argument is copied into Lua and out again: the bench's letter with a 200 KB PDF cost ≈ 400 µs of Redis time in the
 * script, ≈ 20 µs staged. The staging key is removed in every outcome that does not keep it; one whose script never
 * ran (a crash between the two) expires. No staging key means its SET failed: nothing is written ('staged-missing').
 * KEYS: record, content, events, idempotency (or the record key when none), thread (or record), status,
 *       letters index, all-messages index, pending audit entries (hash), their times (sorted set), the staged content
 *       (or the content key when the content is an argument), the blobs…
 * ARGV: id, fingerprint, hasIdempotencyKey (0/1), hasThread (0/1), content ('' when staged), event, ttlSeconds, nowMs,
 *       isLetter (0/1), pending audit field ('' for none), pending audit entry, fields…
 */
export const ACCEPT = script(`
local staged = ARGV[5] == ''
local existing = redis.call('HGET', KEYS[1], 'fingerprint')
if existing then
  if staged then redis.call('DEL', KEYS[11]) end
  return {'duplicate', ARGV[1], existing}
end
if ARGV[3] == '1' then
  local prior = redis.call('GET', KEYS[4])
  if prior then
    if staged then redis.call('DEL', KEYS[11]) end
    local space = string.find(prior, ' ', 1, true)
    return {'duplicate', string.sub(prior, 1, space - 1), string.sub(prior, space + 1)}
  end
end
for i = 12, #KEYS do
  local count = redis.call('HGET', KEYS[i], 'count')
  if not count or redis.call('HLEN', KEYS[i]) ~= tonumber(count) + ${BLOB_SUMMARY_FIELDS.length} then
    if staged then redis.call('DEL', KEYS[11]) end
    return {'blob-missing', tostring(i - 11), ''}
  end
end
if staged and redis.call('EXISTS', KEYS[11]) == 0 then return {'staged-missing', ARGV[1], ''} end
local ttl = tonumber(ARGV[7])
for i = 12, #KEYS do redis.call('EXPIRE', KEYS[i], ttl, 'GT') end
redis.call('HSET', KEYS[1], unpack(ARGV, 12))
redis.call('EXPIRE', KEYS[1], ttl)
if staged then
  redis.call('RENAME', KEYS[11], KEYS[2])
  redis.call('EXPIRE', KEYS[2], ttl)
else
  redis.call('SET', KEYS[2], ARGV[5], 'EX', ttl)
end
redis.call('RPUSH', KEYS[3], ARGV[6])
redis.call('EXPIRE', KEYS[3], ttl)
if ARGV[3] == '1' then redis.call('SET', KEYS[4], ARGV[1] .. ' ' .. ARGV[2], 'EX', ttl) end
if ARGV[4] == '1' then
  redis.call('ZADD', KEYS[5], ARGV[8], ARGV[1])
  redis.call('EXPIRE', KEYS[5], ttl)
end
redis.call('ZADD', KEYS[6], ARGV[8], ARGV[1])
redis.call('ZADD', KEYS[8], ARGV[8], ARGV[1])
if ARGV[9] == '1' then redis.call('ZADD', KEYS[7], ARGV[8], ARGV[1]) end
if ARGV[10] ~= '' then
  redis.call('HSET', KEYS[9], ARGV[10], ARGV[11])
  redis.call('ZADD', KEYS[10], ARGV[8], ARGV[10])
end
return {'accepted', ARGV[1], ARGV[2]}
`);

/** Sealed contents this large are staged ahead of ACCEPT (see there): Redis's own threshold for taking a bulk
 *  argument without a copy (PROTO_MBULK_BIG_ARG, 32 KiB). A text letter (≈ 2 KB sealed) stays an argument. */
export const STAGE_CONTENT_BYTES = 32 * 1024;
/** How long a staged content outlives a script that never ran (a crash between the two): long enough for a script
 *  queued behind it on a reconnecting connection, short enough not to keep memory. */
export const STAGED_CONTENT_SECONDS = 15 * 60;

/**
 * Change a record's status only if it still has one of the expected ones, appending the event (and, for a technical
 * resend, replacing the content) in the same step. A second worker running the same job (stalled, killed) finds the
 * status already changed and does nothing. The awaiting-acknowledgement index follows the status: a CareCommunication
 * enters it when first delivered (a resend keeps its first time) and leaves it when answered or given up on; an
 * acknowledgement never enters it (an acknowledgement is never acknowledged, DOMAIN.md §3).
 * Only the status indexes the step can touch are passed — the new status's and the allowed ones' — and the id comes
 * as an argument, not read back from the record (issue 17, point 3: `accepted → queued` runs for every letter; it
 * passed all six indexes and looped over them in Lua).
 * Status and kind are read in one HMGET (one call fewer for a change to `delivered`). No caller's fields change
 * the kind.
 * KEYS: record, events, content, awaiting-acknowledgement index, the index of `to`, the index of each allowed status
 *       (in the order ARGV names them)
 * ARGV: id, to, event, nowIso, nowMs, new content ('' keeps it), number n of allowed statuses, the allowed statuses…,
 *       fields…
 * Returns "ok", "missing", or the status the record actually has.
 */
export const TRANSITION = script(`
local h = redis.call('HMGET', KEYS[1], 'status', 'kind')
local current = h[1]
if not current then return 'missing' end
local n = tonumber(ARGV[7])
local from = 0
for i = 1, n do
  if ARGV[7 + i] == current then from = i end
end
if from == 0 then return current end
local id = ARGV[1]
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'updatedAt', ARGV[4], unpack(ARGV, 8 + n))
redis.call('RPUSH', KEYS[2], ARGV[3])
if ARGV[6] ~= '' then redis.call('SET', KEYS[3], ARGV[6], 'KEEPTTL') end
redis.call('ZREM', KEYS[5 + from], id)
redis.call('ZADD', KEYS[5], ARGV[5], id)
if ARGV[2] == 'delivered' then
  if h[2] ~= 'acknowledgement' then redis.call('ZADD', KEYS[4], 'NX', ARGV[5], id) end
elseif ARGV[2] == 'acknowledged' or ARGV[2] == 'rejected' or ARGV[2] == 'failed' then
  redis.call('ZREM', KEYS[4], id)
end
return 'ok'
`);

/**
 * Record one delivery attempt: count it and append its event, only while the message is still being delivered. The
 * same attempt recorded again (ioredis resends a script whose reply a dropped connection lost) is recognised by its
 * number and counted once (issue 12, point 3).
 * KEYS: record, events   ARGV: event, the attempt's number ('' when it has none)
 */
export const ATTEMPT = script(`
if redis.call('HGET', KEYS[1], 'status') ~= 'queued' then return 0 end
if ARGV[2] ~= '' and redis.call('HGET', KEYS[1], 'attemptRecorded') == ARGV[2] then
  return tonumber(redis.call('HGET', KEYS[1], 'deliveryAttempts'))
end
redis.call('RPUSH', KEYS[2], ARGV[1])
if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'attemptRecorded', ARGV[2]) end
return redis.call('HINCRBY', KEYS[1], 'deliveryAttempts', 1)
`);

/**
 * Start a delivery attempt: count it before the adapter runs, so the number a receiver is told (X-Gateway-Attempt)
 * keeps counting across killed workers, stalled and re-added jobs (issue 12, point 5). A start that never finished
 * leaves a gap in the numbers, never a repeat. 0 when the message is no longer being delivered.
 * KEYS: record
 */
export const START_ATTEMPT = script(`
if redis.call('HGET', KEYS[1], 'status') ~= 'queued' then return 0 end
return redis.call('HINCRBY', KEYS[1], 'attemptsStarted', 1)
`);

/**
 * A duplicate in MedCom's sense (a technical resend: a new Bundle.id for a MessageHeader.id already accepted, DOMAIN.md
 * §2.9 MR8): its event, the duplicates counter and its audit entry (pending, as ACCEPT writes one) in one step, once
 * per Bundle.id — the sender's retry of the same resend after an unclear answer finds its event and changes nothing
 * (issue 12, point 1).
 * KEYS: events, duplicates counter (hash), pending audit entries (hash), their times (sorted set)
 * ARGV: event, what the event says of the Bundle.id (a substring of it), audit field, audit entry, nowMs
 * Returns 1 the first time, 0 after.
 */
export const DUPLICATE = script(`
for _, e in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  if string.find(e, ARGV[2], 1, true) then return 0 end
end
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('HINCRBYFLOAT', KEYS[2], 'all', 1)
redis.call('HSET', KEYS[3], ARGV[3], ARGV[4])
redis.call('ZADD', KEYS[4], ARGV[5], ARGV[3])
return 1
`);
