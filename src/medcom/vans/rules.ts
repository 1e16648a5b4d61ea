// The receiver's reliable-messaging rules on the envelope (LEGACY.md §5.2, from MedCom's 032 Reliable Messaging
// VANSEnvelope page; DOMAIN.md §4.2): the receiver caches (EnvelopeIdentifier, MessageIdentifier) and decides on each
// incoming envelope from what it has seen. A pure function: the cache and the sending belong to the adapter.

/** What the receiver's cache knows about an incoming envelope's two identifiers. */
export interface VansSeen<R = unknown> {
  /** The envelope with this EnvelopeIdentifier seen before: the MessageIdentifier it carried. */
  byEnvelope?: { messageIdentifier: string };
  /** The message with this MessageIdentifier seen before: its first envelope and the envelope receipt answered. */
  byMessage?: { envelopeIdentifier: string; receipt?: R };
}

export type VansAction = "process" | "resend-original-receipt" | "refuse" | "reprocess-or-ignore";

export interface VansDecision<R = unknown> {
  action: VansAction;
  /** The rule applied, cited. */
  rule: string;
  /** The receipt sent for the first copy: a duplicate is answered exactly as the first (never positive then negative). */
  originalReceipt?: R;
}

const RULE = "LEGACY.md §5.2 (MedCom 032 Reliable Messaging VANSEnvelope)";

/** UUIDs compare without regard to case (the schema allows both, LEGACY.md §5.1). */
const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export function decideEnvelope<R>(
  incoming: { envelopeIdentifier: string; messageIdentifier: string },
  seen: VansSeen<R>,
): VansDecision<R> {
  const original = seen.byMessage?.receipt;
  const withReceipt = (d: VansDecision<R>): VansDecision<R> =>
    original === undefined ? d : { ...d, originalReceipt: original };
  if (seen.byEnvelope !== undefined && !same(seen.byEnvelope.messageIdentifier, incoming.messageIdentifier))
    return {
      action: "refuse",
      rule: `${RULE}: an EnvelopeIdentifier reused with a new MessageIdentifier is an error (a negative envelope receipt may be returned)`,
    };
  if (seen.byEnvelope !== undefined)
    return withReceipt({
      action: "reprocess-or-ignore",
      rule: `${RULE}: EnvelopeIdentifier and MessageIdentifier both seen: reprocess or reject, answered as the first copy`,
    });
  if (seen.byMessage !== undefined)
    return withReceipt({
      action: "resend-original-receipt",
      rule: `${RULE}: MessageIdentifier seen with a new EnvelopeIdentifier: resend the original envelope receipt`,
    });
  return { action: "process", rule: `${RULE}: EnvelopeIdentifier and MessageIdentifier both new: process` };
}
