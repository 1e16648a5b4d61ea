// The message store port: records, contents, events and the indexes the use cases read, with every multi-part change
// one atomic step (src/store/message-store.ts does it with Lua scripts in Redis; src/store/memory/ in memory).
import type { AuditEntry } from "../audit.js";
import type { MessageEvent } from "../events.js";
import type { MessageBrief, MessageRecord, Status } from "../record.js";

export type AcceptResult =
  { outcome: "accepted"; id: string } | { outcome: "duplicate"; id: string; fingerprint: string };

export interface AcceptInput {
  record: MessageRecord;
  /** The Bundle as FHIR JSON, exactly as it will be delivered. */
  content: string;
  /** An idempotency key: a client's Idempotency-Key (scope `client:<id>`), or `ack` + the acknowledged id. */
  idempotency?: { scope: string; key: string };
  retentionSeconds: number;
  /** The audit entry of the acceptance, stored as pending in the same step (issue 12, point 1). */
  audit?: AuditEntry;
  /** The blobs the content's detached attachments name (issue 17): kept, in the same step, for the retention period
   *  (never shortened: a resend or a forward may name a blob an earlier message already keeps). */
  blobs?: readonly string[];
}

export type TransitionResult = "ok" | "missing" | Status;

export interface TransitionOptions {
  /** Record fields to set with the change. */
  fields?: Record<string, string>;
  /** New content (a technical resend), keeping its expiry. */
  content?: string;
}

/** A position in an index: its score (ms) and member. */
export interface IndexEntry {
  id: string;
  at: number;
}

export interface MessageStore {
  /** Throws BlobMissing (src/store/blob-errors.ts, a 503) when a blob `blobs` names is not there whole: nothing is
   *  stored. A duplicate keeps no blob. */
  accept(input: AcceptInput): Promise<AcceptResult>;
  /** Throws StoredValueCorrupt when a sealed field is not a sealed value that opens (issue 11, point 8). */
  get(id: string): Promise<MessageRecord | undefined>;
  /** A record with a corrupt sealed field is left out (undefined), as a list skips it. */
  getMany(ids: readonly string[]): Promise<(MessageRecord | undefined)[]>;
  /** What lists show of each message (no sealed field is read). */
  briefs(ids: readonly string[]): Promise<(MessageBrief | undefined)[]>;
  /**
   * Up to `count` entries of the index of every message (by acceptance time) or of one status (by the time each
   * entered it), newest first, with scores from `min` to `max` ms, strictly after `after` in that order.
   */
  newestFirst(
    index: Status | "all",
    range: { min: number; max: number },
    count: number,
    after?: IndexEntry,
  ): Promise<IndexEntry[]>;
  events(id: string): Promise<MessageEvent[]>;
  /** Throws StoredValueCorrupt when the stored content is not a sealed value that opens. */
  content(id: string): Promise<string | undefined>;
  /** Move to `to` if the status is `from` (or one of them); see TRANSITION. */
  transition(
    id: string,
    from: Status | readonly Status[],
    to: Status,
    event: MessageEvent,
    options?: TransitionOptions,
  ): Promise<TransitionResult>;
  /** Count a delivery attempt and append its event; 0 when the message is no longer being delivered. */
  recordAttempt(id: string, event: MessageEvent): Promise<number>;
  /** Number a delivery attempt before it starts (1, 2, …, across killed workers and re-added jobs); 0 when the
   *  message is no longer being delivered. See START_ATTEMPT. */
  startAttempt(id: string): Promise<number>;
  countByStatus(): Promise<Record<Status, number>>;
  /** CareCommunications first delivered before `before` (ms) and still not acknowledged, rejected or failed. */
  countAwaitingAckSince(before: number): Promise<number>;
  /** Set fields of an existing record (no status change). */
  update(id: string, fields: Record<string, string>): Promise<void>;
  /** Set a field only if it is not set yet; true when this call set it. */
  setOnce(id: string, field: string, value: string): Promise<boolean>;
  appendEvent(id: string, event: MessageEvent): Promise<void>;
  /**
   * A technical resend of message `id` with a new Bundle.id: its `duplicate` event, the duplicates counter and its
   * audit entry (pending) in one step, once per Bundle.id. True the first time, false for a retry of the same resend.
   */
  recordDuplicate(id: string, bundleId: string, at: string, audit: AuditEntry): Promise<boolean>;
  /** Message ids of a conversation, in the order they were accepted. */
  thread(thread: string): Promise<string[]>;
  /** New letters accepted between `from` and `to` (ms). */
  letters(from: number, to: number): Promise<string[]>;
  /** Acknowledgements for messages the gateway does not know. */
  addUnmatchedAck(id: string, at: number): Promise<void>;
  unmatchedAcks(limit: number): Promise<string[]>;
  /** Drop index entries older than `before` (ms): their records have expired with the retention period. */
  sweepIndexes(before: number): Promise<number>;
  /** The outbox: accepted messages not handed to the queue for at least `olderThanMs`. */
  outbox(olderThanMs: number, now: number, limit: number): Promise<string[]>;
}
