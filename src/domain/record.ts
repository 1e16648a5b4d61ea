// A message record: what the gateway knows about one message, without patient data or letter text (those live only
// in the content). Statuses and their allowed changes follow CONTRACT.md §2.
import type { AcknowledgementCode, MessageKind } from "../medcom/kinds.js";

export {
  ACKNOWLEDGEMENT_CODES,
  LETTER_KINDS,
  MESSAGE_KINDS,
  type AcknowledgementCode,
  type LetterKind,
  type MessageKind,
} from "../medcom/kinds.js";
export type { EventType, MessageEvent } from "./events.js";

export const STATUSES = ["accepted", "queued", "delivered", "acknowledged", "rejected", "failed"] as const;
export type Status = (typeof STATUSES)[number];

export interface PartyRef {
  gln: string;
  name: string;
}

export interface MessageRecord {
  id: string;
  bundleId: string;
  thread?: string;
  kind: MessageKind;
  sender: PartyRef;
  receiver: PartyRef;
  category?: string;
  topic?: string;
  status: Status;
  createdAt: string;
  updatedAt: string;
  deliveryAttempts: number;
  deliveredAt?: string;
  failureReason?: string;
  /** Acknowledgements: the MessageHeader.id they acknowledge, and their response code. */
  acknowledges?: string;
  responseCode?: AcknowledgementCode;
  /** CareCommunications: the acknowledgement received for them. */
  ack?: AcknowledgementSummary;
  /** Technical resends made so far (DOMAIN.md §2.9 MR5/MR6: at most policy.maxResends). */
  resends: number;
  /** New letters: when the first reply in their conversation from the letter's receiver was accepted. */
  firstReplyAt?: string;
  /** The API client that submitted it. */
  submittedBy: string;
  /** Hash of what identifies the message's content, to tell a true duplicate from an id reused (409); for most
   *  letters "deferred": made from the stored content when a repeat asks (src/usecases/steps/same-message.ts). */
  fingerprint: string;
}

/**
 * What lists show of a message: parties, category, status and counts. Read from the record's plain fields only, so a
 * list can never show the sealed ones (topic, the receiver's issue texts, failure reasons) nor any patient data.
 */
export type MessageBrief = Pick<
  MessageRecord,
  "id" | "kind" | "sender" | "receiver" | "status" | "createdAt" | "updatedAt" | "deliveryAttempts" | "resends"
> &
  Pick<Partial<MessageRecord>, "thread" | "category" | "acknowledges" | "responseCode">;

export interface AcknowledgementSummary {
  id: string;
  code: AcknowledgementCode;
  at: string;
  issues: { code: string; message: string }[];
}

/**
 * Which status may follow which (CONTRACT.md §2). A technical resend goes back to `accepted` (the outbox queues it);
 * a late acknowledgement still lands on a message being resent or already given up on. The store refuses anything
 * else as a programming error.
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  accepted: ["queued", "failed", "acknowledged", "rejected"],
  queued: ["delivered", "failed", "acknowledged", "rejected"],
  delivered: ["accepted", "failed", "acknowledged", "rejected"],
  acknowledged: [],
  rejected: [],
  failed: ["accepted", "acknowledged", "rejected"],
};
