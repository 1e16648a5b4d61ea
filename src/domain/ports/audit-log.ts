// The audit trail port: append-only, verifiable, trimmed by retention (src/store/audit-log.ts keeps it keyed-MAC
// chained in Redis and anchored outside it).
import type { AuditCheckpoint, AuditEntry, AuditProblem, StoredAuditEntry } from "../audit.js";

export interface AuditVerification {
  ok: boolean;
  /** Entries checked (the incremental verification checks those after the newest checkpoint). */
  checked: number;
  problems: AuditProblem[];
  mode: "incremental" | "full";
  /** The trusted point the verification started from (0: the start of the trail). */
  from: number;
  /** The head's sequence number as Redis holds it. */
  head: number;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<number>;
  /**
   * Move entries written as pending with the step they record (issue 12, point 1) onto the chain, each exactly once:
   * the given ones (the request that wrote them has them at hand), or (a drainer) up to `limit` pending for at least
   * `olderThanMs`. Returns how many this call appended (not those another process appended first).
   */
  settle(
    which: { pending: readonly PendingAudit[] } | { olderThanMs: number; now: number; limit: number },
  ): Promise<number>;
  /** The newest entries, newest last. */
  list(limit: number): Promise<StoredAuditEntry[]>;
  /** Check the chain from the newest checkpoint to the head, or (`full`) from the start against every checkpoint. */
  verify(options?: { full?: boolean }): Promise<AuditVerification>;
  /** Drop entries older than `before` (retention), from the oldest. */
  trim(before: Date): Promise<number>;
  /** The signed checkpoints kept outside Redis, oldest first. */
  checkpoints(): Promise<AuditCheckpoint[]>;
}

/** An audit entry written as pending, and the field it is kept under (message-store.ts: pendingAuditField). */
export interface PendingAudit {
  field: string;
  entry: AuditEntry;
}
