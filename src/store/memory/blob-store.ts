// The blob store in memory, for use-case and adapter unit tests: the same port as the Redis one (blob-store.ts), over
// the state the memory message store shares (its accept keeps blobs, as ACCEPT does). The bytes are cut into the same
// chunks (blob-chunks.ts); each chunk's tag (a digest of its context and bytes) stands for its seal, so an altered, swapped,
// moved or dropped chunk fails a read here as it does on Redis. Expiry times are kept (for the contract tests), not
// enforced: no memory state expires.
/* eslint-disable @typescript-eslint/require-await -- the port is asynchronous; memory answers at once */
import { createHash, randomUUID } from "node:crypto";
import type { BlobStore } from "../../domain/ports/blob-store.js";
import type { Now } from "../../domain/clock.js";
import { BLOB_PENDING_SECONDS, Chunker, chunkContext } from "../blob-chunks.js";
import { BlobUnreadable } from "../blob-errors.js";
import { keysFor } from "../keys.js";
import { createMemoryState, type MemoryState } from "./state.js";

/** The tag of chunk n of a blob: what its seal's GCM tag authenticates, its place and its bytes. */
export const memoryChunkTag = (id: string, n: number, bytes: Uint8Array): string =>
  createHash("sha256").update(chunkContext(id, n)).update("\0").update(bytes).digest("hex");

/** A blob is whole: finished, every chunk there. As the ACCEPT script checks it. */
export const isWholeMemoryBlob = (state: MemoryState, id: string): boolean => {
  const finished = state.blobFacts.get(id)?.finished;
  return finished !== undefined && state.blobs.get(id)?.length === finished.count;
};

export function createMemoryBlobStore(
  state: MemoryState = createMemoryState(),
  now: Now = () => new Date(),
): BlobStore & { readonly blobs: Map<string, Uint8Array[]> } {
  const { blobs, blobFacts } = state;
  // Built (and thrown away) only to refuse an id the Redis store would refuse.
  const keys = keysFor("{memory}");
  const forget = (id: string): Promise<void> => {
    blobs.delete(id);
    blobFacts.delete(id);
    return Promise.resolve();
  };
  const pending = () => now().getTime() + BLOB_PENDING_SECONDS * 1000;
  return {
    blobs,
    create() {
      const id = randomUUID();
      const chunker = new Chunker();
      let size = 0;
      let phase: "open" | "finished" | "failed" | "aborted" = "open";
      const store = (chunk: Uint8Array) => {
        const chunks = blobs.get(id);
        const facts = blobFacts.get(id);
        // Deleted (or expired, on Redis) while being written: the bytes before are gone.
        if (!chunks || !facts) {
          phase = "failed";
          throw new BlobUnreadable(id, "incomplete");
        }
        facts.tags.push(memoryChunkTag(id, chunks.length, chunk));
        chunks.push(chunk);
        facts.expiresAt = pending();
        size += chunk.byteLength;
      };
      const refused = () => new Error(`blob ${id} is ${phase}: nothing more can be written`);
      blobs.set(id, []);
      blobFacts.set(id, { tags: [], expiresAt: pending() });
      return {
        id,
        async write(bytes) {
          if (phase !== "open") throw refused();
          for (const chunk of chunker.push(bytes)) store(chunk);
        },
        async finish() {
          if (phase !== "open") throw refused();
          try {
            const rest = chunker.rest();
            // Kept: a copy of just its bytes, not the whole chunk's buffer.
            if (rest !== undefined) store(Buffer.from(rest));
            const facts = blobFacts.get(id);
            if (!facts) throw new BlobUnreadable(id, "incomplete");
            facts.finished = { count: facts.tags.length, size };
            facts.expiresAt = pending();
            phase = "finished";
          } catch (err) {
            phase = "failed";
            throw err;
          }
        },
        abort() {
          phase = "aborted";
          return forget(id);
        },
      };
    },
    async *read(id) {
      keys.blob(id);
      const chunks = blobs.get(id);
      const facts = blobFacts.get(id);
      if (!chunks || !facts) throw new BlobUnreadable(id, "missing");
      const finished = facts.finished;
      if (!finished || chunks.length !== finished.count) throw new BlobUnreadable(id, "incomplete");
      let size = 0;
      for (let n = 0; n < finished.count; n += 1) {
        const chunk = chunks[n];
        if (chunk === undefined) throw new BlobUnreadable(id, "incomplete");
        if (facts.tags[n] !== memoryChunkTag(id, n, chunk)) throw new BlobUnreadable(id, "does-not-open");
        size += chunk.byteLength;
        if (size > finished.size) throw new BlobUnreadable(id, "wrong-size");
        // As Redis hands out a fresh buffer per read: a consumer may keep or alter it.
        yield Uint8Array.from(chunk);
      }
      if (size !== finished.size) throw new BlobUnreadable(id, "wrong-size");
    },
    size(id) {
      keys.blob(id);
      return Promise.resolve(isWholeMemoryBlob(state, id) ? blobFacts.get(id)?.finished?.size : undefined);
    },
    delete(id) {
      keys.blob(id);
      return forget(id);
    },
  };
}
