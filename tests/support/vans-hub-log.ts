// What the simulated VANS hub (vans-hub.ts) logs of each envelope it handles: identifiers, parties, the document's
// name or the receipt; never the payload.
import type { VansEndPoint, VansEnvelope, VansError } from "../../src/medcom/vans/index.js";

export type HubAction = "forwarded" | "refused" | "rewritten" | "redelivered" | "injected" | "unreadable" | "dropped";

/** One thing the hub did with one envelope. */
export interface HubRecord {
  seq: number;
  action: HubAction;
  /** The mailbox the envelope came from (undefined for one the test injected). */
  from?: string;
  /** The mailbox it was put in (undefined when refused, dropped or unreadable). */
  to?: string;
  kind: "message" | "receipt" | "unreadable";
  envelopeIdentifier?: string;
  sender?: VansEndPoint;
  receiver?: VansEndPoint;
  /** Message envelopes: MetaInformation/Identifier and Document/Name. */
  messageIdentifier?: string;
  document?: string;
  /** Receipt envelopes: which receipt, for which envelope, and why (negative ones). */
  receipt?: { kind: string; originalEnvelopeIdentifier: string; originalMessageIdentifier?: string; error?: VansError };
  /** The file name the envelope was put in the inbox under. */
  file?: string;
}

/** The log's view of an envelope: identifiers, parties, document name or receipt; never the payload. */
export function describe(envelope: VansEnvelope): Omit<HubRecord, "seq" | "action"> {
  const head = {
    envelopeIdentifier: envelope.envelopeIdentifier,
    sender: envelope.sender,
    receiver: envelope.receiver,
  };
  if (envelope.kind === "message")
    return {
      kind: "message",
      ...head,
      messageIdentifier: envelope.meta.identifier,
      document: envelope.meta.document.name,
    };
  const r = envelope.receipt;
  return {
    kind: "receipt",
    ...head,
    receipt: {
      kind: r.kind,
      originalEnvelopeIdentifier: r.originalEnvelopeIdentifier,
      ...(r.originalMessage ? { originalMessageIdentifier: r.originalMessage.identifier } : {}),
      ...("error" in r ? { error: r.error } : {}),
    },
  };
}
