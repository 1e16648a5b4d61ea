// Appending to the audit chain (issue 11, point 5). The MAC needs the audit key, which must never reach Redis (not
// even as a script argument: MONITOR and the slow log show those), so the chain is computed here and Redis only
// stores it — with a compare-and-set on the head: the script appends only if the head is still the one the MACs were
// computed from; if another process appended meanwhile, it answers the new head and we chain again (bounded).
// Appends of one process are batched: one round trip carries every entry that waited, which keeps the audit off the
// request path's critical cost and makes contention between processes rare.
import type { Redis } from "ioredis";
import { chainEntries, GENESIS, type AuditEntry, type ChainPoint } from "./audit-chain.js";
import { runScript, script } from "./scripts.js";

/**
 * KEYS: entries list, head hash
 * ARGV: expected head seq, expected head MAC, GENESIS, new head seq, new head MAC, stored entries…
 * Returns {'ok'} or {'moved', seq, mac} (the head as it is).
 */
const APPEND = script(`
local seq = redis.call('HGET', KEYS[2], 'seq') or '0'
local mac = redis.call('HGET', KEYS[2], 'mac') or ARGV[3]
if tonumber(seq) ~= tonumber(ARGV[1]) or mac ~= ARGV[2] then return {'moved', seq, mac} end
redis.call('RPUSH', KEYS[1], unpack(ARGV, 6))
redis.call('HSET', KEYS[2], 'seq', ARGV[4], 'mac', ARGV[5])
return {'ok'}
`);

/** Lua's unpack is limited in arguments; a batch stays well below. */
const MAX_BATCH = 200;
const MAX_ATTEMPTS = 25;

export interface AuditAppender {
  append(entry: AuditEntry): Promise<number>;
}

interface Waiting {
  entry: AuditEntry;
  resolve: (seq: number) => void;
  reject: (err: unknown) => void;
}

export function createAuditAppender(
  redis: Redis,
  keys: { entries: string; head: string },
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

  const appendBatch = async (entries: AuditEntry[]): Promise<number[]> => {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      head ??= await readHead();
      const { stored, head: next } = chainEntries(chainKey, head, entries);
      const reply = (await runScript(
        redis,
        APPEND,
        [keys.entries, keys.head],
        [String(head.seq), head.mac, GENESIS, String(next.seq), next.mac, ...stored.map((s) => JSON.stringify(s))],
      )) as string[];
      if (reply[0] === "ok") {
        head = next;
        appended(next);
        return stored.map((s) => s.seq);
      }
      head = { seq: Number(reply[1]), mac: String(reply[2]) };
      // Another process won; back off a little at random so two busy processes do not keep colliding.
      if (attempt > 2) await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
    throw new Error("audit append: the head kept moving (another process appends continuously)");
  };

  const drain = async () => {
    draining = true;
    while (waiting.length > 0) {
      const batch = waiting.splice(0, MAX_BATCH);
      try {
        const seqs = await appendBatch(batch.map((w) => w.entry));
        batch.forEach((w, i) => w.resolve(seqs[i] ?? 0));
      } catch (err) {
        head = undefined; // read it again next time
        for (const w of batch) w.reject(err);
      }
    }
    draining = false;
  };

  return {
    append(entry) {
      return new Promise<number>((resolve, reject) => {
        waiting.push({ entry, resolve, reject });
        if (!draining) void drain();
      });
    },
  };
}
