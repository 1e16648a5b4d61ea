// The outbox parking port (issue 11, point 10): messages the outbox dispatcher could not hand over, parked with a
// reason instead of blocking the outbox; parking takes the message off the outbox in the same step.

/** Why a message was parked; a closed set, so a /metrics label never carries outside text. */
export const PARK_REASONS = ["id-malformed", "record-missing", "record-unreadable", "enqueue-refused"] as const;
export type ParkReason = (typeof PARK_REASONS)[number];

export interface ParkedEntry {
  id: string;
  reason: ParkReason;
  at: string;
}

export interface OutboxParking {
  park(id: string, reason: ParkReason, at: Date): Promise<void>;
  /** Forget a parked id (an administrator's retry sent it again); true when it was parked. */
  release(id: string): Promise<boolean>;
  /** Parked entries, at most `limit`, oldest first. */
  list(limit: number): Promise<ParkedEntry[]>;
  countByReason(): Promise<Record<ParkReason, number>>;
  /** Forget entries parked before `before` (ms): the retention period is over, whatever they were. */
  sweep(before: number): Promise<number>;
}
