// Writing a VANSEnvelope 1.0.4 (LEGACY.md §5.1) with xmlbuilder2: UTF-8, the default namespace, the schema's element
// order, indented. Data is not passed through the builder: the document is built around a marker and the base64 text
// is written straight into the output buffer, so a 100 MB payload exists as its bytes, its base64 text and the output
// only (no XML string of the whole message).
import { create } from "xmlbuilder2";
import type { XMLBuilder } from "xmlbuilder2/lib/interfaces.js";
import { forBuilder } from "../oioxml/write.js";
import { base64Chunks, base64LengthOf } from "../../util/base64-stream.js";
import { base64Length } from "./types.js";
import {
  VANS_NAMESPACE,
  type VansEndPoint,
  type VansEnvelope,
  type VansMessageEnvelope,
  type VansMetaInformation,
  type VansReceipt,
} from "./model.js";

const DATA_MARKER = "<Data>0</Data>";

export function writeVansEnvelope(envelope: VansEnvelope): Uint8Array {
  const root = create({ version: "1.0", encoding: "UTF-8" }).ele(VANS_NAMESPACE, "VANSEnvelope");
  endPoint(root, "SenderID", envelope.sender);
  endPoint(root, "ReceiverID", envelope.receiver);
  value(root, "EnvelopeIdentifier", envelope.envelopeIdentifier);
  value(root, "SentDateTime", envelope.sentDateTime);
  if (envelope.kind === "receipt") {
    receipt(root.ele("Receipt"), envelope.receipt);
    return Buffer.from(root.end({ prettyPrint: true }), "utf8");
  }
  const { head, tail } = aroundData(root, envelope);
  const base64 = envelope.data.base64();
  // VansData is an open interface: text that is not base64 (markup, non-ASCII) would break the document. One scan.
  if (base64Length(base64) === undefined) throw new RangeError("writeVansEnvelope: Data is not base64");
  const out = Buffer.allocUnsafe(head.length + base64.length + tail.length);
  head.copy(out, 0);
  // base64 is ASCII: one byte a character, written without an intermediate buffer.
  out.write(base64, head.length, "latin1");
  tail.copy(out, head.length + base64.length);
  return out;
}

/**
 * A message envelope whose payload is a stream (issue 17: a letter with a detached attachment): the envelope's XML up
 * to <Data>, the base64 of the payload's bytes a piece at a time, and the rest. Byte for byte what writeVansEnvelope
 * writes for the same payload held whole; `envelope.data` is not read (the payload is `payload`).
 */
export function writeVansEnvelopeStream(
  envelope: VansMessageEnvelope,
  payload: { byteLength: number; open(): AsyncIterable<Uint8Array> },
): { byteLength: number; open(): AsyncIterable<Uint8Array> } {
  const root = create({ version: "1.0", encoding: "UTF-8" }).ele(VANS_NAMESPACE, "VANSEnvelope");
  endPoint(root, "SenderID", envelope.sender);
  endPoint(root, "ReceiverID", envelope.receiver);
  value(root, "EnvelopeIdentifier", envelope.envelopeIdentifier);
  value(root, "SentDateTime", envelope.sentDateTime);
  const { head, tail } = aroundData(root, envelope);
  return {
    byteLength: head.length + base64LengthOf(payload.byteLength) + tail.length,
    open: async function* () {
      yield head;
      yield* base64Chunks(payload.open());
      yield tail;
    },
  };
}

/** The message's MetaInformation and an empty Data, written, cut where the base64 goes. */
function aroundData(root: XMLBuilder, envelope: VansMessageEnvelope): { head: Buffer; tail: Buffer } {
  const message = root.ele("Message");
  meta(message.ele("MetaInformation"), envelope.meta);
  value(message, "Data", "0");
  const xml = root.end({ prettyPrint: true });
  const at = xml.lastIndexOf(DATA_MARKER);
  if (at === -1) throw new Error("writeVansEnvelope: the Data marker is missing from the built document");
  return {
    head: Buffer.from(xml.slice(0, at + "<Data>".length), "utf8"),
    tail: Buffer.from(xml.slice(at + DATA_MARKER.length - "</Data>".length), "utf8"),
  };
}

function value(parent: XMLBuilder, name: string, text: string | number | undefined): void {
  if (text !== undefined) parent.ele(name).txt(forBuilder(String(text)));
}

/**
 * An attribute value for xmlbuilder2, which (as for text, oioxml/write.ts forBuilder) keeps what looks like a reference:
 * `&` is escaped first, and line ends and tabs become character references (a reader would make them spaces).
 */
const forAttribute = (value: string): string =>
  /[&\r\n\t]/.test(value) ? value.replace(/[&\r\n\t]/g, (c) => (c === "&" ? "&amp;" : `&#${c.charCodeAt(0)};`)) : value;

function endPoint(parent: XMLBuilder, name: string, e: VansEndPoint): void {
  parent.ele(name, { EndPointType: forAttribute(e.type) }).txt(forBuilder(e.id));
}

function meta(el: XMLBuilder, m: VansMetaInformation): void {
  value(el, "Identifier", m.identifier);
  if (m.processing) {
    const p = el.ele("Processing");
    value(p, "ProviderIdentifier", m.processing.providerIdentifier);
    value(p, "ServiceIdentifier", m.processing.serviceIdentifier);
  }
  const d = el.ele("Document");
  value(d, "Format", m.document.format);
  value(d, "Name", m.document.name);
  value(d, "Version", m.document.version);
  value(d, "SizeInBytes", m.document.sizeInBytes);
  if (m.transport) {
    const t = el.ele("Transport");
    value(t, "Type", m.transport.type);
    value(t, "TransformMessage", m.transport.transformMessage ? "true" : "false");
    for (const tag of m.transport.serviceTags)
      t.ele("ServiceTag", { name: forAttribute(tag.name) }).txt(forBuilder(tag.value));
  }
}

function receipt(el: XMLBuilder, r: VansReceipt): void {
  const name =
    r.kind === "negative-vans" ? "NegativeVans" : r.kind === "negative-message" ? "NegativeMessage" : "PositiveMessage";
  const body = el.ele(name);
  if (r.kind !== "positive-message") {
    const e = body.ele("Error");
    value(e, "Code", r.error.code);
    value(e, "Description", r.error.description);
  }
  value(body, "OriginalEnvelopeIdentifier", r.originalEnvelopeIdentifier);
  if (r.originalMessage) meta(body.ele("OriginalMessage"), r.originalMessage);
}
