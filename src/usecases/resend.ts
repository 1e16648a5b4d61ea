// Technical resends (DOMAIN.md §2.9 MR5–MR7, §2.4): a message not acknowledged in time, or answered with
// `transient-error`, is sent again with a new Bundle.id and new send times, the same MessageHeader.id, up to
// policy.maxResends times; after that it is failed with the reason. An administrator may send a failed or an
// unacknowledged message again the same way.
import { technicalResend } from "../medcom/builders/index.js";
import { writeFhirJson } from "../medcom/fhir/index.js";
import type { Bundle } from "../medcom/model/index.js";
import type { Logger } from "../log.js";
import type { Counters, MessageStore } from "../domain/ports/index.js";
import type { ResendReason } from "../domain/scheduling.js";
import type { MessageRecord } from "../domain/record.js";
import { deadlineWaitsUntil } from "./deadline-due.js";

/** Why a message is sent again: the two of MedCom's reliable messaging, or an administrator's action. */
export type { ResendReason } from "../domain/scheduling.js";

const REASON_TEXT: Record<ResendReason, string> = {
  "no-acknowledgement": "no acknowledgement",
  "transient-error": "transient-error acknowledgement",
  "admin-retry": "retried by an administrator",
  "admin-resend": "resent by an administrator",
};

export interface ResendDeps {
  store: Pick<MessageStore, "get" | "content" | "transition">;
  /** Queue send number `send` of an accepted message. */
  handOver: (id: string, send: number) => Promise<void>;
  maxResends: number;
  counters?: Pick<Counters, "resend">;
  newId: () => string;
  now: () => Date;
  log: Logger;
}

export interface DeadlineDeps extends ResendDeps {
  /** policy.ackTimeoutMinutes in ms: a no-acknowledgement deadline counts from the recorded delivery. */
  ackTimeoutMs: number;
}

/** The deadline is not due yet: its job waits until then (ms) and looks again. */
export interface Postponed {
  postponedUntil: number;
}

export async function resendUnanswered(
  id: string,
  send: number,
  reason: ResendReason,
  deps: DeadlineDeps,
): Promise<"resent" | "failed" | "skipped" | Postponed> {
  const record = await deps.store.get(id);
  if (!record) return "skipped";
  const waitUntil = deadlineWaitsUntil(record, send, reason, deps.ackTimeoutMs, deps.now().getTime());
  if (waitUntil !== undefined) return { postponedUntil: waitUntil };
  // Acknowledged, rejected, already sent again, or being delivered: this deadline has nothing to do.
  if (record.status !== "delivered" || record.resends !== send) return "skipped";
  if (record.resends >= deps.maxResends) {
    const failureReason = `${REASON_TEXT[reason]} after ${record.resends} resends`;
    const result = await deps.store.transition(
      id,
      "delivered",
      "failed",
      { at: deps.now().toISOString(), type: "failed", detail: { reason: failureReason } },
      { fields: { failureReason } },
    );
    if (result === "ok")
      deps.log.warn({ messageId: id, receiver: record.receiver.gln, reason }, "message failed: no acknowledgement");
    return result === "ok" ? "failed" : "skipped";
  }
  return (await sendAgain(record, "delivered", reason, deps)).outcome === "resent" ? "resent" : "skipped";
}

export type SendAgainResult =
  | { outcome: "resent"; bundleId: string; resends: number }
  /** The content has expired with the retention period: there is nothing to send. */
  | { outcome: "content-gone" }
  /** The message is no longer `from` (another process, or an acknowledgement, got there first). */
  | { outcome: "changed" };

/**
 * A technical resend of a message that is `from` now: new Bundle.id and send times, the same MessageHeader.id, the
 * resend counted, back to `accepted` and handed to the queue.
 */
export async function sendAgain(
  record: MessageRecord,
  from: "delivered" | "failed",
  reason: ResendReason,
  deps: Omit<ResendDeps, "maxResends">,
  by?: string,
): Promise<SendAgainResult> {
  const { id } = record;
  const content = await deps.store.content(id);
  if (content === undefined) return { outcome: "content-gone" };
  const at = deps.now().toISOString();
  const resent = technicalResend(JSON.parse(content) as Bundle, { newId: deps.newId, now: at });
  const next = record.resends + 1;
  const detail = { resend: next, reason: REASON_TEXT[reason], bundleId: resent.id ?? "", ...(by ? { by } : {}) };
  const result = await deps.store.transition(
    id,
    from,
    "accepted",
    { at, type: "resend", detail },
    {
      // A failed message sent again is no longer failed: its reason stays in the events, not on the record.
      fields: { bundleId: resent.id ?? "", resends: String(next), ...(from === "failed" ? { failureReason: "" } : {}) },
      content: writeFhirJson(resent),
    },
  );
  if (result !== "ok") return { outcome: "changed" };
  await deps.counters?.resend(reason);
  deps.log.info({ messageId: id, receiver: record.receiver.gln, resend: next, reason }, "technical resend");
  // If this fails the message waits in the outbox (status accepted) and the dispatcher queues it.
  await deps
    .handOver(id, next)
    .catch((err: unknown) =>
      deps.log.warn({ messageId: id, err: String(err) }, "resend hand-over deferred to the outbox"),
    );
  return { outcome: "resent", bundleId: resent.id ?? "", resends: next };
}
