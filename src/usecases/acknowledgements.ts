// Storing, routing and applying acknowledgements (DOMAIN.md §3, §2.9). An acknowledgement is stored like a message
// (kind `acknowledgement`) and delivered to the original sender through the sender's own adapter; it is never itself
// acknowledged (KR2), so it gets no deadline. Applying it to the acknowledged message: ok → acknowledged,
// fatal-error → rejected, transient-error → a technical resend after a backoff.
import { createHash } from "node:crypto";
import { fail } from "../errors.js";
import { messageSummary } from "../medcom/builders/index.js";
import { writeFhirJson } from "../medcom/fhir/index.js";
import type { Bundle, MessageHeader, OperationOutcome } from "../medcom/model/index.js";
import { bundleReferences } from "../medcom/references/bundle-references.js";
import type { AcknowledgementSummary, MessageRecord } from "../domain/record.js";
import type { UseCaseDeps } from "./deps.js";
import { pendingAuditField } from "../domain/audit.js";
import { storeFailure } from "./store-outcome.js";
import { isGln, isMessageId } from "../medcom/ids.js";

export interface AcknowledgementAnswer {
  status: 200 | 202;
  body: { id: string; code: string; acknowledges: string; matched: boolean };
}

/** Minutes to wait before resending after a transient-error: 1, 2, 4 … but never longer than the ack timeout. */
export function transientBackoffMs(resends: number, ackTimeoutMinutes: number): number {
  return Math.min(60_000 * 2 ** resends, ackTimeoutMinutes * 60_000);
}

/** The code and issues an Acknowledgement carries (its OperationOutcome, when there is one). */
export function acknowledgementOutcome(bundle: Bundle): Pick<AcknowledgementSummary, "code" | "issues"> {
  const summary = messageSummary(bundle);
  // The OperationOutcome the MessageHeader's response.details points at, read with the one resolver (issue 11, point 2).
  const refs = bundleReferences(bundle);
  const header = refs.header;
  const details = (header?.resource as MessageHeader | undefined)?.response?.details?.reference;
  const outcome = refs.resource<OperationOutcome>(details, header, "OperationOutcome");
  const issues = (outcome?.issue ?? []).map((i) => ({
    code: i.details?.coding?.[0]?.code ?? i.code,
    message: i.details?.text ?? "",
  }));
  return { code: summary.responseCode ?? "ok", issues };
}

/**
 * Store an acknowledgement and hand it to the queue for the original sender. One acknowledgement per send of a
 * message: the same one again answers with the first (200); a different one for the same send is a conflict (409),
 * because a sender must never get a positive and then a negative answer to the same message (DOMAIN.md §2.9).
 * Without the original message it is kept and reported, not routed — unless `route` says to answer its sender anyway
 * (the gateway's own answer to a message it refused).
 */
export async function storeAcknowledgement(
  ack: Bundle,
  original: MessageRecord | undefined,
  submittedBy: string,
  deps: UseCaseDeps,
  options: { route?: boolean } = {},
): Promise<AcknowledgementAnswer> {
  const summary = messageSummary(ack);
  const { code, issues } = acknowledgementOutcome(ack);
  const acknowledges = summary.previousMessageHeaderId ?? "";
  const now = deps.now().toISOString();
  const fingerprint = createHash("sha256").update(JSON.stringify({ code, issues })).digest("base64url");
  const record: MessageRecord = {
    id: summary.messageHeaderId,
    bundleId: summary.bundleId,
    kind: "acknowledgement",
    sender: { gln: summary.sender.gln, name: deps.directory.get(summary.sender.gln)?.name ?? summary.sender.name },
    receiver: {
      gln: summary.receiver.gln,
      name: deps.directory.get(summary.receiver.gln)?.name ?? summary.receiver.name,
    },
    acknowledges,
    responseCode: code,
    status: "accepted",
    createdAt: now,
    updatedAt: now,
    deliveryAttempts: 0,
    resends: 0,
    submittedBy,
    fingerprint,
  };
  // Audited with the store itself, as pending, and moved onto the chain afterwards (issue 12, point 1).
  const audit = deps.auditEntry({
    client: submittedBy,
    action: "acknowledge",
    messageId: acknowledges,
    sender: record.sender.gln,
    receiver: record.receiver.gln,
    detail: `${code} ${record.id}`,
  });
  const result = await deps.store
    .accept({
      record,
      content: writeFhirJson(ack),
      // One acknowledgement per send of a message and per answering location: an acknowledgement from anyone else for
      // the same id (kept as unmatched, issue 11 point 19) neither takes the receiver's place nor learns of it.
      idempotency: { scope: "ack", key: ackIdempotencyKey(acknowledges, original?.resends ?? 0, record.sender.gln) },
      retentionSeconds: deps.policy.retentionDays * 24 * 3600,
      audit,
    })
    .catch((err: unknown) => storeFailure(err, "same-acknowledgement"));
  const stored = { id: result.id, code, at: now, issues };
  if (result.outcome === "duplicate") {
    if (result.fingerprint !== fingerprint) {
      fail(
        "conflict",
        "acknowledgement-differs",
        "code",
        `Message ${acknowledges} was already acknowledged differently; an acknowledgement is never changed.`,
      );
    }
    // The same acknowledgement again: a retry after an unclear answer, whose first try may have stopped after the
    // store. What the first try did not finish is finished now (each step is idempotent); nothing is audited again.
    try {
      if (!original && !options.route) await deps.store.addUnmatchedAck(result.id, Date.parse(now));
      if (original && original.ack?.id !== result.id) await applyAcknowledgement(original, stored, deps);
    } catch (err) {
      return storeFailure(err, "same-acknowledgement", true);
    }
    return { status: 200, body: { id: result.id, code, acknowledges, matched: original !== undefined } };
  }
  await deps.auditLog
    .settle({ pending: [{ field: pendingAuditField("acknowledge", record.id), entry: audit }] })
    .catch((err: unknown) =>
      deps.log.warn({ messageId: record.id, err: String(err) }, "audit entry left pending for the audit drainer"),
    );
  try {
    if (!original && !options.route) {
      // Kept and reported (GET /v1/admin/acknowledgements/unmatched), not dropped and not routed: nobody to route to.
      await deps.store.addUnmatchedAck(record.id, Date.parse(now));
      deps.log.warn(
        { acknowledgementId: record.id, acknowledges, sender: record.sender.gln },
        "acknowledgement for an unknown message",
      );
      return { status: 202, body: { id: record.id, code, acknowledges, matched: false } };
    }
    await deps
      .handOver(record.id, 0)
      .catch((err: unknown) =>
        deps.log.warn({ messageId: record.id, err: String(err) }, "hand-over deferred to the outbox"),
      );
    if (original) await applyAcknowledgement(original, stored, deps);
  } catch (err) {
    // Stored, but not applied to the message it answers: no outbox takes that over, so the sender is told to send it
    // again, and the retry (a duplicate, above) applies it.
    return storeFailure(err, "same-acknowledgement", true);
  }
  return { status: 202, body: { id: record.id, code, acknowledges, matched: original !== undefined } };
}

/** "<acknowledged id>:<send>:<answering GLN>"; when a part is not of its checked format (the gateway's own answer to a
 *  message it refused for its ids) the key is the hash of it, so no outside text reaches a Redis key. */
function ackIdempotencyKey(acknowledges: string, send: number, gln: string): string {
  const key = `${acknowledges}:${send}:${gln}`;
  return isMessageId(acknowledges) && isGln(gln) ? key : `sha256-${createHash("sha256").update(key).digest("hex")}`;
}

const FINAL_STATUS = { ok: "acknowledged", "fatal-error": "rejected" } as const;

export async function applyAcknowledgement(
  original: MessageRecord,
  ack: AcknowledgementSummary,
  deps: UseCaseDeps,
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

/**
 * A duplicate of a message that was already answered gets the identical acknowledgement again (DOMAIN.md §2.9, test
 * cases R-Tek-K/L): the stored acknowledgement is delivered once more, unchanged.
 */
export async function redeliverAcknowledgement(ackId: string, deps: UseCaseDeps): Promise<void> {
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
  if (result === "ok") await deps.handOver(ackId, send);
}
