// MedCom's VANSEnvelope 1.0.4 as the gateway holds it (LEGACY.md §5.1; DOMAIN.md §4.1): the transport envelope of the
// VANS network around one payload (a FHIR message or an OIOXML Emessage), or a VANS-level envelope receipt. The names
// follow the schema's elements; values are kept as written (trimmed where the type collapses white space).

export const VANS_NAMESPACE = "urn:oio:medcom:vans-envelope:1.0.4";

/** ≤100 MB including the envelope (DOMAIN.md §1.12, MedCom's 030 governance §3): larger input is never parsed. */
export const VANS_MAX_BYTES = 100 * 1024 * 1024;

export const END_POINT_TYPES = ["EAN", "CVR", "VANS"] as const;
export type EndPointType = (typeof END_POINT_TYPES)[number];

/** SenderID / ReceiverID: token 1..18 with @EndPointType (EAN = a GLN, the routing key). */
export interface VansEndPoint {
  id: string;
  type: EndPointType;
}

export const DOCUMENT_FORMATS = ["XML", "EDIFACT", "HL7", "Binary", "Other"] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export const TRANSPORT_TYPES = ["reliable", "unreliable"] as const;
export type TransportType = (typeof TRANSPORT_TYPES)[number];

export interface VansServiceTag {
  name: string;
  value: string;
}

/** Message/MetaInformation, and a receipt's OriginalMessage (the same type). */
export interface VansMetaInformation {
  /** The "MessageIdentifier" (UUIDType). */
  identifier: string;
  processing?: { providerIdentifier: string; serviceIdentifier: string };
  document: { format: DocumentFormat; name: string; version?: string; sizeInBytes: number };
  /** Absent Type means reliable (LEGACY.md §5.1); FHIR must be reliable (§5.2). At most 5 ServiceTags. */
  transport?: { type?: TransportType; transformMessage: boolean; serviceTags: VansServiceTag[] };
}

/**
 * Message/Data (xs:base64Binary), decoded only when asked: a message may be 100 MB, so the envelope holds the base64
 * text once (as read) or the bytes once (as written) and makes the other form on each call without keeping it.
 */
export interface VansData {
  /** The base64 text (white space as read; none when made from bytes). */
  base64(): string;
  /** The decoded payload (a new buffer on each call from read data). */
  bytes(): Uint8Array;
}

export interface VansError {
  /** xs:positiveInteger, optional. */
  code?: number;
  /** 1..512 characters. */
  description: string;
}

/** Receipt's choice (LEGACY.md §5.1): VANS-level envelope receipts, not the MedCom Acknowledgement. */
export type VansReceipt =
  | {
      kind: "negative-vans";
      error: VansError;
      originalEnvelopeIdentifier: string;
      originalMessage?: VansMetaInformation;
    }
  | {
      kind: "negative-message";
      error: VansError;
      originalEnvelopeIdentifier: string;
      originalMessage: VansMetaInformation;
    }
  | { kind: "positive-message"; originalEnvelopeIdentifier: string; originalMessage: VansMetaInformation };

interface VansHead {
  sender: VansEndPoint;
  receiver: VansEndPoint;
  /** UUIDType, new for every transmission (DOMAIN.md §4.1). */
  envelopeIdentifier: string;
  /** xs:dateTime as written (MedCom's example: local time without offset). */
  sentDateTime: string;
}

export interface VansMessageEnvelope extends VansHead {
  kind: "message";
  meta: VansMetaInformation;
  data: VansData;
}

export interface VansReceiptEnvelope extends VansHead {
  kind: "receipt";
  receipt: VansReceipt;
}

export type VansEnvelope = VansMessageEnvelope | VansReceiptEnvelope;
