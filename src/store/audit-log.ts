// The audit trail (issue: who did what; issue 11, point 5): append-only in Redis, keyed-MAC-chained (audit-chain.ts),
// appended with a compare-and-set on the head (audit-append.ts) and anchored outside Redis by signed checkpoints
// (audit-checkpoints.ts). Verification starts at the newest checkpoint (cheap, on every view) or, asked for `full`,
// at the start of the kept trail. Retention removes the oldest entries only after checking them, and leaves a MACed
// base behind, so the first kept entry still links to a trusted point and retention cannot be faked by deleting.
import type { Redis } from "ioredis";
import { createAuditAppender } from "./audit-append.js";
import {
  baseMac,
  createChainVerifier,
  deriveAuditKeys,
  entryMac,
  GENESIS,
  sameMac,
  START,
  type AuditEntry,
  type AuditProblem,
  type ChainPoint,
  type StoredAuditEntry,
} from "./audit-chain.js";
import { createAuditCheckpoints, type AuditCheckpoints } from "./audit-checkpoints.js";
import { runScript, script } from "./scripts.js";
import { silentLogger, type Logger } from "../log.js";
import { migrateLegacyAudit } from "./audit-legacy.js";

import type { AuditLog, AuditVerification, PendingAudit } from "../domain/ports/audit-log.js";

export type { AuditAction, AuditEntry, AuditProblem, StoredAuditEntry } from "./audit-chain.js";
export type * from "../domain/ports/audit-log.js";

const CHUNK = 1000;

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

/**
 * Retention: drop the first ARGV[1] entries if they are still the ones checked, and record the last one as the base.
 * KEYS: entries list, base hash   ARGV: count, first line, last line, base seq, base MAC, base MAC's MAC
 */
const TRIM = script(`
local n = tonumber(ARGV[1])
if redis.call('LINDEX', KEYS[1], 0) ~= ARGV[2] or redis.call('LINDEX', KEYS[1], n - 1) ~= ARGV[3] then return 0 end
redis.call('LTRIM', KEYS[1], n, -1)
redis.call('HSET', KEYS[2], 'seq', ARGV[4], 'mac', ARGV[5], 'sig', ARGV[6])
return n
`);

interface Snapshot {
  head: ChainPoint;
  base?: { seq: number; mac: string; sig: string };
  length: number;
  lines: string[];
}

const parse = (line: string): StoredAuditEntry | undefined => {
  try {
    return JSON.parse(line) as StoredAuditEntry;
  } catch {
    return undefined;
  }
};

const parsePending = (text: string | null): AuditEntry | undefined => {
  if (text === null) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as AuditEntry) : undefined;
  } catch {
    return undefined;
  }
};

export function createAuditLog(
  redis: Redis,
  prefix: string,
  auditKey: Buffer,
  /** The checkpoints outside Redis (main.ts: one per process, in the data directory); default: in memory only. */
  anchors?: AuditCheckpoints,
  log: Logger = silentLogger(),
): AuditLog {
  const keys = deriveAuditKeys(auditKey);
  const entries = `${prefix}:audit`;
  const head = `${prefix}:audit:head`;
  const baseKey = `${prefix}:audit:base`;
  const checkpoints = anchors ?? createAuditCheckpoints({ prefix, key: keys.checkpoint, log: silentLogger() });
  const pending = { pending: `${prefix}:audit:pending`, pendingAt: `${prefix}:audit:pending:at` };
  const appender = createAuditAppender(redis, { entries, head, ...pending }, keys.chain, (point) =>
    checkpoints.note(point),
  );
  // A trail of an earlier version is re-chained (or moved aside) once, before anything reads or writes it.
  let migrated: Promise<void> | undefined;
  const ready = () =>
    (migrated ??= (async () => {
      for (let attempt = 0; attempt < 20; attempt += 1) {
        if (await migrateLegacyAudit(redis, { entries, head, base: baseKey }, auditKey, keys.chain, log)) return;
        await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
      }
      throw new Error("the audit trail of an earlier version keeps changing: stop the old processes");
    })().catch((err: unknown) => {
      migrated = undefined;
      throw err;
    }));

  /** Up to `limit` entries pending for at least `olderThanMs`, oldest first. */
  const pendingSince = async (o: { olderThanMs: number; now: number; limit: number }): Promise<PendingAudit[]> => {
    const fields = await redis.zrangebyscore(pending.pendingAt, "-inf", o.now - o.olderThanMs, "LIMIT", 0, o.limit);
    if (fields.length === 0) return [];
    const values = await redis.hmget(pending.pending, ...fields);
    // A field without its entry was appended meanwhile (the script removes both at once): nothing to do.
    return fields.flatMap((field, i) => {
      const entry = parsePending(values[i] ?? null);
      return entry ? [{ field, entry }] : [];
    });
  };

  const read = async (index: number, count: number): Promise<Snapshot> => {
    const reply = (await runScript(redis, READ, [entries, head, baseKey], [String(index), String(count)])) as string[];
    const [seq = "0", mac = "", bSeq = "", bMac = "", bSig = "", length = "0", ...lines] = reply;
    return {
      head: { seq: Number(seq), mac: mac || GENESIS },
      ...(bSeq !== "" ? { base: { seq: Number(bSeq), mac: bMac, sig: bSig } } : {}),
      length: Number(length),
      lines,
    };
  };

  /**
   * Feed the lines from `index` to the end to `add`, in chunks. Retention moving the base meanwhile gives undefined
   * (start again), or, with `settle`, goes on from the shifted index.
   */
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

  const verifyOnce = async (full: boolean, settle: boolean): Promise<AuditVerification | undefined> => {
    const trusted = await checkpoints.trusted();
    const first = await read(0, 0);
    const problems: AuditProblem[] = [...trusted.problems];
    let base: ChainPoint = START;
    if (first.base) {
      base = { seq: first.base.seq, mac: first.base.mac };
      if (!sameMac(first.base.sig, baseMac(keys.chain, base)))
        problems.push({ seq: base.seq, code: "altered", problem: "the retention base was altered (its MAC fails)" });
    }
    const points = new Map([...trusted.points].filter(([seq]) => seq > base.seq));
    const vouched = trusted.points.get(base.seq);
    if (base.seq > 0 && vouched !== undefined && !sameMac(vouched, base.mac))
      problems.push({ seq: base.seq, code: "diverged", problem: "the retention base differs from a checkpoint" });

    // Incremental: from the newest trusted point at or below the head, if the entry there is the one vouched for
    // and the trail holds exactly head − base entries (a removal anywhere changes that, so it falls back to full).
    let anchor = base;
    let index = 0;
    let newest = 0;
    for (const seq of points.keys()) if (seq <= first.head.seq) newest = Math.max(newest, seq);
    if (!full && newest > base.seq && first.length === first.head.seq - base.seq) {
      const at = newest - base.seq - 1;
      const probe = parse((await read(at, 1)).lines[0] ?? "");
      const mac = points.get(newest) ?? "";
      if (probe?.seq === newest && typeof probe.mac === "string" && sameMac(probe.mac, mac)) {
        anchor = { seq: newest, mac };
        index = at + 1;
      }
    }
    const verifier = createChainVerifier(keys.chain, anchor, points);
    const last = await readFrom(index, first, (line) => verifier.add(line), settle);
    if (!last) return undefined;
    const result = verifier.finish(last.head);
    problems.push(...result.problems);
    return {
      ok: problems.length === 0,
      checked: result.checked,
      problems,
      mode: anchor.seq > base.seq ? "incremental" : "full",
      from: anchor.seq,
      head: last.head.seq,
    };
  };

  return {
    append: async (entry) => {
      await ready();
      return appender.append(entry);
    },

    async settle(which) {
      await ready();
      const found = "pending" in which ? which.pending : await pendingSince(which);
      const seqs = await Promise.all(found.map(({ field, entry }) => appender.append(entry, field)));
      return seqs.filter((seq) => seq > 0).length;
    },

    async list(limit) {
      const lines = await redis.lrange(entries, String(-limit), "-1");
      return lines.flatMap((line) => parse(line) ?? []);
    },

    async verify({ full = false } = {}) {
      await ready();
      for (let attempt = 1; ; attempt += 1) {
        const result = await verifyOnce(full, attempt >= 3);
        if (result) return result;
      }
    },

    async trim(before) {
      await ready();
      let removed = 0;
      for (;;) {
        const snapshot = await read(0, CHUNK);
        // Only entries that verify, after a base that verifies, are removed: retention must not carry away the
        // evidence of tampering, nor sign a forged base over again.
        let point: ChainPoint = snapshot.base ? { seq: snapshot.base.seq, mac: snapshot.base.mac } : START;
        if (snapshot.base && !sameMac(snapshot.base.sig, baseMac(keys.chain, point))) return removed;
        let n = 0;
        for (const line of snapshot.lines) {
          const stored = parse(line);
          if (
            !stored ||
            !(Date.parse(stored.entry?.at) < before.getTime()) ||
            stored.seq !== point.seq + 1 ||
            stored.prev !== point.mac ||
            !sameMac(stored.mac, entryMac(keys.chain, stored.seq, stored.prev, stored.entry))
          )
            break;
          point = { seq: stored.seq, mac: stored.mac };
          n += 1;
        }
        if (n === 0) return removed;
        const args = [String(n), snapshot.lines[0] ?? "", snapshot.lines[n - 1] ?? ""];
        const trimmed = await runScript(
          redis,
          TRIM,
          [entries, baseKey],
          [...args, String(point.seq), point.mac, baseMac(keys.chain, point)],
        );
        if (Number(trimmed) === 0) return removed; // another process trimmed meanwhile: the next sweep goes on
        removed += n;
        if (n < snapshot.lines.length || snapshot.lines.length < CHUNK) return removed;
      }
    },

    checkpoints: () => checkpoints.list(),
  };
}
