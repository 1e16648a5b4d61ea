// Applying an acknowledgement to the message it answers (DOMAIN.md §3, §2.9): ok → acknowledged, fatal-error →
// rejected, transient-error → a technical resend after a backoff. A late acknowledgement still counts.
import type { AcknowledgementSummary, MessageRecord } from "../../domain/record.js";
import type { UseCaseDeps } from "../deps.js";

/** Minutes to wait before resending after a transient-error: 1, 2, 4 … but never longer than the ack timeout. */
export function transientBackoffMs(resends: number, ackTimeoutMinutes: number): number {
  return Math.min(60_000 * 2 ** resends, ackTimeoutMinutes * 60_000);
}

const FINAL_STATUS = { ok: "acknowledged", "fatal-error": "rejected" } as const;

type Deps = Pick<UseCaseDeps, "store" | "mailboxes" | "counters" | "scheduleResend" | "policy" | "log">;

export async function applyAcknowledgement(
  original: MessageRecord,
  ack: AcknowledgementSummary,
  deps: Deps,
): Promise<void> {
  const event = { at: ack.at, type: "acknowledgement" as const, detail: { code: ack.code, acknowledgement: ack.id } };
  const fields = { ack: JSON.stringify(ack) };
  // The receiving system has answered: the message is no longer new in its mailbox.
  await deps.mailboxes.markSeen(original.receiver.gln, original.id);
  const sentAt = Date.parse(original.deliveredAt ?? original.createdAt);
  await deps.counters.ackLatency(Math.max(0, (Date.parse(ack.at) - sentAt) / 1000), ack.code);
  if (ack.code === "transient-error") {
    await deps.store.update(original.id, fields);
    await deps.store.appendEvent(original.id, event);
    await deps.scheduleResend(
      original.id,
      original.resends,
      transientBackoffMs(original.resends, deps.policy.ackTimeoutMinutes),
      "transient-error",
    );
    return;
  }
  const to = FINAL_STATUS[ack.code];
  const reason = ack.issues.map((i) => `${i.code}: ${i.message}`).join("; ");
  // A late acknowledgement still counts: after a resend is queued, or after the gateway gave up waiting.
  const result = await deps.store.transition(
    original.id,
    ["delivered", "queued", "accepted", "failed"],
    to,
    { ...event, type: to },
    { fields: to === "rejected" ? { ...fields, failureReason: reason || "fatal-error acknowledgement" } : fields },
  );
  if (result !== "ok") await deps.store.appendEvent(original.id, event);
  deps.log.info({ messageId: original.id, code: ack.code, receiver: original.receiver.gln }, "acknowledgement applied");
}
