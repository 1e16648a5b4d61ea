// The envelope a payload travels in on VANS (LEGACY.md §5.2; DOMAIN.md §4.2): Format, Name, Version and ServiceTags
// per payload, a new EnvelopeIdentifier for every send (DOMAIN.md §2.4, §4.1), MessageIdentifier = the gateway's id of
// the message (a lower-case UUID), SenderID/ReceiverID = the GLNs (EndPointType EAN), Transport reliable (§5.2: FHIR
// SHALL be reliable), SizeInBytes = the payload document's size before base64.
import { randomUUID } from "node:crypto";
import { isGln, isMessageId } from "../ids.js";
import type { AcknowledgementCode } from "../kinds.js";
import { VERSION_CODES } from "../oioxml/codes.js";
import { dataFromBytes } from "./data.js";
import { type DocumentFormat, VANS_MAX_BYTES, type VansMessageEnvelope, type VansServiceTag } from "./model.js";
import { vansSentDateTime } from "./sent-time.js";

export type FhirMime = "application/fhir+xml" | "application/fhir+json";
export type OioxmlType = keyof typeof VERSION_CODES;

export type VansPayload =
  /** `category` = Communication.category's code, the Name's postfix (e.g. examination-results). */
  | { kind: "care-communication"; messageId: string; category: string; mime: FhirMime; bytes: Uint8Array }
  | { kind: "acknowledgement"; messageId: string; code: AcknowledgementCode; mime: FhirMime; bytes: Uint8Array }
  | { kind: "oioxml"; type: OioxmlType; messageId: string; bytes: Uint8Array };

export interface EnvelopeOptions {
  sender: string;
  receiver: string;
  /** The send time (ms since the epoch); now when absent. */
  now?: number;
  /** A given EnvelopeIdentifier (tests); a new UUID when absent, as every send needs. */
  envelopeIdentifier?: string;
  /**
   * Transport/TransformMessage; false unless asked. [UNCONFIRMED] whether a VANS provider converts on this flag
   * (LEGACY.md §1, §6.1 put conversion on the receiver's VANS provider by its registration, not by a flag).
   */
  transformMessage?: boolean;
}

/** CareCommunication 5.0 (§5.2: "5.0", the MessageDefinition's version). */
export const CARE_COMMUNICATION_VERSION = "5.0";
/**
 * Acknowledgement: MedCom's envelope page says "2.0.0", the MessageDefinition "2.0" (LEGACY.md §5.2 [DISCREPANCY]).
 * Decision: "2.0", derived as DOMAIN.md §4.3 says (the part after `|` of MessageHeader.definition) and consistent
 * with CareCommunication's "5.0" from the same derivation. A reader accepts either (no value is checked on input).
 */
export const ACKNOWLEDGEMENT_VERSION = "2.0";

/**
 * XDIS91 / XBIN01 / XCTL0n: [UNCONFIRMED — LEGACY.md §5.2, §10.7] Name `MCM:` + the type number, Version = the
 * VersionCode, extrapolated from MedCom's one OIOXML envelope (XDIS22); confirm with the VANS provider. No ServiceTag:
 * MCM:MIME is for FHIR, and the XDIS22 example's MCM:STATISTIC=manual is not known to apply.
 */
export const OIOXML_NAMES: Readonly<Record<OioxmlType, string>> = {
  xdis91: "MCM:XDIS91",
  xbin01: "MCM:XBIN01",
  xctl01: "MCM:XCTL01",
  xctl02: "MCM:XCTL02",
  xctl03: "MCM:XCTL03",
};

/** A category code in the Name: the statistical codes are lower-case words joined by hyphens (DOMAIN.md §4.2). */
const isCategory = (c: string): boolean => {
  if (c.length === 0 || c.length > 100) return false;
  for (let i = 0; i < c.length; i++) {
    const x = c.charCodeAt(i);
    if (!((x >= 0x61 && x <= 0x7a) || (x >= 0x30 && x <= 0x39) || x === 0x2d)) return false;
  }
  return true;
};

/** Format, Name, Version and ServiceTags of a payload (LEGACY.md §5.2). */
export function documentFor(payload: VansPayload): {
  format: DocumentFormat;
  name: string;
  version: string;
  serviceTags: VansServiceTag[];
} {
  switch (payload.kind) {
    case "care-communication":
      if (!isCategory(payload.category))
        throw new RangeError(`Not a CareCommunication category code: ${JSON.stringify(payload.category.slice(0, 40))}`);
      return {
        format: "HL7",
        name: `MCM:FDIS91#${payload.category}`,
        version: CARE_COMMUNICATION_VERSION,
        serviceTags: [{ name: "MCM:MIME", value: payload.mime }],
      };
    case "acknowledgement":
      return {
        format: "HL7",
        name: `MCM:FCTL#${payload.code}`,
        version: ACKNOWLEDGEMENT_VERSION,
        serviceTags: [{ name: "MCM:MIME", value: payload.mime }],
      };
    case "oioxml":
      return { format: "XML", name: OIOXML_NAMES[payload.type], version: VERSION_CODES[payload.type], serviceTags: [] };
  }
}

/** Room the envelope's XML takes around Data, generously (the elements above are well under 2 KiB). */
const ENVELOPE_OVERHEAD = 4096;

/**
 * Whether a payload of `size` bytes fits in one envelope: ≤100 MB including the envelope (DOMAIN.md §1.12; the sender
 * must block the message and tell the user), base64 making 4 characters of every 3 bytes.
 */
export const fitsVans = (size: number): boolean => Math.ceil(size / 3) * 4 + ENVELOPE_OVERHEAD <= VANS_MAX_BYTES;

/** The envelope for one send of `payload` (one message per envelope, DOMAIN.md §1.12). */
export function envelopeFor(payload: VansPayload, options: EnvelopeOptions): VansMessageEnvelope {
  if (!isMessageId(payload.messageId))
    throw new RangeError("MessageIdentifier: the message's id must be a lower-case UUID (LEGACY.md §5.1 UUIDType).");
  if (!isGln(options.sender) || !isGln(options.receiver))
    throw new RangeError("SenderID and ReceiverID must be GLNs (13 digits, EndPointType EAN).");
  const size = payload.bytes.byteLength;
  if (!fitsVans(size))
    throw new RangeError("The payload with its envelope would exceed MedCom's 100 MB (DOMAIN.md §1.12).");
  const { format, name, version, serviceTags } = documentFor(payload);
  return {
    kind: "message",
    sender: { id: options.sender, type: "EAN" },
    receiver: { id: options.receiver, type: "EAN" },
    envelopeIdentifier: options.envelopeIdentifier ?? randomUUID(),
    sentDateTime: vansSentDateTime(options.now ?? Date.now()),
    meta: {
      identifier: payload.messageId,
      document: { format, name, version, sizeInBytes: size },
      transport: { type: "reliable", transformMessage: options.transformMessage ?? false, serviceTags },
    },
    data: dataFromBytes(payload.bytes),
  };
}
