// Which process is handling which envelope of the VANS inbox (issue 16). The inbox pass is a BullMQ job scheduler
// (queue/scheduled-passes.ts): one pass per tick, but a tick may start in one process while a slow pass still runs in
// another, and a VANS transport (folders, SFTP) has no atomic claim of its own. Each envelope is claimed in Redis
// (SET NX with an expiry) before it is handled, so two processes never submit it and answer it at the same time; a
// process that stops mid-way leaves a claim that expires, and the envelope is handled again (its rules make that
// safe: a duplicate is answered as the first, LEGACY.md §5.2).
//
// The key is the SHA-256 of the file name: the name comes from outside and never becomes part of a key itself.
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

export interface EnvelopeClaims {
  /** True when this process now holds the envelope named `name`. */
  claim(name: string): Promise<boolean>;
  release(name: string): Promise<void>;
}

/** Far longer than handling one envelope (≤100 MB) takes. */
export const VANS_CLAIM_MS = 10 * 60_000;

export function createEnvelopeClaims(
  redis: Redis,
  prefix: string,
  holder: string,
  ttlMs = VANS_CLAIM_MS,
): EnvelopeClaims {
  const key = (name: string) => `${prefix}:vans:in:claim:${createHash("sha256").update(name, "utf8").digest("hex")}`;
  // Only the holder's own claim is released (one that expired and was taken by another process is left alone).
  const RELEASE = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`;
  return {
    claim: async (name) => (await redis.set(key(name), holder, "PX", ttlMs, "NX")) === "OK",
    async release(name) {
      await redis.eval(RELEASE, 1, key(name), holder);
    },
  };
}

/** The same in one process (unit tests, a single process). */
export function memoryEnvelopeClaims(): EnvelopeClaims {
  const held = new Set<string>();
  return {
    claim: (name) => Promise.resolve(!held.has(name) && Boolean(held.add(name))),
    release: (name) => Promise.resolve(void held.delete(name)),
  };
}
