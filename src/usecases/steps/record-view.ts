// What a message record shows its parties, mapped once (issue 14, point 2): the message view, a conversation's
// items and a mailbox's items each pick their fields from it. Never patient data or text: the record holds none.
import type { AcknowledgementSummary, MessageRecord } from "../../domain/record.js";

export interface RecordView {
  id: string;
  bundleId: string;
  thread?: string;
  kind: MessageRecord["kind"];
  sender: MessageRecord["sender"];
  receiver: MessageRecord["receiver"];
  category?: string;
  topic?: string;
  status: MessageRecord["status"];
  createdAt: string;
  updatedAt: string;
  deliveryAttempts: number;
  deliveredAt?: string;
  failureReason?: string;
  resends: number;
  acknowledges?: string;
  acknowledgement?: AcknowledgementSummary;
}

export function recordView(r: MessageRecord): RecordView {
  return {
    id: r.id,
    bundleId: r.bundleId,
    ...(r.thread ? { thread: r.thread } : {}),
    kind: r.kind,
    sender: r.sender,
    receiver: r.receiver,
    ...(r.category ? { category: r.category } : {}),
    ...(r.topic ? { topic: r.topic } : {}),
    status: r.status,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    deliveryAttempts: r.deliveryAttempts,
    ...(r.deliveredAt ? { deliveredAt: r.deliveredAt } : {}),
    ...(r.failureReason ? { failureReason: r.failureReason } : {}),
    resends: r.resends,
    ...(r.acknowledges ? { acknowledges: r.acknowledges } : {}),
    ...(r.ack ? { acknowledgement: r.ack } : {}),
  };
}

/** The fields `keys` of a view, in that order; a field the view leaves out stays out. */
export function pick<T extends object, K extends keyof T>(view: T, keys: readonly K[]): Pick<T, K> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (view[key] !== undefined) picked[key] = view[key];
  return picked as Pick<T, K>;
}
