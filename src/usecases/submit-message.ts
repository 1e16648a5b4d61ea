// POST /v1/messages (CONTRACT.md §2–3): build (compose request) or read (ready Bundle), validate, check who may send
// to whom, store atomically, hand to the queue. Answers only after the record is durably in Redis.
import type { Caller } from "../access/clients.js";
import { GatewayError, fail } from "../errors.js";
import { buildCareCommunication, messageSummary } from "../medcom/builders/index.js";
import { parseComposeRequest, type ComposeRequest } from "../medcom/compose/index.js";
import { readFhir, writeFhirJson, type FhirFormat } from "../medcom/fhir/index.js";
import type { Bundle } from "../medcom/model/index.js";
import { messageTypeOf } from "../medcom/validate/index.js";
import { duplicateAuditField, pendingAuditField } from "../domain/audit.js";
import type { MessageRecord } from "../domain/record.js";
import { storeFailure, type RetryHint } from "./store-outcome.js";
import { requireReceiver, requireSenderLocation } from "./checks.js";
import { messageAudit } from "./audit-event.js";
import type { AuditEvent, UseCaseDeps } from "./deps.js";
import { validateInput } from "./validate-input.js";
import { bundleFingerprint, requestFingerprint } from "./fingerprint.js";
import { contentOf } from "./record-for.js";
import { redeliverAcknowledgement } from "./acknowledgements.js";
import { previousMessage, requireConversation, requireLatestInThread } from "./conversation.js";
import { requireMessageIds } from "./validate/id-checks.js";
import { withForwardedAttachments } from "./forward-attachments.js";
import { acuteLetterStored, applyRegionalRules, type LabelPaths } from "./regional-rules.js";
import type { Issue } from "../util/issues.js";

export type Submission =
  | { type: "compose"; body: unknown; idempotencyKey?: string }
  | { type: "bundle"; bytes: Uint8Array; format: FhirFormat };

export interface SubmitAnswer {
  /** 202 for a new message, 200 for a repeat of an earlier one. */
  status: 200 | 202;
  body: {
    id: string;
    status: "accepted";
    thread?: string;
    links: { self: string; content: string };
    /** Warnings about an accepted letter (issue 13: an acute letter should have been a telephone call). */
    issues?: Issue[];
  };
}

export async function submitMessage(caller: Caller, submission: Submission, deps: UseCaseDeps): Promise<SubmitAnswer> {
  const prepared = submission.type === "compose" ? await compose(caller, submission, deps) : receive(submission);
  const { bundle, fingerprint } = prepared;
  validateInput(bundle, prepared.sizeBytes);

  const summary = messageSummary(bundle);
  const sender = requireSenderLocation(caller, summary.sender.gln, prepared.paths.sender, deps);
  const receiver = requireReceiver(summary.receiver.gln, prepared.paths.receiver, deps);
  // Regional rules (issue 13): a report of concern is refused here; an acute letter is answered with a warning.
  const regional = await applyRegionalRules(caller, bundle, prepared.labels, deps);
  // A ready Bundle names its own conversation: it must obey what compose decides for a composed one (issue 11, 7).
  if (submission.type === "bundle" && summary.kind !== "acknowledgement")
    await requireConversation(
      caller,
      {
        id: summary.messageHeaderId,
        kind: summary.kind,
        ...(summary.thread ? { thread: summary.thread } : {}),
        ...(summary.previousMessageHeaderId ? { previousId: summary.previousMessageHeaderId } : {}),
      },
      deps,
    );
  const now = deps.now().toISOString();
  const record: MessageRecord = {
    id: summary.messageHeaderId,
    bundleId: summary.bundleId,
    ...(summary.thread ? { thread: summary.thread } : {}),
    kind: summary.kind === "acknowledgement" ? "new" : summary.kind,
    sender: { gln: sender.gln, name: sender.name },
    receiver: { gln: receiver.gln, name: receiver.name },
    ...(summary.category ? { category: summary.category } : {}),
    ...(summary.topic ? { topic: summary.topic } : {}),
    status: "accepted",
    createdAt: now,
    updatedAt: now,
    deliveryAttempts: 0,
    resends: 0,
    submittedBy: caller.id,
    fingerprint,
  };
  // The audit entry is written as pending by the store's own step and moved onto the keyed chain afterwards (by this
  // request, or by the workers' audit drainer if this request cannot): the 202 depends on the store alone, and the
  // entry is neither lost nor written twice (issue 12, point 1).
  const audit = deps.auditEntry({ ...messageAudit(caller, "submit", record, bundle), detail: "accepted" });
  const retry: RetryHint = prepared.idempotencyKey
    ? "idempotency-key"
    : submission.type === "bundle"
      ? "same-bundle"
      : "none";
  const result = await deps.store
    .accept({
      record,
      content: writeFhirJson(bundle),
      ...(prepared.idempotencyKey
        ? { idempotency: { scope: `client:${caller.id}`, key: prepared.idempotencyKey } }
        : {}),
      retentionSeconds: deps.policy.retentionDays * 24 * 3600,
      audit,
    })
    .catch((err: unknown) => storeFailure(err, retry));

  // A composed message's id is new: finding it stored means this request's own store ran twice (the Redis client
  // resent it after a reconnect), not that someone sent it before.
  const ours = result.outcome === "accepted" || (submission.type === "compose" && result.id === record.id);
  if (!ours) {
    if (result.fingerprint !== fingerprint) {
      fail(
        "conflict",
        "id-reused",
        prepared.paths.id,
        `${result.id} was already accepted with different content; a new message needs a new id (or Idempotency-Key).`,
      );
    }
    try {
      const first = await deps.store.get(result.id);
      // The client's retry of the same request (its Idempotency-Key, or the very same Bundle after an unclear answer)
      // is not a second message: it was audited and counted once, when stored. A technical resend (a new Bundle.id
      // for the same MessageHeader.id, DOMAIN.md §2.9 MR8) is a duplicate in MedCom's sense.
      const clientRetry = prepared.idempotencyKey !== undefined || first?.bundleId === summary.bundleId;
      if (first && !clientRetry)
        await answerDuplicate(first, summary.bundleId, messageAudit(caller, "submit", first, bundle), deps);
      return { status: 200, body: answer(result.id, first?.thread, regional.issues) };
    } catch (err) {
      return storeFailure(err, retry, true);
    }
  }
  // The message is stored: from here on nothing turns the 202 into an error. Each step that fails is taken over by a
  // worker (the audit drainer, the outbox dispatcher) or only costs a statistic (logged).
  await Promise.all([
    deps.auditLog
      .settle({ pending: [{ field: pendingAuditField("submit", record.id), entry: audit }] })
      .catch((err: unknown) =>
        deps.log.warn({ messageId: record.id, err: String(err) }, "audit entry left pending for the audit drainer"),
      ),
    record.kind === "reply" && record.thread
      ? trackReply(record, deps).catch((err: unknown) =>
          deps.log.warn({ messageId: record.id, err: String(err) }, "reply statistics not updated"),
        )
      : undefined,
    regional.acute
      ? acuteLetterStored(record.id, regional.acute, deps).catch((err: unknown) =>
          deps.log.warn({ messageId: record.id, err: String(err) }, "acute letter not counted"),
        )
      : undefined,
    deps
      .handOver(record.id, 0)
      .catch((err: unknown) =>
        deps.log.warn({ messageId: record.id, err: String(err) }, "hand-over to the queue deferred to the outbox"),
      ),
  ]);
  deps.log.info(
    { messageId: record.id, sender: sender.gln, receiver: receiver.gln, client: caller.id, kind: record.kind },
    "message accepted",
  );
  return { status: 202, body: answer(record.id, record.thread, regional.issues) };
}

/**
 * The same message again (same MessageHeader.id; a technical resend has a new Bundle.id: DOMAIN.md §2.9 MR8, R-Tek-K/L)
 * is not delivered twice; if it was answered already, the sender gets the identical acknowledgement once more. Its
 * event, count and audit entry are one step, once per Bundle.id (issue 12, point 1).
 */
async function answerDuplicate(
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
  if (first.ack) await redeliverAcknowledgement(first.ack.id, deps);
}

/** Reply statistics: the first reply from a letter's receiver marks the letter answered (issue: reply tracking). */
async function trackReply(reply: MessageRecord, deps: UseCaseDeps): Promise<void> {
  const [rootId] = await deps.store.thread(reply.thread ?? "");
  const root = rootId && rootId !== reply.id ? await deps.store.get(rootId) : undefined;
  if (root?.kind === "new" && root.receiver.gln === reply.sender.gln)
    await deps.store.setOnce(root.id, "firstReplyAt", reply.createdAt);
}

function answer(id: string, thread: string | undefined, issues: Issue[] = []): SubmitAnswer["body"] {
  return {
    id,
    status: "accepted",
    ...(thread ? { thread } : {}),
    links: { self: `/v1/messages/${id}`, content: `/v1/messages/${id}/content` },
    ...(issues.length > 0 ? { issues } : {}),
  };
}

interface Prepared {
  bundle: Bundle;
  fingerprint: string;
  sizeBytes?: number;
  idempotencyKey?: string;
  /** Where the sender, receiver and id are in the caller's input, for error paths. */
  paths: { sender: string; receiver: string; id: string };
  /** A compose request's labels (JSON pointers) for the regional rules; a Bundle's are FHIRPaths. */
  labels?: LabelPaths;
}

const BUNDLE_PATHS = {
  sender: "Bundle.entry[0].resource.sender",
  receiver: "Bundle.entry[0].resource.destination[0].receiver",
  id: "Bundle.entry[0].resource.id",
};

function receive(submission: Extract<Submission, { type: "bundle" }>): Prepared {
  const read = readFhir(submission.bytes, submission.format);
  if (!read.ok) throw new GatewayError("malformed", read.issues);
  // Its ids become Redis keys and file names: checked before anything else looks at them (issue 11, point 1).
  requireMessageIds(read.value);
  const type = messageTypeOf(read.value);
  if (type === "Acknowledgement") {
    fail("invalid", "wrong-endpoint", "Bundle", "This is an Acknowledgement; post it to /v1/acknowledgements.");
  }
  const bundle = read.value as Bundle;
  return {
    bundle,
    fingerprint: type === "CareCommunication" ? bundleFingerprint(bundle) : "",
    sizeBytes: submission.bytes.byteLength,
    paths: BUNDLE_PATHS,
  };
}

async function compose(
  caller: Caller,
  submission: Extract<Submission, { type: "compose" }>,
  deps: UseCaseDeps,
): Promise<Prepared> {
  // Who may send is decided first (issue 11, point 19): a caller that may not send as this sender learns that (403),
  // not what else is wrong with its request (422), and nothing is read on its behalf.
  const claimedSender = senderOf(submission.body);
  if (claimedSender !== undefined) requireSenderLocation(caller, claimedSender, "/sender", deps);
  const parsed = parseComposeRequest(submission.body);
  if (!parsed.ok) throw new GatewayError("invalid", parsed.issues);
  const request: ComposeRequest = parsed.value;
  const sender = requireSenderLocation(caller, request.sender, "/sender", deps);
  const previous = request.inReplyTo ? await previousMessage(caller, request.inReplyTo, "/inReplyTo", deps) : undefined;
  if (request.kind === "reply" && previous) await requireLatestInThread(caller, previous, "/inReplyTo", deps);
  const receiverGln = request.receiver ?? previous?.sender.gln;
  if (!receiverGln) fail("invalid", "receiver-missing", "/receiver", "A new message needs a receiver GLN.");
  const receiver = requireReceiver(receiverGln, "/receiver", deps);
  // A forward carries its attachments' data, also those a forwarded reply carries by identifier only (issue 13).
  const previousContent = previous ? await contentOf(previous.id, deps) : undefined;
  const answered =
    previous && previousContent && request.kind === "forward"
      ? await withForwardedAttachments(caller, previousContent, previous, deps)
      : previousContent;
  const bundle = buildCareCommunication(request, {
    newId: deps.newId,
    now: deps.now().toISOString(),
    parties: { sender, receiver },
    ...(answered ? { previous: answered } : {}),
  });
  return {
    bundle,
    fingerprint: requestFingerprint(submission.body),
    ...(submission.idempotencyKey ? { idempotencyKey: submission.idempotencyKey } : {}),
    paths: { sender: "/sender", receiver: "/receiver", id: "Idempotency-Key" },
    labels: { topic: "/topic" },
  };
}

/** The sender a compose request names, when it names one as text: authorised before the request is validated. */
function senderOf(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const sender: unknown = Object.hasOwn(body, "sender") ? (body as Record<string, unknown>).sender : undefined;
  return typeof sender === "string" ? sender : undefined;
}
