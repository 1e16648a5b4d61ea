// GET /v1/messages/{id} and /content (CONTRACT.md §2): the record with its events, and the Bundle as delivered.
import type { Caller } from "../access/clients.js";
import type { Bundle } from "../medcom/model/index.js";
import type { MessageEvent, MessageRecord } from "../domain/record.js";
import { messageAudit } from "./audit-event.js";
import type { UseCaseDeps } from "./deps.js";
import { contentOf, recordFor } from "./record-for.js";

export interface MessageView {
  id: string;
  bundleId: string;
  thread?: string;
  kind: MessageRecord["kind"];
  sender: { gln: string; name: string };
  receiver: { gln: string; name: string };
  category?: string;
  status: MessageRecord["status"];
  createdAt: string;
  updatedAt: string;
  deliveryAttempts: number;
  deliveredAt?: string;
  failureReason?: string;
  resends: number;
  acknowledges?: string;
  acknowledgement?: { id: string; code: string; at: string; issues: { code: string; message: string }[] };
  events: MessageEvent[];
}

type Deps = Pick<UseCaseDeps, "store" | "audit">;

export async function readMessage(caller: Caller, id: string, deps: Deps): Promise<MessageView> {
  const r = await recordFor(caller, id, deps);
  await deps.audit(messageAudit(caller, "read-record", r));
  return {
    id: r.id,
    bundleId: r.bundleId,
    ...(r.thread ? { thread: r.thread } : {}),
    kind: r.kind,
    sender: r.sender,
    receiver: r.receiver,
    ...(r.category ? { category: r.category } : {}),
    status: r.status,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    deliveryAttempts: r.deliveryAttempts,
    ...(r.deliveredAt ? { deliveredAt: r.deliveredAt } : {}),
    ...(r.failureReason ? { failureReason: r.failureReason } : {}),
    resends: r.resends,
    ...(r.acknowledges ? { acknowledges: r.acknowledges } : {}),
    ...(r.ack ? { acknowledgement: r.ack } : {}),
    events: await deps.store.events(id),
  };
}

export async function readContent(caller: Caller, id: string, deps: Deps): Promise<Bundle> {
  const r = await recordFor(caller, id, deps);
  const bundle = await contentOf(id, deps);
  await deps.audit(messageAudit(caller, "read-content", r, bundle));
  return bundle;
}
