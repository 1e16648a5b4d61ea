// The acknowledgement-deadline pass (DOMAIN.md §2.9 KR7, MR5–MR7): claims the deadlines due now from the sorted set
// (queue/ack-deadlines.ts) and runs resendUnanswered for each, a batch at a time, then settles each: gone once decided,
// due again when not due yet (`postponedUntil`: the delivery was recorded later than the deadline was scheduled), retried
// with backoff on an error. It runs as a background pass (queue/scheduled-passes.ts) every ACK_DEADLINE_SWEEP_MS, in
// whichever worker process takes the tick; two processes sweeping at once never run one deadline twice (each claim is
// atomic), and a process killed mid-run leaves its claims to lapse and be taken again.
import { resendUnanswered, type DeadlineDeps } from "../src/usecases/resend/resend-unanswered.js";
import type { AckDeadlines, DeadlineRef } from "./ack-deadlines.js";

/** How often the deadlines are swept: a deadline fires at most about this late (minutes-long acknowledgement times). */
export const ACK_DEADLINE_SWEEP_MS = 1_000;
/** Deadlines run at once (each a read and a transition, and a resend a hand-over): one claim's batch. */
export const ACK_DEADLINE_BATCH = 32;
/** A pass with a long backlog stops claiming after this long (well inside a lease), and the next tick goes on. */
const PASS_BUDGET_MS = 5_000;

export interface SweepResult {
  resent: number;
  failed: number;
  skipped: number;
  postponed: number;
  /** Runs that threw (retried later, or recorded as failed after the last attempt). */
  errors: number;
}

export async function sweepAckDeadlines(
  deadlines: AckDeadlines,
  deps: DeadlineDeps,
  options: { batch?: number; budgetMs?: number } = {},
): Promise<SweepResult> {
  const batch = options.batch ?? ACK_DEADLINE_BATCH;
  const stopAt = Date.now() + (options.budgetMs ?? PASS_BUDGET_MS);
  const result: SweepResult = { resent: 0, failed: 0, skipped: 0, postponed: 0, errors: 0 };
  const run = async (ref: DeadlineRef) => {
    let outcome: Awaited<ReturnType<typeof resendUnanswered>>;
    try {
      outcome = await resendUnanswered(ref.messageId, ref.send, ref.reason, deps);
    } catch (err) {
      result.errors++;
      const settled = await deadlines.fail(ref, err instanceof Error ? err.message : String(err));
      const fields = { messageId: ref.messageId, send: ref.send, reason: ref.reason, err: String(err) };
      if (settled === "failed") deps.log.error(fields, "acknowledgement deadline failed after its last attempt");
      else deps.log.warn(fields, "acknowledgement deadline run failed; retried after a backoff");
      return;
    }
    if (typeof outcome === "string") {
      result[outcome]++;
      await deadlines.done(ref);
    } else {
      result.postponed++;
      await deadlines.postpone(ref, outcome.postponedUntil);
    }
  };
  for (;;) {
    const claimed = await deadlines.claim(batch);
    // A settle that cannot reach Redis leaves its claim to lapse (taken again then); the others go on.
    const settled = await Promise.allSettled(claimed.map(run));
    const lost = settled.find((s) => s.status === "rejected");
    if (lost) deps.log.warn({ err: String(lost.reason) }, "acknowledgement deadline not settled; its claim lapses");
    if (claimed.length < batch || Date.now() >= stopAt) return result;
  }
}
