// VANS-level envelope receipts answering a received envelope (LEGACY.md §5.1 Receipt; DOMAIN.md §3.5: these are not
// the MedCom Acknowledgement). The receipt goes back to the envelope's sender: SenderID = the original ReceiverID,
// ReceiverID = the original SenderID [INFERENCE: MedCom's diagrams show no addresses for receipts]; a new
// EnvelopeIdentifier; OriginalEnvelopeIdentifier and OriginalMessage (= the MetaInformation) quote the envelope.
import { randomUUID } from "node:crypto";
import { characterCount } from "../oioxml/schema.js";
import type {
  VansEndPoint,
  VansError,
  VansMessageEnvelope,
  VansMetaInformation,
  VansReceipt,
  VansReceiptEnvelope,
} from "./model.js";
import { vansSentDateTime } from "./sent-time.js";

export interface ReceiptOptions {
  now?: number;
  envelopeIdentifier?: string;
}

/** What a NegativeVans can quote of an envelope that may not have been read in full (OriginalMessage is optional). */
export interface AnsweredEnvelope {
  sender: VansEndPoint;
  receiver: VansEndPoint;
  envelopeIdentifier: string;
  meta?: VansMetaInformation;
}

/** PositiveMessage: the envelope was received and its message taken over. */
export function positiveEnvelopeReceipt(original: VansMessageEnvelope, o: ReceiptOptions = {}): VansReceiptEnvelope {
  return answer(original, o, {
    kind: "positive-message",
    originalEnvelopeIdentifier: original.envelopeIdentifier,
    originalMessage: original.meta,
  });
}

/** NegativeMessage: the receiver refuses the message (e.g. an EnvelopeIdentifier reused with a new message, §5.2). */
export function negativeEnvelopeReceipt(
  original: VansMessageEnvelope,
  error: VansError,
  o: ReceiptOptions = {},
): VansReceiptEnvelope {
  return answer(original, o, {
    kind: "negative-message",
    error: bounded(error),
    originalEnvelopeIdentifier: original.envelopeIdentifier,
    originalMessage: original.meta,
  });
}

/**
 * NegativeVans: issued by the network (a VANS provider, or the gateway's simulated one) for an envelope it cannot
 * deliver or read; `o.sender` names the issuer (default: the envelope's receiver, as for the other receipts).
 */
export function negativeVansReceipt(
  original: AnsweredEnvelope,
  error: VansError,
  o: ReceiptOptions & { sender?: VansEndPoint } = {},
): VansReceiptEnvelope {
  const receipt: VansReceipt = {
    kind: "negative-vans",
    error: bounded(error),
    originalEnvelopeIdentifier: original.envelopeIdentifier,
    ...(original.meta ? { originalMessage: original.meta } : {}),
  };
  const answered = answer(original, o, receipt);
  return o.sender ? { ...answered, sender: o.sender } : answered;
}

function answer(
  original: { sender: VansEndPoint; receiver: VansEndPoint },
  o: ReceiptOptions,
  receipt: VansReceipt,
): VansReceiptEnvelope {
  return {
    kind: "receipt",
    sender: original.receiver,
    receiver: original.sender,
    envelopeIdentifier: o.envelopeIdentifier ?? randomUUID(),
    sentDateTime: vansSentDateTime(o.now ?? Date.now()),
    receipt,
  };
}

const MAX_DESCRIPTION = 512;

/** Error/Description is 1..512 characters: a longer reason is cut (with "…"), an empty one is a programming error. */
function bounded(error: VansError): VansError {
  if (error.description.length === 0)
    throw new RangeError("A VANS receipt's Error/Description needs 1..512 characters.");
  if (error.code !== undefined && (!Number.isSafeInteger(error.code) || error.code < 1))
    throw new RangeError("A VANS receipt's Error/Code is a positive integer.");
  if (characterCount(error.description) <= MAX_DESCRIPTION) return error;
  const cut = [...error.description].slice(0, MAX_DESCRIPTION - 1).join("") + "…";
  return { ...error, description: cut };
}
