// MessageRecord ⇄ the flat string fields of a Redis hash. Optional fields are simply absent.
import {
  STATUSES,
  type AcknowledgementSummary,
  type MessageBrief,
  type MessageRecord,
  type Status,
} from "../domain/record.js";

export function recordToFields(r: MessageRecord): string[] {
  const fields: Record<string, string | number | undefined> = {
    id: r.id,
    bundleId: r.bundleId,
    thread: r.thread,
    kind: r.kind,
    senderGln: r.sender.gln,
    senderName: r.sender.name,
    receiverGln: r.receiver.gln,
    receiverName: r.receiver.name,
    category: r.category,
    topic: r.topic,
    status: r.status,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    deliveryAttempts: r.deliveryAttempts,
    deliveredAt: r.deliveredAt,
    failureReason: r.failureReason,
    submittedBy: r.submittedBy,
    fingerprint: r.fingerprint,
    acknowledges: r.acknowledges,
    responseCode: r.responseCode,
    ack: r.ack ? JSON.stringify(r.ack) : undefined,
    resends: r.resends,
    firstReplyAt: r.firstReplyAt,
  };
  return Object.entries(fields).flatMap(([k, v]) => (v === undefined ? [] : [k, String(v)]));
}

export function recordFromFields(h: Record<string, string>): MessageRecord | undefined {
  if (!h.id || !h.status) return undefined;
  const optional = (key: string) => (h[key] !== undefined && h[key] !== "" ? { [key]: h[key] } : {});
  return {
    id: h.id,
    bundleId: h.bundleId ?? "",
    ...optional("thread"),
    kind: (h.kind ?? "new") as MessageRecord["kind"],
    sender: { gln: h.senderGln ?? "", name: h.senderName ?? "" },
    receiver: { gln: h.receiverGln ?? "", name: h.receiverName ?? "" },
    ...optional("category"),
    ...optional("topic"),
    status: (STATUSES as readonly string[]).includes(h.status) ? (h.status as Status) : "accepted",
    createdAt: h.createdAt ?? "",
    updatedAt: h.updatedAt ?? "",
    deliveryAttempts: Number(h.deliveryAttempts ?? 0),
    ...optional("deliveredAt"),
    ...optional("failureReason"),
    submittedBy: h.submittedBy ?? "",
    fingerprint: h.fingerprint ?? "",
    ...optional("acknowledges"),
    ...optional("responseCode"),
    ...(h.ack ? { ack: JSON.parse(h.ack) as AcknowledgementSummary } : {}),
    resends: Number(h.resends ?? 0),
    ...optional("firstReplyAt"),
  };
}

/** The hash fields a MessageBrief is read from (HMGET, in this order): none of them sealed. */
export const BRIEF_FIELDS = [
  "id",
  "kind",
  "senderGln",
  "senderName",
  "receiverGln",
  "receiverName",
  "status",
  "createdAt",
  "updatedAt",
  "deliveryAttempts",
  "resends",
  "thread",
  "category",
  "acknowledges",
  "responseCode",
] as const;

export function briefFromValues(values: readonly (string | null)[]): MessageBrief | undefined {
  const h: Record<string, string> = {};
  BRIEF_FIELDS.forEach((field, i) => {
    const value = values[i];
    if (value !== null && value !== undefined) h[field] = value;
  });
  const record = recordFromFields(h);
  if (!record) return undefined;
  const { thread, category, acknowledges, responseCode } = record;
  return {
    id: record.id,
    kind: record.kind,
    sender: record.sender,
    receiver: record.receiver,
    status: record.status,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    deliveryAttempts: record.deliveryAttempts,
    resends: record.resends,
    ...(thread ? { thread } : {}),
    ...(category ? { category } : {}),
    ...(acknowledges ? { acknowledges } : {}),
    ...(responseCode ? { responseCode } : {}),
  };
}
