// The in-memory blob store and its accept against the same contract as the Redis ones
// (tests/integration/store/redis-blob-store.test.ts).
import type { Now } from "../../../src/domain/clock.js";
import { createMemoryBlobStore } from "../../../src/store/memory/blob-store.js";
import { createMemoryMessageStore } from "../../../src/store/memory/message-store.js";
import { createMemoryState, type MemoryState } from "../../../src/store/memory/state.js";
import { blobStoreContract, type BlobProbe } from "../../support/contracts/blob-store.js";

function memoryProbe(state: MemoryState, now: Now): BlobProbe {
  const blob = (id: string) => {
    const chunks = state.blobs.get(id);
    const facts = state.blobFacts.get(id);
    if (!chunks || !facts) throw new Error(`no blob ${id}`);
    return { chunks, tags: facts.tags, facts };
  };
  const swap = <T>(list: T[], a: number, b: number) => {
    [list[a], list[b]] = [list[b] as T, list[a] as T];
  };
  return {
    ttls: (id) => Promise.resolve(state.blobFacts.has(id) ? [(blob(id).facts.expiresAt - now().getTime()) / 1000] : []),
    keyCount: () => Promise.resolve(state.blobs.size),
    alter(id, n) {
      const chunk = blob(id).chunks[n] as Uint8Array;
      chunk[chunk.byteLength >> 1] = (chunk[chunk.byteLength >> 1] ?? 0) ^ 1;
      return Promise.resolve();
    },
    swap(id, a, b) {
      const { chunks, tags } = blob(id);
      swap(chunks, a, b);
      swap(tags, a, b);
      return Promise.resolve();
    },
    move(from, to, n) {
      blob(to).chunks[n] = blob(from).chunks[n] as Uint8Array;
      blob(to).tags[n] = blob(from).tags[n] as string;
      return Promise.resolve();
    },
    dropLast(id) {
      blob(id).chunks.pop();
      blob(id).tags.pop();
      return Promise.resolve();
    },
  };
}

blobStoreContract("memory", (now) => {
  const state = createMemoryState();
  return Promise.resolve({
    blobs: createMemoryBlobStore(state, now),
    store: createMemoryMessageStore(state, now),
    probe: memoryProbe(state, now),
  });
});
