// `vans`: a remote location reached through the national VANS network (issue 16). Each document of a delivery travels
// in its own VANSEnvelope (one message per envelope, DOMAIN.md §1.12; LEGACY.md §5.2): SenderID/ReceiverID the GLNs
// (EndPointType EAN), a new random EnvelopeIdentifier for every send, MessageIdentifier the FHIR MessageHeader.id
// (stable across re-sends, so the receiver's cache sees a duplicate as one) or, for an OIOXML document, a UUID made
// from (MessageHeader.id, the document's label), stable the same way. The envelope is put in the VANS outbox as
// `<EnvelopeIdentifier>.xml`, after the envelope is recorded (VansSentEnvelopes), so its receipt always finds its
// message, even when the receipt comes back before this call returns.
//
// "delivered" here means handed to the network, not received: the receiver's envelope receipt and Acknowledgement
// come back through the inbox (vans-in). A connection that cannot be used is "retry", so the location's circuit
// breaker applies (issue 12, point 4); every attempt sends new envelopes with the same MessageIdentifiers.
import { createHash } from "node:crypto";
import { isGln, isMessageId } from "../../src/medcom/ids.js";
import { describeMessage } from "../../src/medcom/readers/message.js";
import { readFhir } from "../../src/medcom/fhir/index.js";
import type { Bundle } from "../../src/medcom/model/index.js";
import { VERSION_CODES } from "../../src/medcom/oioxml/codes.js";
import {
  envelopeFor,
  fitsVans,
  writeVansEnvelope,
  writeVansEnvelopeStream,
  type OioxmlType,
  type VansMessageEnvelope,
  type VansPayload,
} from "../../src/medcom/vans/index.js";
import type { VansSentEnvelopes } from "../../src/domain/ports/vans-envelopes.js";
import {
  ContentGoneError,
  DocumentsRefused,
  documentLabels,
  type DeliveryAdapter,
  type DeliveryDocument,
} from "../types.js";
import { VansUnreachable, type VansTransport } from "./transport.js";

export interface VansAdapterDeps {
  /** The gateway's one VANS connection, shared by every remote location. */
  transport: VansTransport;
  sent: VansSentEnvelopes;
  /** The send time (ms); the clock in tests. */
  now?: () => number;
  /** A new EnvelopeIdentifier (tests); a random UUID otherwise. */
  newEnvelopeId?: () => string;
}

const XCTL_TYPES = ["xctl01", "xctl02", "xctl03"] as const satisfies readonly OioxmlType[];

/** The outcome of the documents themselves: no attempt would get past it. */
class NotSendable extends Error {}

/** A fixed namespace for the OIOXML documents' MessageIdentifiers (RFC 9562 §5.5, name-based with SHA-1). */
const OIOXML_NAMESPACE = Buffer.from("6f1c3a9e4b2d4e8f9a7c0d1e2f3a4b5c", "hex");

/** The MessageIdentifier of one OIOXML document of a message: the same for every send of it (a UUID version 5). */
export function oioxmlMessageIdentifier(messageId: string, label: string): string {
  const hash = createHash("sha1").update(OIOXML_NAMESPACE).update(`${messageId}/${label}`, "utf8").digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The envelope payload of one document: what it is (read from the FHIR document itself) and its identifier. */
function payloadFor(document: DeliveryDocument, messageId: string, label: string): VansPayload {
  // A streamed document (issue 17) is described by its text with the tokens; its bytes go out by envelopeBody.
  const bytes = document.stream ? document.withTokens : document.bytes;
  if (document.part !== "fhir") {
    const type: OioxmlType = document.part === "xctl" ? xctlType(bytes) : document.part;
    return { kind: "oioxml", type, messageId: oioxmlMessageIdentifier(messageId, label), bytes };
  }
  if (document.mediaType === "application/xml") throw new NotSendable("a FHIR document without a FHIR media type");
  const mime = document.mediaType;
  const read = readFhir(bytes, mime === "application/fhir+json" ? "json" : "xml");
  if (!read.ok || read.value.resourceType !== "Bundle") throw new NotSendable("the FHIR document cannot be read");
  const described = describeMessage(read.value as Bundle);
  if (described.kind === "acknowledgement") {
    const code = described.response?.code;
    if (code === undefined) throw new NotSendable("the Acknowledgement has no response code");
    return { kind: "acknowledgement", messageId, code, mime, bytes };
  }
  const category = described.category;
  if (category === undefined) throw new NotSendable("the CareCommunication has no category code");
  return { kind: "care-communication", messageId, category, mime, bytes };
}

/**
 * The envelope file of one document: written whole as before, or, for a streamed document (issue 17), as a stream
 * (the envelope's head, the base64 of the document a piece at a time, its tail), with SizeInBytes and the 100 MB
 * limit taken from the streamed document's length rather than from the text the envelope was described by.
 */
function envelopeBody(
  envelope: VansMessageEnvelope,
  document: DeliveryDocument,
): Uint8Array | AsyncIterable<Uint8Array> {
  if (!document.stream) return writeVansEnvelope(envelope);
  const size = document.stream.byteLength;
  if (!fitsVans(size))
    throw new RangeError("The payload with its envelope would exceed MedCom's 100 MB (DOMAIN.md §1.12).");
  const sized: VansMessageEnvelope = {
    ...envelope,
    meta: { ...envelope.meta, document: { ...envelope.meta.document, sizeInBytes: size } },
  };
  return writeVansEnvelopeStream(sized, document.stream).open();
}

/** XCTL01/02/03 by the VersionCode the converter wrote into the receipt (XC0130Q, XC0230Q, XC0330Q). */
function xctlType(bytes: Uint8Array): OioxmlType {
  const text = Buffer.from(bytes).toString("latin1");
  const found = XCTL_TYPES.filter((type) => text.includes(`>${VERSION_CODES[type]}<`));
  if (found.length !== 1 || found[0] === undefined) throw new NotSendable("an XCTL document of no single known type");
  return found[0];
}

export function vansAdapter(deps: VansAdapterDeps): DeliveryAdapter {
  const now = deps.now ?? Date.now;
  return {
    name: "vans",
    async deliver({ messageId, sender, receiver, documents }) {
      // Defence in depth: every id is checked where it comes in; an envelope is never built from unchecked text.
      if (!isMessageId(messageId) || !isGln(sender.gln) || !isGln(receiver.gln))
        return { outcome: "rejected", reason: "the message id or a GLN is malformed, so no envelope is made" };
      try {
        const docs = await documents();
        const labels = documentLabels(docs);
        const envelopes = docs.map((d, i) => {
          const payload = payloadFor(d, messageId, labels[i] ?? d.part);
          const envelope = envelopeFor(payload, {
            sender: sender.gln,
            receiver: receiver.gln,
            now: now(),
            ...(deps.newEnvelopeId ? { envelopeIdentifier: deps.newEnvelopeId() } : {}),
          });
          return { envelope, body: envelopeBody(envelope, d) };
        });
        for (const { envelope, body } of envelopes) {
          await deps.sent.record({
            envelopeIdentifier: envelope.envelopeIdentifier,
            messageId,
            messageIdentifier: envelope.meta.identifier,
            receiver: receiver.gln,
          });
          await deps.transport.put(`${envelope.envelopeIdentifier}.xml`, body);
        }
        return { outcome: "delivered", detail: "handed to VANS" };
      } catch (err) {
        if (err instanceof ContentGoneError || err instanceof DocumentsRefused) throw err;
        // What no attempt gets past: the documents cannot be put in an envelope (too large, unreadable).
        if (err instanceof NotSendable || err instanceof RangeError)
          return { outcome: "rejected", reason: `cannot be sent through VANS: ${err.message}` };
        if (err instanceof VansUnreachable) return { outcome: "retry", reason: `VANS: ${err.message}` };
        // Redis away while recording, an I/O error: a later attempt may pass.
        return { outcome: "retry", reason: `VANS: the envelope could not be handed over (${errorName(err)})` };
      }
    },
  };
}

const errorName = (err: unknown): string =>
  (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.name : "unknown error");
