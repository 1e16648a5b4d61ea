// What the use cases ask of the queues: hand an accepted message to delivery, and resend it later unless answered.
// The queue's implementations live in queue/; the delays are computed by the use cases from the injected clock.

/** Why a message is sent again (a technical resend, DOMAIN.md §2.9 MR5–MR8). */
export type ResendReason = "no-acknowledgement" | "transient-error" | "admin-retry" | "admin-resend";

/** Hand send number `send` of an accepted message to the delivery queue (the outbox fast path). */
export type HandOver = (id: string, send: number) => Promise<void>;

/** Resend a message after `delayMs` unless acknowledged by then (the acknowledgement deadline queue). */
export type ScheduleResend = (id: string, send: number, delayMs: number, reason: ResendReason) => Promise<void>;
