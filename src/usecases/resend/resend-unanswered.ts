// Technical resends (DOMAIN.md §2.9 MR5–MR7, §2.4): a message not acknowledged in time, or answered with
// `transient-error`, is sent again with a new Bundle.id and new send times, the same MessageHeader.id, up to
// policy.maxResends times; after that it is failed with the reason. An administrator may send a failed or an
// unacknowledged message again the same way.
import { deadlineWaitsUntil } from "../steps/deadline-due.js";
import { REASON_TEXT, sendAgain, type ResendDeps, type ResendReason } from "../steps/technical-resend.js";

export type { ResendReason } from "../steps/technical-resend.js";

export interface DeadlineDeps extends ResendDeps {
  /** policy.ackTimeoutMinutes in ms: a no-acknowledgement deadline counts from the recorded delivery. */
  ackTimeoutMs: number;
}

/** The deadline is not due yet: its job waits until then (ms) and looks again. */
export interface Postponed {
  postponedUntil: number;
}

export async function resendUnanswered(
  id: string,
  send: number,
  reason: ResendReason,
  deps: DeadlineDeps,
): Promise<"resent" | "failed" | "skipped" | Postponed> {
  const record = await deps.store.get(id);
  if (!record) return "skipped";
  const waitUntil = deadlineWaitsUntil(record, send, reason, deps.ackTimeoutMs, deps.now().getTime());
  if (waitUntil !== undefined) return { postponedUntil: waitUntil };
  // Acknowledged, rejected, already sent again, or being delivered: this deadline has nothing to do.
  if (record.status !== "delivered" || record.resends !== send) return "skipped";
  if (record.resends >= deps.maxResends) {
    const failureReason = `${REASON_TEXT[reason]} after ${record.resends} resends`;
    const result = await deps.store.transition(
      id,
      "delivered",
      "failed",
      { at: deps.now().toISOString(), type: "failed", detail: { reason: failureReason } },
      { fields: { failureReason } },
    );
    if (result === "ok")
      deps.log.warn({ messageId: id, receiver: record.receiver.gln, reason }, "message failed: no acknowledgement");
    return result === "ok" ? "failed" : "skipped";
  }
  return (await sendAgain(record, "delivered", reason, deps)).outcome === "resent" ? "resent" : "skipped";
}
