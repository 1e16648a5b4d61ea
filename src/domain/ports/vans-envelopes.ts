// What the VANS adapter remembers of envelopes (issue 16; LEGACY.md §5.2): as a receiver, the (EnvelopeIdentifier,
// MessageIdentifier) pairs it has seen and the envelope receipt it answered each with, so a duplicate is answered
// exactly as the first; as a sender, which message each EnvelopeIdentifier it sent carried, so an envelope receipt
// finds its message. Kept for the retention period.

/** The envelope receipt answered to an incoming envelope, as the adapter needs to send it again. */
export interface VansAnsweredReceipt {
  kind: "positive" | "negative";
  /** For a negative receipt: MedCom's error text (never patient data). */
  error?: { code?: number; description: string };
}

export interface VansReceivedEnvelopes {
  /** What is known of the two identifiers (the input of decideEnvelope, src/medcom/vans/rules.ts). */
  seen(
    envelopeIdentifier: string,
    messageIdentifier: string,
  ): Promise<{
    byEnvelope?: { messageIdentifier: string };
    byMessage?: { envelopeIdentifier: string; receipt?: VansAnsweredReceipt };
  }>;
  /** Remember an envelope and, once answered, its receipt (first write of each identifier wins). */
  remember(envelopeIdentifier: string, messageIdentifier: string, receipt: VansAnsweredReceipt): Promise<void>;
}

export interface VansSentEnvelope {
  envelopeIdentifier: string;
  /** The gateway message (MessageHeader.id) the envelope carried. */
  messageId: string;
  /** The envelope's MessageIdentifier. */
  messageIdentifier: string;
  receiver: string;
}

export interface VansSentEnvelopes {
  record(sent: VansSentEnvelope): Promise<void>;
  byEnvelope(envelopeIdentifier: string): Promise<VansSentEnvelope | undefined>;
}
