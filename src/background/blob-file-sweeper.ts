// Chunk files no blob keeps any more (GATEWAY_BLOB_DIR, issue 17; src/store/blob-files.ts): a blob's lifetime is its
// Redis hash's expiry (the pending hour, or the retention period once a message keeps it), and a file outlives it
// when the hash expires or a crash fell between writing a chunk and marking it. Every BLOB_FILE_SWEEP_MS the files
// older than a pending blob can be are removed when their blob's hash is gone (a scheduled pass; idempotent).
import type { Redis } from "ioredis";
import type { Logger } from "../log.js";
import { BLOB_PENDING_SECONDS } from "../store/blob-chunks.js";
import type { BlobFiles } from "../store/blob-files.js";
import type { Keys } from "../store/keys.js";

export const BLOB_FILE_SWEEP_MS = 10 * 60_000;

export async function sweepBlobFiles(files: BlobFiles, redis: Redis, keys: Keys, log: Logger): Promise<number> {
  const removed = await files.sweep(BLOB_PENDING_SECONDS * 1000, async (ids) => {
    const replies = (await redis.pipeline(ids.map((id) => ["exists", keys.blob(id)])).exec()) ?? [];
    // A failed EXISTS keeps the file: only a definite "gone" removes one.
    return ids.map((_, i) => {
      const [err, found] = replies[i] ?? [new Error("no reply"), 0];
      return err !== null || Number(found) === 1;
    });
  });
  if (removed > 0) log.info({ removed }, "blob files: chunks of expired or abandoned blobs removed");
  return removed;
}
