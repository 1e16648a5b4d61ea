// The blob store port (issue 17, point 1): a large attachment's decoded bytes kept apart from its letter, in sealed
// chunks, so no process ever holds a 100 MB attachment whole. The letter's Attachment.data holds a token naming the
// blob (src/medcom/detached.ts); the bytes are written while the request streams in and read a chunk at a time when
// a delivery streams them out. A blob is written under a short expiry and kept for the retention period only when the
// message that names it is accepted (AcceptInput.blobs), so a refused or abandoned request leaves nothing for ever.

import type { BlobFacts } from "../../medcom/detached.js";

export type { BlobFacts };

export interface BlobWriter {
  readonly id: string;
  /** Append decoded bytes (any length; the store cuts them into its chunks). Resolves when they are stored. */
  write(bytes: Uint8Array): Promise<void>;
  /** Store what is left; the blob is complete (still under its short expiry until a message keeps it). */
  finish(): Promise<void>;
  /** Delete everything written so far. */
  abort(): Promise<void>;
}

export interface BlobStore {
  /** A new blob under the pending expiry. */
  create(): BlobWriter;
  /** The decoded bytes in order, a chunk at a time. Throws when the blob is missing, incomplete or does not open. */
  read(id: string): AsyncIterable<Uint8Array>;
  /** The decoded byte count of a complete blob; undefined when it is missing or incomplete. */
  size(id: string): Promise<number | undefined>;
  /** Delete a blob (a refused or duplicate request's). */
  delete(id: string): Promise<void>;
}
