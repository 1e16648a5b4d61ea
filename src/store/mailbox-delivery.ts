// A delivery to a mailbox in one atomic step (issue 12, point 3): the hand-over (mailbox and mailbox:new), the
// attempt count, the attempt event, the `delivered` event and the status change are one Lua script, so no lost
// write or lost reply can leave a message `delivered` that is not in the mailbox, nor put it there twice. The
// hand-over and its status live in the same Redis, so unlike a webhook there is no effect outside it to order.
// The attempt is started (numbered) and the delivery counted for /metrics and the console (counters.ts's hashes) in
// the same step: once per hand-over, and two worker round trips (each a write Redis syncs to its AOF) fewer per
// letter than starting and counting apart.
import type { Redis } from "ioredis";
import type { Keys } from "./keys.js";
import { HOURLY_KEEP_SECONDS, deliveryCounterKeys } from "./counters.js";
import type { MailboxDeliveryEvents, MailboxDeliveryResult } from "../domain/ports/mailbox-store.js";
import type { MessageEvent } from "../domain/events.js";

export type { MailboxDeliveryEvents, MailboxDeliveryResult };
import { runScript, script } from "./scripts.js";

/**
 * Only while the message is `queued`: start the attempt (START_ATTEMPT's count, issue 12, point 5: the number is the
 * attempt event's), add it to the mailbox and to its new subset (NX: an entry keeps its first delivery time), count
 * the attempt, append both events, move the status indexes and, for a CareCommunication, start waiting for its
 * acknowledgement (as TRANSITION does for `delivered`) and schedule its deadline (ZADD NX, as AckDeadlines.schedule
 * does), and count the delivery (counters.ts: the total, the hour's bucket kept HOURLY_KEEP_SECONDS, the last time).
 * Otherwise nothing is written: another run (a stalled or killed job, a retry after a lost reply) has handed it over
 * already, or it left delivery. The same run sent again (ioredis resends a script whose reply a dropped connection
 * lost) finds its own hand-over, by the run's token it recorded, and answers as the first run did.
 * The deadline is written here rather than by a ZADD before the step (issue 17, point 3: one worker round trip per
 * letter fewer, ≈ 0.03 ms of worker CPU and a command Redis reads, runs and answers); in the same step it is scheduled
 * exactly when the message becomes `delivered`, which the ZADD before it only approached (a crash in between
 * repeated it). Both events go in one RPUSH; the status, kind and both attempt counts are read in one HMGET and the
 * counts written back in the status's HSET (the script is atomic, so this counts as HINCRBY did: two calls fewer
 * inside it, issue 17 point 3). A count that is not an integer fails the step before any write, as HINCRBY did.
 * The hour's bucket gets its TTL when the step adds its field (the count becomes 1), not at every delivery: whoever
 * adds a field sets the TTL (counters.ts does too), so every bucket has one from its first field on, and a bucket left
 * without one by a crash within counters.ts's pipeline gets it with the hour's next new field (one call fewer).
 * KEYS: record, events, mailbox, mailbox:new, status:queued, status:delivered, awaiting-acknowledgement index,
 *       deliveries counter, its hour's bucket, last-delivery times, then the deadlines' sorted set when one is due
 * ARGV: id, nowMs, nowIso, the attempt event's JSON up to its number and after it, delivered event, the run's token,
 *       counter field, the bucket's TTL (seconds), the deadline's member and due time (ms) when KEYS[11] is given
 * Returns {'handed-over', attempts, the attempt's number} or {current status or 'missing', 1 when in the mailbox
 * else 0}.
 */
const DELIVER_TO_MAILBOX = script(`
local h = redis.call('HMGET', KEYS[1], 'status', 'kind', 'attemptsStarted', 'deliveryAttempts')
local status = h[1]
if status ~= 'queued' then
  local there = redis.call('ZSCORE', KEYS[3], ARGV[1])
  if there and status == 'delivered' and redis.call('HGET', KEYS[1], 'handedOverIn') == ARGV[7] then
    local n = redis.call('HMGET', KEYS[1], 'deliveryAttempts', 'attemptsStarted')
    return {'handed-over', tonumber(n[1]), tonumber(n[2])}
  end
  return {status or 'missing', there and 1 or 0}
end
local attempt = tonumber(h[3] or '0')
local attempts = tonumber(h[4] or '0')
if not attempt or not attempts or attempt % 1 ~= 0 or attempts % 1 ~= 0 then
  return redis.error_reply('ERR hash value is not an integer')
end
attempt = attempt + 1
attempts = attempts + 1
redis.call('ZADD', KEYS[3], 'NX', ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[4], 'NX', ARGV[2], ARGV[1])
redis.call('HSET', KEYS[1], 'attemptsStarted', attempt, 'deliveryAttempts', attempts, 'status', 'delivered',
  'updatedAt', ARGV[3], 'deliveredAt', ARGV[3], 'handedOverIn', ARGV[7])
redis.call('RPUSH', KEYS[2], ARGV[4] .. attempt .. ARGV[5], ARGV[6])
redis.call('ZREM', KEYS[5], ARGV[1])
redis.call('ZADD', KEYS[6], ARGV[2], ARGV[1])
if h[2] ~= 'acknowledgement' then redis.call('ZADD', KEYS[7], 'NX', ARGV[2], ARGV[1]) end
if KEYS[11] then redis.call('ZADD', KEYS[11], 'NX', ARGV[11], ARGV[10]) end
redis.call('HINCRBYFLOAT', KEYS[8], ARGV[8], 1)
if redis.call('HINCRBY', KEYS[9], ARGV[8], 1) == 1 then redis.call('EXPIRE', KEYS[9], ARGV[9]) end
redis.call('HSET', KEYS[10], ARGV[8], ARGV[3])
return {'handed-over', attempts, attempt}
`);

/** The attempt event's JSON cut where its number goes (the script starts the attempt and writes the number there):
 *  `detail.attempt` first, so the cut is right after `"detail":{"attempt":`, which no string value can contain. */
function attemptEventAround(event: MessageEvent): [string, string] {
  const { attempt: _, ...detail } = event.detail ?? {};
  const json = JSON.stringify({ ...event, detail: { attempt: 0, ...detail } });
  const marker = '"detail":{"attempt":0';
  const at = json.indexOf(marker) + marker.length;
  return [json.slice(0, at - 1), json.slice(at)];
}

export async function deliverToMailbox(
  redis: Redis,
  keys: Keys,
  /** The store's prefix, for the counters' hashes. */
  prefix: string,
  gln: string,
  id: string,
  /** This run's token (unique per run): the same run sent again is recognised by it. */
  run: string,
  events: MailboxDeliveryEvents,
): Promise<MailboxDeliveryResult> {
  const at = events.delivered.at;
  const atMs = Date.parse(at);
  const counted = deliveryCounterKeys(prefix, atMs);
  const [before, after] = attemptEventAround(events.attempt);
  const deadline = events.ackDeadline;
  // Keys are built from the checked id and GLN (keys.ts throws on anything else), before any write.
  const reply = await runScript(
    redis,
    DELIVER_TO_MAILBOX,
    [
      keys.record(id),
      keys.events(id),
      keys.mailbox(gln),
      keys.mailboxNew(gln),
      keys.status("queued"),
      keys.status("delivered"),
      keys.awaitingAck,
      counted.total,
      counted.hour,
      counted.last,
      ...(deadline ? [deadline.key] : []),
    ],
    [
      id,
      String(atMs),
      at,
      before,
      after,
      JSON.stringify(events.delivered),
      run,
      `${gln}|delivered`,
      String(HOURLY_KEEP_SECONDS),
      ...(deadline ? [deadline.member, String(deadline.dueMs)] : []),
    ],
  );
  if (!Array.isArray(reply) || typeof reply[0] !== "string")
    throw new Error("unexpected reply from the mailbox delivery script");
  const [first, second, third] = reply as [string, number, number | undefined];
  return first === "handed-over"
    ? { outcome: "handed-over", attempts: Number(second), attempt: Number(third) }
    : { outcome: "not-queued", status: first, inMailbox: Number(second) === 1 };
}
