// What a delivery hands over: one or more documents, each with its media type and its exact bytes. A FHIR receiver gets
// one document (the Bundle in its preferred serialisation, UTF-8, byte for byte what it got before issue 15); a
// location whose first format is "xdis91" gets MedCom's OIOXML documents instead (LEGACY.md §1 "adapter-side
// conversion"): the XDIS91 and, when the letter carries attachment data, its XBIN01 (§3: the attachments travel in a
// separate letter), or one XCTL per OIOXML document an Acknowledgement receipts (§4: one receipt per Emessage).
//
// A letter whose content names detached attachments (issue 17, point 1) is a *streamed* document instead: its exact
// length is known up front, and its bytes are made a piece at a time (the written text, the base64 of a blob read a
// chunk at a time, the text again …) each time it is opened, so no process holds a large attachment whole. Every
// other letter is `bytes`, exactly as before.

export type DocumentPart = "fhir" | "xdis91" | "xbin01" | "xctl";

/** A document's bytes made on demand. */
export interface DocumentStream {
  /** The exact byte count, known before the first byte is made (a Content-Length, a SizeInBytes). */
  byteLength: number;
  /** The bytes from the start, in pieces; may be opened more than once (a signature pass, then the send). Throws
   *  while iterating when a blob cannot be read. */
  open(): AsyncIterable<Uint8Array>;
}

interface DocumentHead {
  part: DocumentPart;
  /** Without parameters; the charset is apart. OIOXML is `application/xml` (issue 15 plan, decision 5). */
  mediaType: "application/fhir+xml" | "application/fhir+json" | "application/xml";
  /** UTF-8 for FHIR; ISO-8859-1 for OIOXML, as its XML declaration says (LEGACY.md §2.3). */
  charset: "utf-8" | "ISO-8859-1";
}

export interface BytesDocument extends DocumentHead {
  bytes: Uint8Array;
  stream?: undefined;
}

export interface StreamedDocument extends DocumentHead {
  bytes?: undefined;
  stream: DocumentStream;
  /** The document as written, with each detached attachment's token where its base64 goes: small, read for what
   *  the document says (the VANS envelope's Name), never sent. */
  withTokens: Uint8Array;
}

export type DeliveryDocument = BytesDocument | StreamedDocument;

/** The exact number of bytes a document is. */
export const documentByteLength = (d: DeliveryDocument): number =>
  d.stream ? d.stream.byteLength : d.bytes.byteLength;

/**
 * Each document's label, in order: `fhir`, `xdis91`, `xbin01`, `xctl`, and `xctl-2`, `xctl-3` … for the further XCTLs
 * of one Acknowledgement. Adapters name files, idempotency keys and sub-resources by it; it is made only from the
 * fixed part names and a counter, never from text of the message.
 */
export function documentLabels(documents: readonly Pick<DeliveryDocument, "part">[]): string[] {
  const seen = new Map<DocumentPart, number>();
  return documents.map(({ part }) => {
    const n = (seen.get(part) ?? 0) + 1;
    seen.set(part, n);
    return n === 1 ? part : `${part}-${n}`;
  });
}

/** The media type with its charset, for a Content-Type header. */
export const contentTypeOf = (d: Pick<DeliveryDocument, "mediaType" | "charset">): string =>
  `${d.mediaType}; charset=${d.charset}`;
