// The audit drainer (issue 12, point 1): an audit entry written as pending with the step it records (the store of a
// message or an acknowledgement) is normally moved onto the keyed chain by the request that wrote it; when that
// request could not (Redis failed after the store, the process died), this pass does (scheduled every
// AUDIT_DRAIN_POLL_MS, queue/scheduled-passes.ts). Moving an entry is one script
// that appends it only if it is still pending (audit-append.ts), so this pass and a slow request never append it twice.
import type { Logger } from "../log.js";
import type { AuditLog } from "../domain/ports/index.js";
import { AUDIT_DRAIN_GRACE_MS } from "../../queue/policy.js";

const BATCH = 200;

export interface AuditDrainerDeps {
  auditLog: Pick<AuditLog, "settle">;
  now: () => Date;
  log: Logger;
}

/** Append every entry pending longer than the grace period; returns how many this pass appended. */
export async function drainPendingAudit(deps: AuditDrainerDeps, graceMs = AUDIT_DRAIN_GRACE_MS): Promise<number> {
  let total = 0;
  for (;;) {
    const appended = await deps.auditLog.settle({ olderThanMs: graceMs, now: deps.now().getTime(), limit: BATCH });
    total += appended;
    // Fewer than a batch appended by this pass: the rest (if any) was appended by another process meanwhile.
    if (appended < BATCH) break;
  }
  if (total > 0) deps.log.info({ count: total }, "audit: pending entries appended to the trail");
  return total;
}
