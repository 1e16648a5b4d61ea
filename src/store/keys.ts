// Redis key names, all under one prefix with a hash tag ("{mg}") so that every key of a gateway lands in the same
// Redis Cluster slot and the Lua scripts that touch several keys at once stay legal there.
//
// Defence in depth (issue 11, point 1): a key is only ever built from a part of the format it names. The use cases
// check every outside id first and answer 4xx; if an unchecked one still gets here, building its key throws instead
// of reaching into another key (`<id>:content` as an id named the content string, WRONGTYPE) or carrying CR/LF.
import { isFhirId, isGln, isMessageId, isOioId, isThreadId } from "../medcom/ids.js";

export const DEFAULT_KEY_PREFIX = "{mg}";

export type Keys = ReturnType<typeof keysFor>;

/** A key part that failed its format check: a bug in the caller (an id used before it was checked), never input. */
export class UncheckedKeyPartError extends Error {
  constructor(what: string) {
    super(`refusing to build a Redis key from an unchecked ${what}`);
    this.name = "UncheckedKeyPartError";
  }
}

/** Idempotency scopes and keys: printable ASCII without spaces (the Idempotency-Key header's own format). */
const PRINTABLE = /^[\x21-\x7e]{1,200}$/;
/** Status names and SHA-256 hex digests: the gateway's own words. */
const WORD = /^[a-z-]{1,32}$/;
const HEX_DIGEST = /^[0-9a-f]{64}$/;

function checked(value: string, ok: (value: string) => boolean, what: string): string {
  if (!ok(value)) throw new UncheckedKeyPartError(what);
  return value;
}

/** New message ids are UUIDs (checked where they come in); the store also holds what earlier versions accepted, FHIR
 *  ids, and those can name nothing but their own keys: no `:`, `*`, `/`, spaces or line breaks. */
const messageId = (id: string) => checked(id, isFhirId, "message id");
const gln = (value: string) => checked(value, isGln, "GLN");
const uuid = (value: string) => checked(value, isMessageId, "UUID");
const oioId = (value: string) => checked(value, isOioId, "OIOXML id");

export function keysFor(prefix: string) {
  return {
    prefix,
    record: (id: string) => `${prefix}:msg:${messageId(id)}`,
    content: (id: string) => `${prefix}:msg:${messageId(id)}:content`,
    events: (id: string) => `${prefix}:msg:${messageId(id)}:events`,
    /** An idempotency key in a scope (a client's Idempotency-Key; "the acknowledgement of message X") →
     *  "<message id> <fingerprint>". */
    idempotency: (scope: string, key: string) =>
      `${prefix}:idem:${checked(scope, (s) => PRINTABLE.test(s), "idempotency scope")}:${checked(key, (k) => PRINTABLE.test(k), "idempotency key")}`,
    /** Every message by acceptance time: the administrators' search walks it newest first. */
    messages: `${prefix}:messages`,
    /** New letters by acceptance time, for reply statistics. */
    letters: `${prefix}:letters`,
    /** CareCommunications delivered and not yet answered, by their first delivery time (overdue acknowledgements). */
    awaitingAck: `${prefix}:acks:awaiting`,
    /** Acknowledgements whose message the gateway does not know: kept and reported, not dropped. */
    unmatchedAcks: `${prefix}:acks:unmatched`,
    /** Messages of one conversation (Communication.identifier), scored by acceptance time. */
    thread: (thread: string) => `${prefix}:thread:${checked(thread, isThreadId, "thread id")}`,
    /** Messages per status, scored by the time they entered it. `accepted` doubles as the transactional outbox:
     *  messages stored but not yet handed to the delivery queue. */
    status: (status: string) => `${prefix}:status:${checked(status, (s) => WORD.test(s), "status")}`,
    /** Messages delivered to a location's mailbox, and the subset its system has not acknowledged yet. */
    mailbox: (location: string) => `${prefix}:mailbox:${gln(location)}`,
    mailboxNew: (location: string) => `${prefix}:mailbox:${gln(location)}:new`,
    /** A receiving location's circuit breaker (issue 12, point 4), shared by every worker, and the delivery jobs
     *  waiting for it, scored by the letter's acceptance time so the backlog flows in that order. */
    breaker: (location: string) => `${prefix}:breaker:${gln(location)}`,
    breakerWaiting: (location: string) => `${prefix}:breaker:${gln(location)}:waiting`,
    /** Deliveries to a location running now, each with the end of its lease (fairness: a per-location limit). */
    breakerInFlight: (location: string) => `${prefix}:breaker:${gln(location)}:inflight`,
    /** Deliveries waiting for one of those slots, by acceptance time: a slot that frees wakes the oldest. */
    breakerBusy: (location: string) => `${prefix}:breaker:${gln(location)}:busy`,
    /** Outbox entries the dispatcher could not hand over, parked with their reason (issue 11, point 10). */
    outboxParked: `${prefix}:outbox:parked`,
    /** Audit entries written with the step they record and not yet on the keyed chain (issue 12, point 1): a hash
     *  "<action>:<message id>" → entry, and the same fields scored by the time they were written. */
    auditPending: `${prefix}:audit:pending`,
    auditPendingAt: `${prefix}:audit:pending:at`,
    /** The legacy id table (issue 15, LEGACY.md §6.2): a message's OIOXML documents (JSON), and a legacy party's
     *  letter id → the message id. */
    legacyMessage: (id: string) => `${prefix}:legacy:msg:${uuid(id)}`,
    legacyLetter: (party: string, letter: string) => `${prefix}:legacy:letter:${gln(party)}:${oioId(letter)}`,
    /** An XDIS91 or XBIN01 waiting for its partner (hash: sealed parts and the claim), and every waiting pair scored
     *  by the time to look at it next (its 60 minutes are up, or its claim lapses). */
    legacyPair: (sender: string, object: string) => `${prefix}:legacy:pair:${gln(sender)}:${uuid(object)}`,
    legacyPairsDue: `${prefix}:legacy:pairs:due`,
    /** The first XCTL receipts of a message waiting for the other one: letter id → sealed receipt, and their order. */
    legacyReceipts: (id: string) => `${prefix}:legacy:receipts:${uuid(id)}`,
    legacyReceiptOrder: (id: string) => `${prefix}:legacy:receipts:${uuid(id)}:order`,
    /** VANS envelopes (issue 16; LEGACY.md §5.2), kept for the retention period: one the gateway sent (JSON: the
     *  message it carried), and as a receiver an EnvelopeIdentifier → its MessageIdentifier and a MessageIdentifier →
     *  its first envelope and the receipt answered (JSON). UUIDs of either case, stored lower-case (§5.1). */
    vansSent: (envelope: string) => `${prefix}:vans:sent:${uuid(envelope.toLowerCase())}`,
    vansReceivedEnvelope: (envelope: string) => `${prefix}:vans:in:env:${uuid(envelope.toLowerCase())}`,
    vansReceivedMessage: (message: string) => `${prefix}:vans:in:msg:${uuid(message.toLowerCase())}`,
    /** A large attachment's bytes (issue 17, point 1; blob-store.ts): one hash, its sealed chunks (just under 1 MiB) under fields
     *  "0", "1", … and, once complete, its chunk count, size and sealed summary. */
    blob: (id: string) => `${prefix}:blob:${uuid(id)}`,
    /** A large sealed content written just ahead of the accept script that renames it onto its message's content key
     *  (scripts.ts, ACCEPT), under a random UUID of its own: never under `msg:`, where the key-rotation scan reads
     *  every key as a message's. */
    stagedContent: (nonce: string) => `${prefix}:staged:${uuid(nonce)}`,
    /** An administrator's signed-in session, by the SHA-256 of its cookie value. */
    session: (hash: string) => `${prefix}:session:${checked(hash, (h) => HEX_DIGEST.test(h), "session hash")}`,
  };
}
