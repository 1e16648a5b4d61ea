// The audit trail (issue: who did what; issue 11, point 5): append-only in Redis, keyed-MAC-chained (audit-chain.ts),
// appended with a compare-and-set on the head (audit-append.ts) and anchored outside Redis by signed checkpoints
// (audit-checkpoints.ts). Verification starts at the newest checkpoint (cheap, on every view) or, asked for `full`,
// at the start of the kept trail. Retention removes the oldest entries only after checking them, and leaves a MACed
// base behind, so the first kept entry still links to a trusted point and retention cannot be faked by deleting.
import type { Redis } from "ioredis";
import { createAuditAppender } from "./audit-append.js";
import { deriveAuditKeys, type AuditEntry } from "./audit-chain.js";
import { createAuditCheckpoints, type AuditCheckpoints } from "./audit-checkpoints.js";
import { migrateLegacyAudit } from "./audit-legacy.js";
import { createTrailReader, parse } from "./audit-read.js";
import { trimTrail } from "./audit-retention.js";
import { verifyTrailOnce } from "./audit-verify.js";
import { silentLogger, type Logger } from "../log.js";
import type { AuditLog, PendingAudit } from "../domain/ports/audit-log.js";

export type { AuditAction, AuditEntry, AuditProblem, StoredAuditEntry } from "./audit-chain.js";

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
  const trail = createTrailReader(redis, { entries, head, base: baseKey });
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
        const result = await verifyTrailOnce(trail, checkpoints, keys.chain, full, attempt >= 3);
        if (result) return result;
      }
    },

    async trim(before) {
      await ready();
      return trimTrail(redis, trail, { entries, head, base: baseKey }, keys.chain, before);
    },

    checkpoints: () => checkpoints.list(),
  };
}
