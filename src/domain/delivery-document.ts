// What a delivery hands over: one or more documents, each with its media type and its exact bytes. A FHIR receiver gets
// one document (the Bundle in its preferred serialisation, UTF-8, byte for byte what it got before issue 15); a
// location whose first format is "xdis91" gets MedCom's OIOXML documents instead (LEGACY.md §1 "adapter-side
// conversion"): the XDIS91 and, when the letter carries attachment data, its XBIN01 (§3: the attachments travel in a
// separate letter), or one XCTL per OIOXML document an Acknowledgement receipts (§4: one receipt per Emessage).

export type DocumentPart = "fhir" | "xdis91" | "xbin01" | "xctl";

export interface DeliveryDocument {
  part: DocumentPart;
  /** Without parameters; the charset is apart. OIOXML is `application/xml` (issue 15 plan, decision 5). */
  mediaType: "application/fhir+xml" | "application/fhir+json" | "application/xml";
  /** UTF-8 for FHIR; ISO-8859-1 for OIOXML, as its XML declaration says (LEGACY.md §2.3). */
  charset: "utf-8" | "ISO-8859-1";
  bytes: Uint8Array;
}

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
