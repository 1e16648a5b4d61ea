// Redis key names, all under one prefix with a hash tag ("{mg}") so that every key of a gateway lands in the same
// Redis Cluster slot and the Lua scripts that touch several keys at once stay legal there.

export const DEFAULT_KEY_PREFIX = "{mg}";

export type Keys = ReturnType<typeof keysFor>;

export function keysFor(prefix: string) {
  return {
    prefix,
    record: (id: string) => `${prefix}:msg:${id}`,
    content: (id: string) => `${prefix}:msg:${id}:content`,
    events: (id: string) => `${prefix}:msg:${id}:events`,
    /** An idempotency key in a scope (a client's Idempotency-Key; "the acknowledgement of message X") →
     *  "<message id> <fingerprint>". */
    idempotency: (scope: string, key: string) => `${prefix}:idem:${scope}:${key}`,
    /** Every message by acceptance time: the administrators' search walks it newest first. */
    messages: `${prefix}:messages`,
    /** New letters by acceptance time, for reply statistics. */
    letters: `${prefix}:letters`,
    /** CareCommunications delivered and not yet answered, by their first delivery time (overdue acknowledgements). */
    awaitingAck: `${prefix}:acks:awaiting`,
    /** Acknowledgements whose message the gateway does not know: kept and reported, not dropped. */
    unmatchedAcks: `${prefix}:acks:unmatched`,
    /** Messages of one conversation (Communication.identifier), scored by acceptance time. */
    thread: (thread: string) => `${prefix}:thread:${thread}`,
    /** Messages per status, scored by the time they entered it. `accepted` doubles as the transactional outbox:
     *  messages stored but not yet handed to the delivery queue. */
    status: (status: string) => `${prefix}:status:${status}`,
    /** Messages delivered to a location's mailbox, and the subset its system has not acknowledged yet. */
    mailbox: (gln: string) => `${prefix}:mailbox:${gln}`,
    mailboxNew: (gln: string) => `${prefix}:mailbox:${gln}:new`,
    /** Outbox entries the dispatcher could not hand over, parked with their reason (issue 11, point 10). */
    outboxParked: `${prefix}:outbox:parked`,
    /** An administrator's signed-in session, by the SHA-256 of its cookie value. */
    session: (hash: string) => `${prefix}:session:${hash}`,
  };
}
