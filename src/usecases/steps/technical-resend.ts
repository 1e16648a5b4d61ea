// A technical resend (DOMAIN.md §2.9 MR5–MR7, §2.4): the message again with a new Bundle.id and new send times, the
// same MessageHeader.id, back to `accepted` and handed to the queue — for a deadline that passed, a transient-error
// acknowledgement, or an administrator's retry or resend.
import { technicalResend } from "../../medcom/builders/index.js";
import { writeFhirJson } from "../../medcom/fhir/index.js";
import type { Bundle } from "../../medcom/model/index.js";
import type { Logger } from "../../log.js";
import type { Counters, MessageStore } from "../../domain/ports/index.js";
import type { ResendReason } from "../../domain/scheduling.js";
import type { MessageRecord } from "../../domain/record.js";
import { handOverToQueue } from "./hand-over.js";

/** Why a message is sent again: the two of MedCom's reliable messaging, or an administrator's action. */
export type { ResendReason } from "../../domain/scheduling.js";

export const REASON_TEXT: Record<ResendReason, string> = {
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
  await handOverToQueue(id, next, deps);
  return { outcome: "resent", bundleId: resent.id ?? "", resends: next };
}
