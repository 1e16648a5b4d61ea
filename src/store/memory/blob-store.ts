// The blob store in memory, for use-case and adapter unit tests: the same port as the Redis one, the decoded bytes
// kept as the chunks they were written in.
import { randomUUID } from "node:crypto";
import type { BlobStore } from "../../domain/ports/blob-store.js";

export function createMemoryBlobStore(): BlobStore & { readonly blobs: Map<string, Uint8Array[]> } {
  const blobs = new Map<string, Uint8Array[]>();
  const complete = new Set<string>();
  const forget = (id: string): Promise<void> => {
    blobs.delete(id);
    complete.delete(id);
    return Promise.resolve();
  };
  return {
    blobs,
    create() {
      const id = randomUUID();
      const chunks: Uint8Array[] = [];
      blobs.set(id, chunks);
      return {
        id,
        write(bytes) {
          chunks.push(Uint8Array.from(bytes));
          return Promise.resolve();
        },
        finish() {
          complete.add(id);
          return Promise.resolve();
        },
        abort: () => forget(id),
      };
    },
    read(id) {
      const chunks = blobs.get(id);
      if (!chunks || !complete.has(id)) throw new Error(`blob ${id} is missing or incomplete`);
      let i = 0;
      return {
        [Symbol.asyncIterator]: () => ({
          next: () =>
            Promise.resolve(
              i < chunks.length ? { done: false, value: chunks[i++] as Uint8Array } : { done: true, value: undefined },
            ),
        }),
      };
    },
    size(id) {
      const chunks = blobs.get(id);
      return Promise.resolve(
        chunks && complete.has(id) ? chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0) : undefined,
      );
    },
    delete: forget,
  };
}
