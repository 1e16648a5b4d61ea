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
  | "duplicate"
  /** The receiver took the message's VANS envelope over: a PositiveMessage envelope receipt (issue 16, LEGACY.md
   *  §5.1; detail: the envelope). Not the MedCom acknowledgement, which still comes. */
  | "network-accepted";

export interface MessageEvent {
  at: string;
  type: EventType;
  detail?: Record<string, string | number>;
}
