// The imported directory in memory: the same generation rule as the Redis store (a swap only from the generation the
// importer started from), and listeners in place of Redis pub/sub so a live directory over it reloads at once.
/* eslint-disable @typescript-eslint/require-await -- the port is asynchronous; memory answers at once */
import type { DirectoryEntry, DirectoryImportMeta, DirectoryStore } from "../../domain/ports/directory-store.js";

export interface MemoryDirectoryStore extends DirectoryStore {
  /** Called with the new generation after each import (Redis: the pub/sub notice). */
  onChange(listener: (generation: number) => void): () => void;
}

export function createMemoryDirectoryStore(): MemoryDirectoryStore {
  let current: { meta: DirectoryImportMeta; entries: DirectoryEntry[] } | undefined;
  const listeners = new Set<(generation: number) => void>();
  return {
    async replace(entries, meta, expectedGeneration) {
      const generation = current?.meta.generation ?? 0;
      if (generation !== expectedGeneration) return { ok: false, reason: "conflict", current: generation };
      // Keyed by GLN like the Redis hash: a repeated GLN keeps its last entry.
      const byGln = new Map(entries.map((e) => [e.gln, structuredClone(e)]));
      const next = { generation: generation + 1, ...meta, entries: byGln.size };
      current = { meta: next, entries: [...byGln.values()] };
      for (const listener of listeners) listener(next.generation);
      return { ok: true, meta: { ...next } };
    },
    meta: async () => (current ? { ...current.meta } : undefined),
    entries: async () =>
      current ? { meta: { ...current.meta }, entries: current.entries.map((e) => structuredClone(e)) } : undefined,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
