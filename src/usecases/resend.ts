// Technical resends (DOMAIN.md §2.9 MR5–MR7, §2.4): a message not acknowledged in time, or answered with
// `transient-error`, is sent again with a new Bundle.id and new send times, the same MessageHeader.id, up to
// policy.maxResends times; after that it is failed with the reason.
import { technicalResend } from "../medcom/build/index.js";
import { writeFhirJson } from "../medcom/fhir/index.js";
import type { Bundle } from "../medcom/model/index.js";
import type { Logger } from "../log.js";
import type { Counters } from "../store/counters.js";
import type { MessageStore } from "../store/message-store.js";

export type ResendReason = "no-acknowledgement" | "transient-error";

const REASON_TEXT: Record<ResendReason, string> = {
  "no-acknowledgement": "no acknowledgement",
  "transient-error": "transient-error acknowledgement",
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

export async function resendUnanswered(
  id: string,
  send: number,
  reason: ResendReason,
  deps: ResendDeps,
): Promise<"resent" | "failed" | "skipped"> {
  const record = await deps.store.get(id);
  // Acknowledged, rejected, already sent again, or being delivered: this deadline has nothing to do.
  if (!record || record.status !== "delivered" || record.resends !== send) return "skipped";
  const at = deps.now().toISOString();
  if (record.resends >= deps.maxResends) {
    const failureReason = `${REASON_TEXT[reason]} after ${record.resends} resends`;
    const result = await deps.store.transition(
      id,
      "delivered",
      "failed",
      { at, type: "failed", detail: { reason: failureReason } },
      { fields: { failureReason } },
    );
    if (result === "ok")
      deps.log.warn({ messageId: id, receiver: record.receiver.gln, reason }, "message failed: no acknowledgement");
    return result === "ok" ? "failed" : "skipped";
  }
  const content = await deps.store.content(id);
  if (content === undefined) return "skipped";
  const resent = technicalResend(JSON.parse(content) as Bundle, { newId: deps.newId, now: at });
  const next = record.resends + 1;
  const result = await deps.store.transition(
    id,
    "delivered",
    "accepted",
    { at, type: "resend", detail: { resend: next, reason: REASON_TEXT[reason], bundleId: resent.id ?? "" } },
    { fields: { bundleId: resent.id ?? "", resends: String(next) }, content: writeFhirJson(resent) },
  );
  if (result !== "ok") return "skipped";
  await deps.counters?.resend(reason);
  deps.log.info({ messageId: id, receiver: record.receiver.gln, resend: next, reason }, "technical resend");
  // If this fails the message waits in the outbox (status accepted) and the dispatcher queues it.
  await deps
    .handOver(id, next)
    .catch((err: unknown) =>
      deps.log.warn({ messageId: id, err: String(err) }, "resend hand-over deferred to the outbox"),
    );
  return "resent";
}
