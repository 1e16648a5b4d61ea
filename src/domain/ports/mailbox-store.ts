// The mailbox port (the `mailbox` adapter's receiving side): per location, the messages delivered to it in delivery
// order, and the subset its system has not acknowledged yet ("new"). Adding is idempotent.
import type { MessageEvent } from "../events.js";

export type MailboxDeliveryResult =
  /** `attempt`: the number of the attempt the hand-over started (the one in its attempt event). */
  | { outcome: "handed-over"; attempts: number; attempt: number }
  /** Nothing written: the message is not `queued` (any more); `inMailbox` says whether an earlier run put it there. */
  | { outcome: "not-queued"; status: string; inMailbox: boolean };

export interface MailboxDeliveryEvents {
  /** The `delivery-attempt` event of this attempt (outcome `delivered`); the hand-over starts the attempt and sets
   *  its number as `detail.attempt`. */
  attempt: MessageEvent;
  /** The `delivered` event; its time is the delivery time (record, status index and mailbox). */
  delivered: MessageEvent;
  /** The acknowledgement deadline the hand-over schedules in the same step (a sorted set's member and its due time,
   *  ZADD NX): written exactly when the message becomes `delivered`, so no crash can leave one without the other. */
  ackDeadline?: AckDeadlineWrite;
}

/** One acknowledgement deadline as the write that schedules it (queue/ack-deadlines.ts's sorted set). */
export interface AckDeadlineWrite {
  key: string;
  member: string;
  /** Due on the gateway's clock (ms). */
  dueMs: number;
}

export interface MailboxPage {
  ids: string[];
  deliveredAt: Map<string, string>;
  next?: string;
}

export interface MailboxStore {
  put(gln: string, id: string, deliveredAtMs: number): Promise<void>;
  /** The delivery worker's hand-over: attempt started, into the mailbox, attempt counted, status `delivered` and the
   *  delivery counted, in one atomic step (issue 12, point 3; see mailbox-delivery.ts). `run` is unique per run: the
   *  same run sent again (a lost reply) is answered as the first was. */
  deliver(gln: string, id: string, run: string, events: MailboxDeliveryEvents): Promise<MailboxDeliveryResult>;
  has(gln: string, id: string): Promise<boolean>;
  /** Oldest first; `cursor` is the `next` of the page before. */
  list(gln: string, options: { onlyNew: boolean; limit: number; cursor?: string }): Promise<MailboxPage>;
  /** Drop entries delivered before `before` (ms) from these locations' mailboxes (retention). */
  sweep(glns: readonly string[], before: number): Promise<number>;
  /** The receiving system has acknowledged the message: it is no longer new. */
  markSeen(gln: string, id: string): Promise<void>;
}
