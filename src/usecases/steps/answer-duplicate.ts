// The same message again (same MessageHeader.id; a technical resend has a new Bundle.id: DOMAIN.md §2.9 MR8,
// R-Tek-K/L) is not delivered twice; if it was answered already, the sender gets the identical acknowledgement once
// more. Its event, count and audit entry are one step, once per Bundle.id (issue 12, point 1).
import type { MessageRecord } from "../../domain/record.js";
import { duplicateAuditField } from "../../domain/audit.js";
import type { AuditEvent, UseCaseDeps } from "../deps.js";
import { handOverToQueue } from "./hand-over.js";

export async function answerDuplicate(
  first: MessageRecord,
  bundleId: string,
  audit: AuditEvent,
  deps: UseCaseDeps,
): Promise<void> {
  const entry = deps.auditEntry({ ...audit, detail: "duplicate" });
  if (await deps.store.recordDuplicate(first.id, bundleId, deps.now().toISOString(), entry))
    await deps.auditLog
      .settle({ pending: [{ field: duplicateAuditField(entry.action, first.id, bundleId), entry }] })
      .catch((err: unknown) =>
        deps.log.warn({ messageId: first.id, err: String(err) }, "audit entry left pending for the audit drainer"),
      );
  if (first.ack) await sendAcknowledgementAgain(first.ack.id, deps);
}

/** The stored acknowledgement, delivered once more, unchanged: back to `accepted` and handed over as a new send. */
async function sendAcknowledgementAgain(ackId: string, deps: UseCaseDeps): Promise<void> {
  const ack = await deps.store.get(ackId);
  if (!ack || (ack.status !== "delivered" && ack.status !== "failed")) return;
  const send = ack.resends + 1;
  const result = await deps.store.transition(
    ackId,
    ["delivered", "failed"],
    "accepted",
    {
      at: deps.now().toISOString(),
      type: "resend",
      detail: { resend: send, reason: "duplicate of the acknowledged message" },
    },
    { fields: { resends: String(send) } },
  );
  if (result === "ok") await handOverToQueue(ackId, send, deps);
}
