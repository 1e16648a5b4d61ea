// A delivered document with its detached attachments put back (issue 17, point 1): the written text cut at the tokens
// (src/medcom/detached-text.ts) and, at each, the base64 of the blob read a chunk at a time from the blob store. The
// length is known before any byte is made (each blob's size from the store, base64 being 4 characters per started 3
// bytes), so an adapter can send a Content-Length or a SizeInBytes; the bytes are made afresh each time it is opened.
import type { DocumentStream } from "../../domain/delivery-document.js";
import type { BlobStore } from "../../domain/ports/blob-store.js";
import { splitAtTokens } from "../../medcom/detached-text.js";
import { base64Chunks, base64LengthOf } from "../../util/base64-stream.js";

/**
 * A blob the content names is not in the store (or not complete). Permanent: the store keeps a message's blobs for
 * as long as its content (accepted in one step, the same retention), so a content whose blob is gone has lost its
 * attachment for good, as an expired content has; a retry would only find it gone again. (A store that cannot be
 * reached throws its own error instead, which stays retryable.)
 */
export class DetachedBlobMissing extends Error {
  constructor(readonly blobId: string) {
    super(`the data of a detached attachment (blob ${blobId}) is no longer in the store`);
    this.name = "DetachedBlobMissing";
  }
}

/** The document `text` with each token of `named` expanded. Throws DetachedBlobMissing for a blob that is gone. */
export async function expandDetached(
  text: Uint8Array,
  named: ReadonlyMap<string, number>,
  blobs: Pick<BlobStore, "read" | "size">,
): Promise<DocumentStream> {
  const pieces = splitAtTokens(text, named);
  const sizes = new Map<string, number>();
  for (const id of named.keys()) {
    const size = await blobs.size(id);
    if (size === undefined) throw new DetachedBlobMissing(id);
    sizes.set(id, size);
  }
  let byteLength = 0;
  for (const piece of pieces)
    byteLength += "bytes" in piece ? piece.bytes.byteLength : base64LengthOf(sizes.get(piece.blobId) ?? 0);
  return {
    byteLength,
    open: async function* () {
      for (const piece of pieces) {
        if ("bytes" in piece) yield piece.bytes;
        else yield* base64Chunks(exactly(blobs.read(piece.blobId), sizes.get(piece.blobId) ?? 0, piece.blobId));
      }
    },
  };
}

/** The blob's chunks, refused at its end when they do not add up to the size announced (the length already sent). */
async function* exactly(chunks: AsyncIterable<Uint8Array>, size: number, id: string): AsyncGenerator<Uint8Array> {
  let read = 0;
  for await (const chunk of chunks) {
    read += chunk.byteLength;
    if (read > size) break;
    yield chunk;
  }
  if (read !== size) throw new Error(`blob ${id} holds other than the ${size} bytes it was sized at`);
}
