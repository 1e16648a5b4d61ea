// POST /v1/messages (CONTRACT.md §2–3), and a letter dropped in a file-drop inbox: a compose request is built, a ready
// Bundle read; either is validated, its sender and receiver checked, the regional rules applied, and it is accepted
// (stored, audited, handed to the queue) by the one accept step. The answer comes only after the record is durably
// in Redis. The same message again — the same request under its Idempotency-Key, the same Bundle, a technical resend
// of it, or the very Bundle the gateway built from a compose request — is answered as the first was (200); another
// message under a used id is a conflict (409). One fingerprint of the message decides which (issue 14, point 2).
import type { Caller } from "../../access/clients.js";
import { fail } from "../../errors.js";
import type { DetachedAttachments } from "../../medcom/detached.js";
import type { FhirFormat } from "../../medcom/fhir/index.js";
import type { Resource } from "../../medcom/model/index.js";
import { messageFingerprint } from "../../medcom/readers/index.js";
import type { MessageRecord } from "../../domain/record.js";
import type { Issue } from "../../util/issues.js";
import type { UseCaseDeps } from "../deps.js";
import { acceptMessage } from "../steps/accept.js";
import { answerDuplicate } from "../steps/answer-duplicate.js";
import { messageAudit } from "../steps/audit-event.js";
import { composeLetter } from "../steps/compose-letter.js";
import { blobIdsOf, discardBlobs } from "../steps/detached-blobs.js";
import { requireConversation } from "../steps/conversation.js";
import type { Letter } from "../steps/letter.js";
import { parseMessageBytes } from "../steps/parse-bytes.js";
import { readyLetter } from "../steps/ready-letter.js";
import { countAcuteLetter, applyRegionalRules } from "../steps/regional-rules.js";
import { trackReply } from "../steps/reply-tracking.js";
import { storeFailure } from "../steps/store-outcome.js";
import { DEFERRED_FINGERPRINT, isSameMessage } from "../steps/same-message.js";

/** `detached` (issue 17): the attachments a large body's reader detached into blobs, by token; `bytes` is then the
 *  document with their tokens, and `sizeBytes` the body's own byte count as received. */
export type Submission =
  | { type: "compose"; body: unknown; idempotencyKey?: string; detached?: DetachedAttachments }
  | { type: "bundle"; bytes: Uint8Array; format: FhirFormat; sizeBytes?: number; detached?: DetachedAttachments }
  /** A Bundle already read from its bytes (a file-drop inbox reads a file to tell a letter from an answer). */
  | { type: "read"; resource: Resource; sizeBytes: number };

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
  const progress = { storing: false };
  try {
    return await submitLetter(caller, submission, deps, progress);
  } catch (err) {
    // Refused before the store was asked: nothing keeps the request's blobs (from then on the accept step decides).
    if (!progress.storing && submission.type !== "read") await discardBlobs(blobIdsOf(submission.detached), deps);
    throw err;
  }
}

async function submitLetter(
  caller: Caller,
  submission: Submission,
  deps: UseCaseDeps,
  progress: { storing: boolean },
): Promise<SubmitAnswer> {
  const letter =
    submission.type === "compose"
      ? await composeLetter(caller, submission.body, submission.idempotencyKey, deps, submission.detached)
      : submission.type === "bundle"
        ? readyLetter(
            caller,
            parseMessageBytes(submission.bytes, submission.format),
            submission.sizeBytes ?? submission.bytes.byteLength,
            deps,
            submission.detached,
          )
        : readyLetter(caller, submission.resource, submission.sizeBytes, deps);
  // Regional rules (issue 13): a report of concern is refused here; an acute letter is answered with a warning.
  const regional = await applyRegionalRules(caller, letter.bundle, letter.labels, deps);
  // A ready Bundle names its own conversation: it must obey what compose decides for a composed one (issue 11, 7).
  if (!letter.minted) await requireConversation(caller, letter.described, deps);

  const record = letterRecord(caller, letter, deps.now().toISOString());
  progress.storing = true;
  const result = await acceptMessage(
    {
      record,
      content: letter.bundle,
      // Written as pending by the store's own step and moved onto the keyed chain afterwards (issue 12, point 1).
      audit: { ...messageAudit(caller, "submit", record, letter.described.patient), detail: "accepted" },
      ...(letter.idempotencyKey ? { idempotency: { scope: `client:${caller.id}`, key: letter.idempotencyKey } } : {}),
      retry: letter.retry,
      handOver: true,
      minted: letter.minted,
      ...(letter.detached ? { detached: letter.detached } : {}),
      ...(letter.carried ? { carried: letter.carried } : {}),
      ...(letter.contentJson !== undefined ? { contentJson: letter.contentJson } : {}),
    },
    deps,
  );
  if (result.outcome === "duplicate") {
    const fingerprint = record.fingerprint === DEFERRED_FINGERPRINT ? letterFingerprint(letter) : record.fingerprint;
    if (!(await isSameMessage(result, fingerprint, deps)))
      fail(
        "conflict",
        "id-reused",
        letter.idPath,
        `${result.id} was already accepted with different content; a new message needs a new id (or Idempotency-Key).`,
      );
    return answerRepeat(caller, result.id, letter, regional.issues, deps);
  }
  // The message is stored: from here on nothing turns the 202 into an error; these only cost a statistic (logged).
  await Promise.all([
    record.kind === "reply" && record.thread
      ? trackReply(record, deps).catch((err: unknown) =>
          deps.log.warn({ messageId: record.id, err: String(err) }, "reply statistics not updated"),
        )
      : undefined,
    regional.acute
      ? countAcuteLetter(record.id, regional.acute, deps).catch((err: unknown) =>
          deps.log.warn({ messageId: record.id, err: String(err) }, "acute letter not counted"),
        )
      : undefined,
  ]);
  deps.log.info(
    {
      messageId: record.id,
      sender: record.sender.gln,
      receiver: record.receiver.gln,
      client: caller.id,
      kind: record.kind,
    },
    "message accepted",
  );
  return { status: 202, body: answer(record.id, record.thread, regional.issues) };
}

/** The record of a letter: its description, the directory's names of its parties, and who submitted it. */
function letterRecord(caller: Caller, letter: Letter, now: string): MessageRecord {
  const { described, sender, receiver } = letter;
  return {
    id: described.id,
    bundleId: described.bundleId,
    ...(described.thread ? { thread: described.thread } : {}),
    kind: described.kind === "acknowledgement" ? "new" : described.kind,
    sender: { gln: sender.gln, name: sender.name },
    receiver: { gln: receiver.gln, name: receiver.name },
    ...(described.category ? { category: described.category } : {}),
    ...(described.topic ? { topic: described.topic } : {}),
    status: "accepted",
    createdAt: now,
    updatedAt: now,
    deliveryAttempts: 0,
    resends: 0,
    submittedBy: caller.id,
    // Made now only when the stored content could not make it again: a detached attachment's data is a token there.
    fingerprint: letter.detached?.size || letter.carried?.size ? letterFingerprint(letter) : DEFERRED_FINGERPRINT,
  };
}

/** The letter's fingerprint, its detached and carried attachments standing for their data by their facts. */
const letterFingerprint = (letter: Letter): string =>
  messageFingerprint(
    letter.bundle,
    letter.described,
    letter.carried ? new Map([...(letter.detached ?? []), ...letter.carried]) : letter.detached,
  );

/**
 * The same message again, answered as the first time. The client's retry of the same request (its Idempotency-Key,
 * or the very same Bundle after an unclear answer) is not a second message: it was audited and counted once, when
 * stored. A technical resend (a new Bundle.id for the same MessageHeader.id, DOMAIN.md §2.9 MR8) is a duplicate in
 * MedCom's sense: counted, audited, and answered with the acknowledgement again.
 */
async function answerRepeat(
  caller: Caller,
  id: string,
  letter: Letter,
  issues: Issue[],
  deps: UseCaseDeps,
): Promise<SubmitAnswer> {
  try {
    const first = await deps.store.get(id);
    const clientRetry = letter.idempotencyKey !== undefined || first?.bundleId === letter.described.bundleId;
    if (first && !clientRetry)
      await answerDuplicate(
        first,
        letter.described.bundleId,
        messageAudit(caller, "submit", first, letter.described.patient),
        deps,
      );
    return { status: 200, body: answer(id, first?.thread, issues) };
  } catch (err) {
    return storeFailure(err, letter.retry, true);
  }
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
