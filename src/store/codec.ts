// MessageRecord ⇄ the flat string fields of a Redis hash. Optional fields are simply absent.
import {
  STATUSES,
  type AcknowledgementSummary,
  type MessageBrief,
  type MessageRecord,
  type Status,
} from "../domain/record.js";

/** The fields in one fixed order, absent ones left out; written straight into the list (one per stored message). */
export function recordToFields(r: MessageRecord): string[] {
  const fields: string[] = [];
  const add = (key: string, value: string | number | undefined) => {
    if (value !== undefined) fields.push(key, String(value));
  };
  add("id", r.id);
  add("bundleId", r.bundleId);
  add("thread", r.thread);
  add("kind", r.kind);
  add("senderGln", r.sender.gln);
  add("senderName", r.sender.name);
  add("receiverGln", r.receiver.gln);
  add("receiverName", r.receiver.name);
  add("category", r.category);
  add("topic", r.topic);
  add("status", r.status);
  add("createdAt", r.createdAt);
  add("updatedAt", r.updatedAt);
  add("deliveryAttempts", r.deliveryAttempts);
  add("deliveredAt", r.deliveredAt);
  add("failureReason", r.failureReason);
  add("submittedBy", r.submittedBy);
  add("fingerprint", r.fingerprint);
  add("acknowledges", r.acknowledges);
  add("responseCode", r.responseCode);
  add("ack", r.ack ? JSON.stringify(r.ack) : undefined);
  add("resends", r.resends);
  add("firstReplyAt", r.firstReplyAt);
  return fields;
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
