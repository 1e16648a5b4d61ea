// A delivery to a mailbox in one atomic step (issue 12, point 3): the hand-over (mailbox and mailbox:new), the
// attempt count, the attempt event, the `delivered` event and the status change are one Lua script, so no lost
// write or lost reply can leave a message `delivered` that is not in the mailbox, nor put it there twice. The
// hand-over and its status live in the same Redis, so unlike a webhook there is no effect outside it to order.
// The delivery is counted for /metrics and the console in the same step (counters.ts's hashes): once per hand-over,
// and one round trip (and one AOF fsync) fewer per letter than counting it after.
import type { Redis } from "ioredis";
import type { Keys } from "./keys.js";
import { HOURLY_KEEP_SECONDS, deliveryCounterKeys } from "./counters.js";
import type { MailboxDeliveryEvents, MailboxDeliveryResult } from "../domain/ports/mailbox-store.js";

export type { MailboxDeliveryEvents, MailboxDeliveryResult };
import { runScript, script } from "./scripts.js";

/**
 * Only while the message is `queued`: add it to the mailbox and to its new subset (NX: an entry keeps its first
 * delivery time), count the attempt, append both events, move the status indexes and, for a CareCommunication, start
 * waiting for its acknowledgement (as TRANSITION does for `delivered`), and count the delivery (counters.ts: the total,
 * the hour's bucket kept HOURLY_KEEP_SECONDS, the last time). Otherwise nothing is written: another run (a
 * stalled or killed job, a retry after a lost reply) has handed it over already, or it left delivery. The same
 * attempt run again (ioredis resends a script whose reply a dropped connection lost) finds its own hand-over, by the
 * attempt number it recorded, and answers as the first run did.
 * KEYS: record, events, mailbox, mailbox:new, status:queued, status:delivered, awaiting-acknowledgement index,
 *       deliveries counter, its hour's bucket, last-delivery times
 * ARGV: id, nowMs, nowIso, attempt event, delivered event, attempt number, counter field, the bucket's TTL (seconds)
 * Returns {'handed-over', attempts} or {current status or 'missing', 1 when in the mailbox else 0}.
 */
const DELIVER_TO_MAILBOX = script(`
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'queued' then
  local there = redis.call('ZSCORE', KEYS[3], ARGV[1])
  if there and status == 'delivered' and redis.call('HGET', KEYS[1], 'handedOverIn') == ARGV[6] then
    return {'handed-over', tonumber(redis.call('HGET', KEYS[1], 'deliveryAttempts'))}
  end
  return {status or 'missing', there and 1 or 0}
end
redis.call('ZADD', KEYS[3], 'NX', ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[4], 'NX', ARGV[2], ARGV[1])
redis.call('RPUSH', KEYS[2], ARGV[4])
local attempts = redis.call('HINCRBY', KEYS[1], 'deliveryAttempts', 1)
redis.call('HSET', KEYS[1], 'status', 'delivered', 'updatedAt', ARGV[3], 'deliveredAt', ARGV[3], 'handedOverIn', ARGV[6])
redis.call('RPUSH', KEYS[2], ARGV[5])
redis.call('ZREM', KEYS[5], ARGV[1])
redis.call('ZADD', KEYS[6], ARGV[2], ARGV[1])
if redis.call('HGET', KEYS[1], 'kind') ~= 'acknowledgement' then redis.call('ZADD', KEYS[7], 'NX', ARGV[2], ARGV[1]) end
redis.call('HINCRBYFLOAT', KEYS[8], ARGV[7], 1)
redis.call('HINCRBY', KEYS[9], ARGV[7], 1)
redis.call('EXPIRE', KEYS[9], ARGV[8])
redis.call('HSET', KEYS[10], ARGV[7], ARGV[3])
return {'handed-over', attempts}
`);

export async function deliverToMailbox(
  redis: Redis,
  keys: Keys,
  /** The store's prefix, for the counters' hashes. */
  prefix: string,
  gln: string,
  id: string,
  /** The attempt's number (unique per attempt, see START_ATTEMPT): a rerun of this very step is recognised by it. */
  attempt: number,
  events: MailboxDeliveryEvents,
): Promise<MailboxDeliveryResult> {
  const at = events.delivered.at;
  const atMs = Date.parse(at);
  const counted = deliveryCounterKeys(prefix, atMs);
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
    ],
    [
      id,
      String(atMs),
      at,
      JSON.stringify(events.attempt),
      JSON.stringify(events.delivered),
      String(attempt),
      `${gln}|delivered`,
      String(HOURLY_KEEP_SECONDS),
    ],
  );
  if (!Array.isArray(reply) || typeof reply[0] !== "string")
    throw new Error("unexpected reply from the mailbox delivery script");
  const [first, second] = reply as [string, number];
  return first === "handed-over"
    ? { outcome: "handed-over", attempts: Number(second) }
    : { outcome: "not-queued", status: first, inMailbox: Number(second) === 1 };
}
