// What the use cases ask of the queues: hand an accepted message to delivery, and resend it later unless answered.
// The queue's implementations live in queue/; the delays are computed by the use cases from the injected clock.

/** Why a message is sent again (a technical resend, DOMAIN.md §2.9 MR5–MR8). */
export const RESEND_REASONS = ["no-acknowledgement", "transient-error", "admin-retry", "admin-resend"] as const;
export type ResendReason = (typeof RESEND_REASONS)[number];

/** Hand send number `send` of an accepted message to the delivery queue (the outbox fast path). */
export type HandOver = (id: string, send: number) => Promise<void>;

/** Resend a message after `delayMs` unless acknowledged by then (the acknowledgement deadline queue). */
export type ScheduleResend = (id: string, send: number, delayMs: number, reason: ResendReason) => Promise<void>;

/** One acknowledgement deadline: the resend of send `send` of a message, for `reason`. */
export interface DeadlineRef {
  messageId: string;
  /** Which send of the message the deadline belongs to (0 = the first, n = the n-th resend). */
  send: number;
  reason: ResendReason;
}

export interface DeadlineCounts {
  /** Waiting to be due (or due and not yet claimed, or waiting for a retry). */
  scheduled: number;
  /** Being run (or left by a dead worker until its lease lapses). */
  claimed: number;
  /** Failed after every attempt, kept for a while (queue/ack-deadlines.ts). */
  failed: number;
}

export interface FailedDeadline extends DeadlineRef {
  /** When it failed, on the gateway's clock (ms). */
  at: number;
  /** The last run's error, its first line (ids and the gateway's own words, never patient data). */
  error: string;
}

/** What administrators see of the deadlines: how many in each state, and the failed ones, newest first. */
export interface AckDeadlinesView {
  counts(): Promise<DeadlineCounts>;
  failures(limit?: number): Promise<FailedDeadline[]>;
}
