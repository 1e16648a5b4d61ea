// Retention (policy.retentionDays): records, contents, events and idempotency keys expire by themselves (Redis TTL,
// set when a message is accepted); the sorted-set indexes that point at them, and audit entries older than the
// period, are trimmed here, every RETENTION_SWEEP_MS (a scheduled pass, queue/scheduled-passes.ts; every step is
// idempotent, so two passes at once are harmless).
import type { Logger } from "../log.js";
import type { AuditLog } from "../domain/ports/index.js";
import type { MailboxStore } from "../domain/ports/index.js";
import type { MessageStore } from "../domain/ports/index.js";
import type { OutboxParking } from "../domain/ports/index.js";

export const RETENTION_SWEEP_MS = 60_000;

export interface RetentionDeps {
  store: MessageStore;
  mailboxes: MailboxStore;
  auditLog: AuditLog;
  glns: readonly string[];
  retentionDays: number;
  now: () => Date;
  log: Logger;
  /** Parked outbox entries are forgotten after the retention period too (issue 11, point 10). */
  parking?: OutboxParking;
}

export async function sweepRetention(deps: RetentionDeps): Promise<number> {
  const before = deps.now().getTime() - deps.retentionDays * 24 * 3600 * 1000;
  const removed =
    (await deps.store.sweepIndexes(before)) +
    (await deps.mailboxes.sweep(deps.glns, before)) +
    (await deps.auditLog.trim(new Date(before))) +
    (deps.parking ? await deps.parking.sweep(before) : 0);
  if (removed > 0) deps.log.info({ removed }, "retention: expired index entries removed");
  return removed;
}
