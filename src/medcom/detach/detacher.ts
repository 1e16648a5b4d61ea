// The contract of the streaming readers that keep large attachment data out of the in-memory document (issue 17,
// point 1; docs/large-messages.md step 3). A detacher takes a request body a chunk at a time and gives back the
// document with every large Attachment.data replaced by its token (src/medcom/detached.ts), the data itself having
// gone, decoded and checked, into the blob store while it streamed. json-detacher.ts reads FHIR JSON and compose
// requests (a string member named `data`), xml-detacher.ts FHIR XML (the `value` of an element named `data`).
import type { BlobFacts } from "../detached.js";
import type { Base64Sink } from "./base64-sink.js";

export interface DetachOptions {
  /** A data value longer than this many characters is detached; a shorter one stays in the document as it was. */
  thresholdChars: number;
  /** The document without its detached values may not be larger (bytes): only attachment data may be large. */
  maxDocumentBytes: number;
  /** A new blob for one detached value. */
  open(): Base64Sink;
}

export interface Detached {
  /** The body with each detached value replaced by its token: parsed by the ordinary readers. */
  document: Uint8Array;
  /** By token. */
  detached: Map<string, BlobFacts>;
}

export interface Detacher {
  push(chunk: Uint8Array): Promise<void>;
  end(): Promise<Detached>;
  /** Delete every blob opened so far (a refused or failed request). */
  abort(): Promise<void>;
}

/**
 * Why a body is refused while it streams. `status`: 413 for a document too large without its attachments, 422 for
 * attachment data that is not base64, 400 for a body that is not well-formed where the detacher must understand it.
 * `path`: where (FHIRPath-like for FHIR, the member path for a compose request); `code`: the rule.
 */
export class DetachRefusal extends Error {
  constructor(
    readonly status: 400 | 413 | 422,
    readonly code: string,
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = "DetachRefusal";
  }
}

const QUOTE = 0x22;

/**
 * Whether the body — its chunks as received, in order — has a stretch of more than `thresholdChars` bytes without a
 * `"`: a data value that long (base64, which has no quote, between JSON's quotes or in an XML attribute) needs one, so
 * a body without it has nothing to detach. Decides whether a body under the large-body size is worth the detacher
 * (body-reader.ts), whose byte-level machine costs 50–150 ns a byte where JSON.parse costs 2–25: a 600 KB Bundle of
 * short values would pay ≈ 30–90 ms for nothing. Read in its chunks, so a body that goes on to the detacher is never
 * joined into one buffer (a 200 KB PDF letter's 282 KB copied once more, issue 17 point 3). Natively and in
 * O(n / threshold) searches: each looks back from a window's end for its last quote, and the next window starts just
 * after it; a stretch may run across chunks.
 */
export function mayHoldDetachableValue(chunks: readonly Uint8Array[], thresholdChars: number): boolean {
  /** Bytes without a quote at the end of the chunks read so far. */
  let run = 0;
  for (const chunk of chunks) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const first = bytes.indexOf(QUOTE);
    if (first < 0) {
      run += bytes.length;
      if (run > thresholdChars) return true;
      continue;
    }
    if (run + first > thresholdChars) return true;
    let from = first + 1;
    while (bytes.length - from > thresholdChars) {
      const last = bytes.lastIndexOf(QUOTE, from + thresholdChars);
      if (last < from) return true;
      from = last + 1;
    }
    run = bytes.length - 1 - bytes.lastIndexOf(QUOTE);
  }
  return false;
}
