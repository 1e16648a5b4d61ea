// The one accept step, for letters and acknowledgements alike (issue 14, point 2): the record and its content are
// stored in one atomic, set-if-absent step with the audit entry as pending; then the entry is moved onto the keyed
// audit chain and the message is handed to the queue. The answer depends on the store alone: once the message is
// stored nothing turns it into an error — a failed audit move is finished by the workers' audit drainer, a failed
// hand-over by the outbox dispatcher (issue 12, point 1). So the answer does not wait for these two steps when the
// process tracks them (deps.afterAnswer, issue 17 point 3): a graceful shutdown waits for them instead.
import { writeFhirJson } from "../../medcom/fhir/index.js";
import type { DetachedAttachments } from "../../medcom/detached.js";
import type { Bundle } from "../../medcom/model/index.js";
import type { MessageRecord } from "../../domain/record.js";
import { pendingAuditField } from "../../domain/audit.js";
import type { AcceptResult } from "../../domain/ports/index.js";
import type { AuditEvent, UseCaseDeps } from "../deps.js";
import { handOverToQueue } from "./hand-over.js";
import { blobIdsOf, discardBlobs, namedTokens } from "./detached-blobs.js";
import { outcomeMayBeStored, storeFailure, type RetryHint } from "./store-outcome.js";

export interface Acceptance {
  record: MessageRecord;
  content: Bundle;
  /** What is audited when the message is stored (its `detail` included). */
  audit: AuditEvent;
  /** The key under which a retry of the same submission finds this one. */
  idempotency?: { scope: string; key: string };
  /** How the client retries safely when the store's answer is lost. */
  retry: RetryHint;
  /** False for a message kept but not sent (an acknowledgement nobody is waiting for). */
  handOver: boolean;
  /** The record's id was minted by this very request: finding it stored means this request's own store ran twice
   *  (the Redis client resent it after a reconnect), not that someone sent it before. */
  minted?: boolean;
  /** The request's detached attachments (issue 17): the blobs the content names are kept with it in the same step;
   *  the rest, and all of them when this request's message is not the one stored, are deleted. */
  detached?: DetachedAttachments;
  /** Tokens the content copied from a stored letter (a forward): kept with it too, never deleted by this request. */
  carried?: DetachedAttachments;
  /** `content` as FHIR JSON, when the caller wrote it already (exactly writeFhirJson(content)): not written again. */
  contentJson?: string;
}

type Deps = Pick<UseCaseDeps, "store" | "auditLog" | "auditEntry" | "handOver" | "policy" | "log" | "blobs"> &
  Partial<Pick<UseCaseDeps, "afterAnswer">>;

/** Store the message; a new one is then audited and handed over. A duplicate is the caller's to answer. */
export async function acceptMessage(acceptance: Acceptance, deps: Deps): Promise<AcceptResult> {
  const { record } = acceptance;
  const audit = deps.auditEntry(acceptance.audit);
  const content = acceptance.contentJson ?? writeFhirJson(acceptance.content);
  const all = blobIdsOf(acceptance.detached);
  const named = [acceptance.detached, acceptance.carried].flatMap((map) =>
    namedTokens(content, map).map((token) => map?.get(token)?.id ?? ""),
  );
  const result = await deps.store
    .accept({
      record,
      content,
      ...(acceptance.idempotency ? { idempotency: acceptance.idempotency } : {}),
      retentionSeconds: deps.policy.retentionDays * 24 * 3600,
      audit,
      ...(named.length > 0 ? { blobs: named } : {}),
    })
    .catch(async (err: unknown) => {
      // A store that may have run keeps the blobs it names; one that surely did not run leaves them to nobody.
      if (!outcomeMayBeStored(err)) await discardBlobs(all, deps);
      return storeFailure(err, acceptance.retry);
    });
  const ours = result.outcome === "accepted" || (acceptance.minted === true && result.id === record.id);
  // Another message is stored under this id (or key): this request's blobs are nobody's.
  await discardBlobs(ours ? all.filter((id) => !named.includes(id)) : all, deps);
  if (!ours) return result;
  const settled = Promise.all([
    deps.auditLog
      .settle({ pending: [{ field: pendingAuditField(audit.action, record.id), entry: audit }] })
      .catch((err: unknown) =>
        deps.log.warn({ messageId: record.id, err: String(err) }, "audit entry left pending for the audit drainer"),
      ),
    acceptance.handOver ? handOverToQueue(record.id, 0, deps) : undefined,
  ]).then(() => undefined);
  // Both steps only log their failures (the audit drainer and the outbox finish them): the answer need not wait for
  // them (issue 17, point 3: the 202 waited two more Redis round trips, each with its fsync); their owner does.
  if (deps.afterAnswer) deps.afterAnswer(settled);
  else await settled;
  return { outcome: "accepted", id: record.id };
}
