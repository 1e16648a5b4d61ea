// Reading the audit trail from Redis as one consistent view at a time (head, retention base, length and a slice of
// entries from one script call), and feeding the whole trail through in chunks while retention may be moving its
// start. Shared by verification (audit-verify.ts) and retention (audit-retention.ts).
import type { Redis } from "ioredis";
import { GENESIS, type ChainPoint, type StoredAuditEntry } from "./audit-chain.js";
import { runScript, script } from "./scripts.js";

/** The Redis keys of one trail. */
export interface AuditKeys {
  entries: string;
  head: string;
  base: string;
}

export const CHUNK = 1000;

/**
 * A consistent view: head, retention base, length and up to ARGV[2] entries from index ARGV[1].
 * KEYS: entries list, head hash, base hash
 */
const READ = script(`
local h = redis.call('HMGET', KEYS[2], 'seq', 'mac')
local b = redis.call('HMGET', KEYS[3], 'seq', 'mac', 'sig')
local n = redis.call('LLEN', KEYS[1])
local start = tonumber(ARGV[1])
local lines = {}
if tonumber(ARGV[2]) > 0 then lines = redis.call('LRANGE', KEYS[1], start, start + tonumber(ARGV[2]) - 1) end
return {h[1] or '0', h[2] or '', b[1] or '', b[2] or '', b[3] or '', tostring(n), unpack(lines)}
`);

export interface Snapshot {
  head: ChainPoint;
  base?: { seq: number; mac: string; sig: string };
  length: number;
  lines: string[];
}

/** One stored entry, or undefined for a line that is not JSON (only tampering writes one). */
export const parse = (line: string): StoredAuditEntry | undefined => {
  try {
    return JSON.parse(line) as StoredAuditEntry;
  } catch {
    return undefined;
  }
};

export interface TrailReader {
  /** The view with up to `count` entries from `index` (0: none, just head, base and length). */
  read(index: number, count: number): Promise<Snapshot>;
  /**
   * Feed the lines from `index` to the end to `add`, in chunks. Retention moving the base meanwhile gives undefined
   * (start again), or, with `settle`, goes on from the shifted index.
   */
  readFrom(index: number, first: Snapshot, add: (line: string) => void, settle: boolean): Promise<Snapshot | undefined>;
}

export function createTrailReader(redis: Redis, keys: AuditKeys): TrailReader {
  const read = async (index: number, count: number): Promise<Snapshot> => {
    const reply = (await runScript(
      redis,
      READ,
      [keys.entries, keys.head, keys.base],
      [String(index), String(count)],
    )) as string[];
    const [seq = "0", mac = "", bSeq = "", bMac = "", bSig = "", length = "0", ...lines] = reply;
    return {
      head: { seq: Number(seq), mac: mac || GENESIS },
      ...(bSeq !== "" ? { base: { seq: Number(bSeq), mac: bMac, sig: bSig } } : {}),
      length: Number(length),
      lines,
    };
  };

  const readFrom = async (
    index: number,
    first: Snapshot,
    add: (line: string) => void,
    settle: boolean,
  ): Promise<Snapshot | undefined> => {
    let at = index;
    let baseSeq = first.base?.seq ?? 0;
    for (;;) {
      const snapshot = await read(at, CHUNK);
      const nowBase = snapshot.base?.seq ?? 0;
      if (nowBase !== baseSeq) {
        if (!settle) return undefined;
        at = Math.max(0, at - (nowBase - baseSeq));
        baseSeq = nowBase;
        continue;
      }
      snapshot.lines.forEach(add);
      at += snapshot.lines.length;
      if (snapshot.lines.length < CHUNK) return snapshot;
    }
  };

  return { read, readFrom };
}
