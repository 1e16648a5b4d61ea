// When an acknowledgement deadline may act (DOMAIN.md §2.9 KR7, MR5): the full acknowledgement time after the send's
// recorded delivery, never counted from when its job was scheduled. The job is scheduled before the letter is marked
// delivered (so a crash repeats it, never skips it); if the worker dies in between, the delivery is repeated 10–15 s
// later after stall recovery and its scheduling of the same job id is a no-op, so the job's own time can be early
// (issue 12, point 7: a resend 57 ms after `delivered` in the fault suite). The job checks the record instead.
import type { MessageRecord } from "../../domain/record.js";
import type { ResendReason } from "./technical-resend.js";

/**
 * The time (ms) to wait until before acting on the deadline of send `send`, or undefined to act now. Only a
 * no-acknowledgement deadline of the record's current send waits:
 * - delivered: until `deliveredAt` + the acknowledgement time. `deliveredAt` is written with the status, in the same
 *   atomic step, so it is as durable as the status;
 * - still accepted or queued for this send (its delivery repeated after a killed worker, or about to be marked): at
 *   least the full time from now, as the delivery cannot be earlier than now. The job is kept, not dropped: the
 *   repeated delivery's own scheduling is a no-op while it exists, so dropping it would lose the deadline.
 * Anything else (acknowledged, failed, sent again) is the resend's own business: it skips.
 */
export function deadlineWaitsUntil(
  record: Pick<MessageRecord, "status" | "resends" | "deliveredAt">,
  send: number,
  reason: ResendReason,
  ackTimeoutMs: number,
  nowMs: number,
): number | undefined {
  if (reason !== "no-acknowledgement" || record.resends !== send) return undefined;
  if (record.status === "accepted" || record.status === "queued") return nowMs + ackTimeoutMs;
  if (record.status !== "delivered" || record.deliveredAt === undefined) return undefined;
  const due = Date.parse(record.deliveredAt) + ackTimeoutMs;
  // An unreadable time acts now, as before: a deadline is never held back for ever.
  return Number.isFinite(due) && nowMs < due ? due : undefined;
}
