// Delivery retry policy as named constants (ARCHITECTURE.md: "retry policy as named constants").

export const DELIVERY_QUEUE = "delivery";

/** First retry after about a second, doubling each time; ±50 % jitter so a receiver coming back is not stampeded. */
export const RETRY_BASE_DELAY_MS = 1000;
export const RETRY_JITTER = 0.5;

/** A worker holds a job this long between lock renewals; a killed worker's job is taken over after it lapses. */
export const DELIVERY_LOCK_MS = 10_000;
export const STALLED_CHECK_MS = 5_000;

/**
 * How often a deadline job may be taken back from a worker that died holding it (issue 12, point 7). BullMQ's default
 * is 1: a second death failed the job for good, and with it the deadline (DOMAIN.md §2.9 KR7: the message stayed
 * `delivered`, never resent, never failed). A deadline job is a read and a transition, so it is no poison that kills
 * workers; the bound only stops an endless loop.
 */
export const DEADLINE_MAX_STALLS = 100;

/** Deliveries running at once in one worker process: adapters wait on I/O, not on the CPU. */
export const DELIVERY_CONCURRENCY = 16;

/** An accepted message not handed to the queue after this long is picked up by the outbox dispatcher. */
export const OUTBOX_GRACE_MS = 2_000;
export const OUTBOX_POLL_MS = 1_000;
/** A message whose job the queue refuses this many passes in a row (Redis answering meanwhile) is parked. */
export const OUTBOX_ENQUEUE_STRIKES = 3;
/** Audit entries left pending by a request (issue 12, point 1): the request itself appends them within milliseconds;
 *  the drainer takes those still pending after the grace period. */
export const AUDIT_DRAIN_GRACE_MS = 2_000;
export const AUDIT_DRAIN_POLL_MS = 1_000;

/** BullMQ job ids may not contain ":"; one job per message and send (resends get their own). */
export function deliveryJobId(messageId: string, send = 0): string {
  return send === 0 ? `deliver-${messageId}` : `deliver-${messageId}-resend-${send}`;
}

export interface DeliveryJobData {
  /** Ids only: the worker re-reads everything else (no patient data in job payloads). */
  messageId: string;
}
