// The blob store on Redis (issue 17, point 1): a large attachment's bytes as one hash per blob, its chunks (just
// under 1 MiB, blob-chunks.ts) each sealed on its own (AES-256-GCM, mg4: no compression, attachments are PDFs, images
// and video) under fields "0", "1", …, bound to "<blob id>:blob:<n>" so a chunk cannot be reordered, dropped or moved
// to another blob unnoticed. finish() adds the chunk count and size (plain, for the ACCEPT script's check) and a
// sealed summary of both (so the end cannot be cut off unnoticed either). One key per blob: its expiry is refreshed by
// every chunk written, so a slow upload keeps what it wrote so far, and ACCEPT extends one key to the retention period.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { UnsealError, type Sealer } from "../crypto/keyring.js";
import type { BlobStore, BlobWriter } from "../domain/ports/blob-store.js";
import { BlobFilesUnwritable, BlobUnreadable } from "./blob-errors.js";
import { FILE_CHUNK_MARKER, isFileMarker, type BlobFiles } from "./blob-files.js";
import {
  BLOB_PENDING_SECONDS,
  BLOB_SUMMARY_FIELDS,
  Chunker,
  chunkContext,
  summaryContext,
  summaryText,
} from "./blob-chunks.js";
import { keysFor } from "./keys.js";
import { runScript, script } from "./scripts.js";

export { BLOB_PENDING_SECONDS };

/**
 * Append chunk n, only after chunk n-1 (a blob whose pending expiry ran out mid-write is not silently restarted) and
 * only while the blob is unfinished; the expiry is refreshed with it.
 * KEYS: blob   ARGV: n, sealed chunk, pending seconds   Returns 1, or 0 when the blob lost what came before.
 */
const APPEND = script(`
local n = tonumber(ARGV[1])
if redis.call('HEXISTS', KEYS[1], 'count') == 1 then return 0 end
if n > 0 and redis.call('HEXISTS', KEYS[1], tostring(n - 1)) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
`);

/**
 * Finish a blob: its count, size and sealed summary, only when every chunk written is still there. The last chunk
 * (count - 1) may come with it, appended as APPEND would (one fsync'd round trip fewer: a 200 KB PDF is one chunk).
 * KEYS: blob   ARGV: count, size, sealed summary, pending seconds[, last chunk]   Returns 1, or 0 when chunks are
 * missing.
 */
const FINISH = script(`
local count = tonumber(ARGV[1])
if redis.call('HEXISTS', KEYS[1], 'count') == 1 then return 0 end
if ARGV[5] then
  local n = count - 1
  if n > 0 and redis.call('HEXISTS', KEYS[1], tostring(n - 1)) == 0 then return 0 end
  redis.call('HSET', KEYS[1], tostring(n), ARGV[5])
end
if redis.call('HLEN', KEYS[1]) ~= count then return 0 end
redis.call('HSET', KEYS[1], 'count', ARGV[1], 'size', ARGV[2], 'summary', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1
`);

/**
 * `files` (GATEWAY_BLOB_DIR): the sealed chunks go to files (blob-files.ts) and the hash holds a marker for each;
 * without it they are the hash's fields. A blob is read whichever way each chunk was stored.
 */
export function createBlobStore(redis: Redis, prefix: string, sealer: Sealer, files?: BlobFiles): BlobStore {
  const keys = keysFor(prefix);
  const marker = Buffer.from(FILE_CHUNK_MARKER);

  /** Chunk n as stored: the sealed bytes from its field, or from its file when the field is the marker. */
  const sealedChunk = async (id: string, n: number): Promise<Buffer | null> => {
    const value = await redis.hgetBuffer(keys.blob(id), String(n));
    if (value === null || !isFileMarker(value)) return value;
    return (await files?.read(id, n)) ?? null;
  };

  /** Remove the files of the chunks a blob's hash names (read before the hash is deleted). */
  const removeFiles = async (id: string): Promise<void> => {
    if (files === undefined) return;
    const fields = await redis.hkeys(keys.blob(id));
    const chunks = fields.filter((field) => /^\d{1,9}$/.test(field)).map(Number);
    await files.remove(id, chunks.length === 0 ? 0 : Math.max(...chunks) + 1);
  };

  /** The blob's count and size as its sealed summary says, after checking the plain fields agree; or a fault. */
  const summaryOf = async (id: string): Promise<{ count: number; size: number } | BlobUnreadable> => {
    const replies = await redis
      .multi()
      .hmget(keys.blob(id), ...BLOB_SUMMARY_FIELDS)
      .hlen(keys.blob(id))
      .exec();
    const [[, fields], [, length]] = (replies ?? [
      [null, []],
      [null, 0],
    ]) as [[unknown, (string | null)[]], [unknown, number]];
    const [count, size, summary] = fields;
    if (length === 0) return new BlobUnreadable(id, "missing");
    if (count == null || size == null || summary == null) return new BlobUnreadable(id, "incomplete");
    let sealed: string;
    try {
      sealed = sealer.open(summary, summaryContext(id));
    } catch (err) {
      if (err instanceof UnsealError) return new BlobUnreadable(id, "does-not-open");
      throw err;
    }
    if (sealed !== summaryText(Number(count), Number(size))) return new BlobUnreadable(id, "wrong-size");
    if (length !== Number(count) + BLOB_SUMMARY_FIELDS.length) return new BlobUnreadable(id, "incomplete");
    return { count: Number(count), size: Number(size) };
  };

  return {
    create(): BlobWriter {
      // A random UUID, minted here: never a client's text (keys.blob checks the format anyway).
      const id = randomUUID();
      const key = keys.blob(id);
      const chunker = new Chunker();
      let count = 0;
      let size = 0;
      let state: "open" | "finishing" | "finished" | "failed" | "aborted" = "open";
      // Writes run one after another, whatever the caller does: chunk n is appended only after chunk n-1.
      let queue: Promise<void> = Promise.resolve();
      // A step that failed leaves the blob failed: its bytes are no longer all there, so nothing may follow but abort.
      const serial = (step: () => Promise<void>): Promise<void> => {
        const next = queue.then(step).catch((err: unknown) => {
          if (state === "open" || state === "finishing") state = "failed";
          throw err;
        });
        queue = next.catch(() => undefined);
        return next;
      };
      const refused = (): Promise<void> | undefined =>
        state === "open" ? undefined : Promise.reject(new Error(`blob ${id} is ${state}: nothing more can be written`));
      /** Chunk `count` sealed, and written to its file when there are files: the value its field is to hold. */
      const sealChunk = async (chunk: Buffer): Promise<Buffer> => {
        const sealed = sealer.sealBytes(chunk, chunkContext(id, count));
        if (files === undefined) return sealed;
        // The file is durable before the marker says it is there (blob-files.ts).
        await files.write(id, count, sealed).catch((err: unknown) => {
          // A full or read-only folder is the store's fault: 503, the cause by its code only (never a path).
          const code = (err as NodeJS.ErrnoException).code;
          throw typeof code === "string" && /^E[A-Z]{2,15}$/.test(code) ? new BlobFilesUnwritable(id, code) : err;
        });
        return marker;
      };
      const store = async (chunk: Buffer) => {
        const value = await sealChunk(chunk);
        const stored = await runScript(redis, APPEND, [key], [String(count), value, String(BLOB_PENDING_SECONDS)]);
        if (Number(stored) !== 1) throw new BlobUnreadable(id, "incomplete");
        count += 1;
        size += chunk.byteLength;
      };
      return {
        id,
        write(bytes) {
          // Copied into the chunks at once (the caller may reuse its buffer); stored in order.
          const full = refused() ?? chunker.push(bytes);
          if (!Array.isArray(full)) return full;
          return serial(async () => {
            for (const chunk of full) await store(chunk);
          });
        },
        finish() {
          const early = refused();
          if (early) return early;
          const rest = chunker.rest();
          state = "finishing";
          return serial(async () => {
            // The rest, if any, is the last chunk: stored by the same script that finishes the blob.
            const last = rest === undefined ? [] : [await sealChunk(rest)];
            const [total, bytes] = [count + last.length, size + (rest?.byteLength ?? 0)];
            const summary = sealer.seal(summaryText(total, bytes), summaryContext(id));
            const args = [String(total), String(bytes), summary, String(BLOB_PENDING_SECONDS), ...last];
            if (Number(await runScript(redis, FINISH, [key], args)) !== 1) throw new BlobUnreadable(id, "incomplete");
            [count, size] = [total, bytes];
            state = "finished";
          });
        },
        abort() {
          state = "aborted";
          chunker.rest();
          // After whatever is in flight, so no chunk lands after the delete.
          return serial(async () => {
            // The chunks stored, and the one whose marker may not have been appended.
            await files?.remove(id, count + 1);
            await redis.del(key);
          });
        },
      };
    },
    async *read(id) {
      const summary = await summaryOf(id);
      if (summary instanceof BlobUnreadable) throw summary;
      let size = 0;
      for (let n = 0; n < summary.count; n += 1) {
        const sealed = await sealedChunk(id, n);
        if (sealed === null) throw new BlobUnreadable(id, "incomplete");
        let chunk: Buffer;
        try {
          chunk = sealer.openBytes(sealed, chunkContext(id, n));
        } catch (err) {
          if (err instanceof UnsealError) throw new BlobUnreadable(id, "does-not-open");
          throw err;
        }
        size += chunk.byteLength;
        if (size > summary.size) throw new BlobUnreadable(id, "wrong-size");
        yield chunk;
      }
      if (size !== summary.size) throw new BlobUnreadable(id, "wrong-size");
    },
    async size(id) {
      const summary = await summaryOf(id);
      return summary instanceof BlobUnreadable ? undefined : summary.size;
    },
    async delete(id) {
      await removeFiles(id);
      await redis.del(keys.blob(id));
    },
  };
}
