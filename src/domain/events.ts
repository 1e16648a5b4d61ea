// What happened to a message, in its own event list (GET /v1/messages/{id}/events): one event per step, never patient
// data. The types name the steps of CONTRACT.md §2.

export type EventType =
  | "accepted"
  | "queued"
  | "delivery-attempt"
  | "delivered"
  | "failed"
  /** The receiver's acknowledgement arrived (detail: code, acknowledgement id). */
  | "acknowledgement"
  | "acknowledged"
  | "rejected"
  /** A technical resend (new Bundle.id, same MessageHeader.id): detail says why and which resend. */
  | "resend"
  /** The same message was submitted again (detail: new Bundle.id); it is not delivered twice. */
  | "duplicate";

export interface MessageEvent {
  at: string;
  type: EventType;
  detail?: Record<string, string | number>;
}
