// Appending to the audit chain (issue 11, point 5). The MAC needs the audit key, which must never reach Redis (not
// even as a script argument: MONITOR and the slow log show those), so the chain is computed here and Redis only
// stores it — with a compare-and-set on the head: the script appends only if the head is still the one the MACs were
// computed from; if another process appended meanwhile, it answers the new head and we chain again (bounded).
// Appends of one process are batched: one round trip carries every entry that waited, which keeps the audit off the
// request path's critical cost and makes contention between processes rare.
// An entry written earlier as pending (with the step it records, issue 12 point 1) is appended by the same script that
// removes it from the pending ones, and only if it is still there: a drain retried after a lost reply, or two
// processes draining at once, append it once.
import type { Redis } from "ioredis";
import { chainEntries, GENESIS, type AuditEntry, type ChainPoint } from "./audit-chain.js";
import { runScript, script } from "./scripts.js";

/**
 * KEYS: entries list, head hash, pending entries (hash), their times (sorted set)
 * ARGV: expected head seq, expected head MAC, GENESIS, new head seq, new head MAC, number n of pending fields,
 *       the n pending fields, stored entries…
 * Returns {'ok'}, {'moved', seq, mac} (the head as it is) or {'gone', fields…} (pending entries already appended).
 * The pending fields are looked up, deleted and unindexed with one command each for the whole batch (HMGET, HDEL,
 * ZREM), not three per entry (issue 17, point 3: every accepted letter's entry passes here).
 */
const APPEND = script(`
local head = redis.call('HMGET', KEYS[2], 'seq', 'mac')
local seq = head[1] or '0'
local mac = head[2] or ARGV[3]
if tonumber(seq) ~= tonumber(ARGV[1]) or mac ~= ARGV[2] then return {'moved', seq, mac} end
local n = tonumber(ARGV[6])
if n > 0 then
  local gone = {}
  local found = redis.call('HMGET', KEYS[3], unpack(ARGV, 7, 6 + n))
  for i = 1, n do
    if not found[i] then gone[#gone + 1] = ARGV[6 + i] end
  end
  if #gone > 0 then return {'gone', unpack(gone)} end
end
redis.call('RPUSH', KEYS[1], unpack(ARGV, 7 + n))
redis.call('HSET', KEYS[2], 'seq', ARGV[4], 'mac', ARGV[5])
if n > 0 then
  redis.call('HDEL', KEYS[3], unpack(ARGV, 7, 6 + n))
  redis.call('ZREM', KEYS[4], unpack(ARGV, 7, 6 + n))
end
return {'ok'}
`);

/** Lua's unpack is limited in arguments; a batch stays well below. */
const MAX_BATCH = 200;
const MAX_ATTEMPTS = 25;

export interface AuditAppender {
  /**
   * Append an entry; with `pending`, the field it was written under as pending: appended only if still pending, and
   * removed from there in the same step. Resolves with its sequence number, or 0 when it was already appended.
   */
  append(entry: AuditEntry, pending?: string): Promise<number>;
}

interface Waiting {
  entry: AuditEntry;
  pending?: string | undefined;
  resolve: (seq: number) => void;
  reject: (err: unknown) => void;
}

export function createAuditAppender(
  redis: Redis,
  keys: { entries: string; head: string; pending: string; pendingAt: string },
  chainKey: Buffer,
  /** Called with each head this process wrote (the checkpoints' trusted points). */
  appended: (head: ChainPoint) => void,
): AuditAppender {
  let head: ChainPoint | undefined; // the head as last seen; checked by the script, never trusted
  const waiting: Waiting[] = [];
  let draining = false;

  const readHead = async (): Promise<ChainPoint> => {
    const [seq, mac] = await redis.hmget(keys.head, "seq", "mac");
    return { seq: Number(seq ?? 0), mac: mac ?? GENESIS };
  };

  /** Sequence numbers in the order of `batch`; 0 for a pending entry another drain appended first. */
  const appendBatch = async (batch: readonly Waiting[]): Promise<number[]> => {
    const seqs = new Map<Waiting, number>();
    let todo = [...batch];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      if (todo.length === 0) break;
      head ??= await readHead();
      const { stored, head: next } = chainEntries(
        chainKey,
        head,
        todo.map((w) => w.entry),
      );
      const fields = todo.flatMap((w) => (w.pending === undefined ? [] : [w.pending]));
      const reply = (await runScript(
        redis,
        APPEND,
        [keys.entries, keys.head, keys.pending, keys.pendingAt],
        [
          String(head.seq),
          head.mac,
          GENESIS,
          String(next.seq),
          next.mac,
          String(fields.length),
          ...fields,
          ...stored.map((s) => JSON.stringify(s)),
        ],
      )) as string[];
      if (reply[0] === "ok") {
        head = next;
        appended(next);
        todo.forEach((w, i) => seqs.set(w, stored[i]?.seq ?? 0));
        break;
      }
      if (reply[0] === "gone") {
        // Already on the chain (another drain, or an earlier try whose reply was lost): never a second time.
        const gone = new Set(reply.slice(1));
        todo = todo.filter((w) => w.pending === undefined || !gone.has(w.pending));
        continue;
      }
      head = { seq: Number(reply[1]), mac: String(reply[2]) };
      // Another process won; back off a little at random so two busy processes do not keep colliding.
      if (attempt > 2) await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
    if (todo.some((w) => !seqs.has(w)))
      throw new Error("audit append: the head kept moving (another process appends continuously)");
    return batch.map((w) => seqs.get(w) ?? 0);
  };

  const drain = async () => {
    draining = true;
    while (waiting.length > 0) {
      const taken = waiting.splice(0, MAX_BATCH);
      // The same pending entry twice in one batch (the request and a drainer of this process) is sent once.
      const batch: Waiting[] = [];
      const seen = new Set<string>();
      for (const w of taken) {
        if (w.pending !== undefined && seen.has(w.pending)) continue;
        if (w.pending !== undefined) seen.add(w.pending);
        batch.push(w);
      }
      try {
        const seqs = await appendBatch(batch);
        batch.forEach((w, i) => w.resolve(seqs[i] ?? 0));
        for (const w of taken) if (!batch.includes(w)) w.resolve(0);
      } catch (err) {
        head = undefined; // read it again next time
        for (const w of taken) w.reject(err);
      }
    }
    draining = false;
  };

  return {
    append(entry, pending) {
      return new Promise<number>((resolve, reject) => {
        waiting.push({ entry, pending, resolve, reject });
        if (!draining) void drain();
      });
    },
  };
}
