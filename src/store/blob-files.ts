// Blob chunks as files (issue 17, point 3; docs/sizing.md, "Where contents should live"): with GATEWAY_BLOB_DIR set, a
// large attachment's sealed chunks are written to files there and Redis keeps only the blob's small hash (a "file"
// marker per chunk, the count, size and sealed summary) and with it the blob's lifetime, so ACCEPT's checks and the
// retention expiry stay as they are. What this buys: Redis no longer copies, logs and fsyncs 200 KB per PDF letter,
// and its append-only-file rewrites (a fork that writes the whole dataset, taking a core for a second on the bench's
// data) shrink to the records' size.
//
// The file is made durable before Redis says the chunk exists: written and flushed, and its folder synced (the new
// name survives a power loss too), then the marker appended. So a marker always names a whole file; a file without a
// marker (a crash in between, an expired blob) is an orphan the sweep removes once it is older than any pending blob.
//
// Layout: <dir>/<first two characters of the blob id>/<blob id>.<n>, ids checked as UUIDs before they reach a path.
import * as fs from "node:fs";
import { access, mkdir, readdir, readFile, rename, stat, unlink } from "node:fs/promises";
import { promisify } from "node:util";
import { join } from "node:path";
import { isMessageId } from "../medcom/ids.js";
import { UncheckedKeyPartError } from "./keys.js";

/** The value a blob hash holds for a chunk kept as a file: never a sealed value (those start "mg4:"). */
export const FILE_CHUNK_MARKER = "file";
const MARKER_BYTES = Buffer.from(FILE_CHUNK_MARKER);

/** Whether a blob hash's chunk field says "in its file" rather than holding the sealed bytes. */
export const isFileMarker = (value: Buffer): boolean => value.equals(MARKER_BYTES);

export interface BlobFiles {
  /** Write new chunk n of blob id durably (flushed, its folder synced), before anything names it. */
  write(id: string, n: number, sealed: Uint8Array): Promise<void>;
  /** Replace chunk n durably and atomically (key rotation): a reader finds the old file or the new, never half. */
  replace(id: string, n: number, sealed: Uint8Array): Promise<void>;
  /** Chunk n's sealed bytes, or undefined when there is no such file. */
  read(id: string, n: number): Promise<Buffer | undefined>;
  /** Remove chunks 0 … count-1 (those there). */
  remove(id: string, count: number): Promise<void>;
  /**
   * Remove files older than `olderThanMs` whose blob `kept` says is gone (its hash expired or deleted): what a crash or
   * an expiry left. Returns how many files were removed.
   */
  sweep(olderThanMs: number, kept: (ids: string[]) => Promise<boolean[]>): Promise<number>;
}

const blobId = (id: string): string => {
  if (!isMessageId(id)) throw new UncheckedKeyPartError("blob id");
  return id;
};

const chunkNumber = (n: number): number => {
  if (!Number.isSafeInteger(n) || n < 0) throw new UncheckedKeyPartError("chunk number");
  return n;
};

/** A chunk file's name: "<uuid>.<n>"; a replacement being written: "<uuid>.<n>.new". Anything else is not ours. */
const CHUNK_FILE = /^([0-9a-f-]{36})\.(\d{1,9})(\.new)?$/;

// The callback API, promisified: with a new chunk written straight to its name, a 200 KB chunk costs 0.74 ms of CPU
// against 1.15 through FileHandle's writeFile and a rename (docs/sizing.md, twelfth session).
const openFd = promisify(fs.open);
const writeFd = promisify(fs.write);
const syncFd = promisify(fs.fsync);
const closeFd = promisify(fs.close);

/** Created owner-only or truncated, each write returning once its data (and the size that reads them) is on disk. */
const CREATE_DATA_SYNCED = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_DSYNC;

/**
 * `bytes` as the whole of the file at `path`, on disk when this resolves; with `folder`, the file's name in it too.
 * Every step is a hop to the thread pool and back, which waits behind the other requests when the process is busy: the
 * writes carry their own sync (O_DSYNC, no fsync after them), and the folder is synced while the file is written — its
 * new name is there once the open returns. Open, write, fsync, close and the folder's open, fsync, close were seven
 * hops in a row: a 200 KB chunk on a loop kept busy took p50 4.4–4.8 ms, now 3.3–3.6; with a CI run beside it
 * 8.8–11.1, now 4.8–7.6 (docs/sizing.md, fourteenth session).
 */
async function writeDurably(path: string, bytes: Uint8Array, folder?: string): Promise<void> {
  const fd = await openFd(path, CREATE_DATA_SYNCED, 0o600);
  const written = (async () => {
    for (let at = 0; at < bytes.byteLength;)
      at += (await writeFd(fd, bytes, at, bytes.byteLength - at, null)).bytesWritten;
  })().finally(() => closeFd(fd));
  await Promise.all([written, folder === undefined ? undefined : syncFolder(folder)]);
}

async function syncFolder(path: string): Promise<void> {
  const fd = await openFd(path, "r");
  try {
    await syncFd(fd);
  } finally {
    await closeFd(fd);
  }
}

const missing = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === "ENOENT";

/** The folder made (owner only) if missing and checked to be a writable folder: a start-up fails here, not at a letter. */
export async function openBlobFiles(dir: string): Promise<BlobFiles> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (!(await stat(dir)).isDirectory()) throw new Error(`GATEWAY_BLOB_DIR ${dir} is not a folder`);
  await access(dir, fs.constants.W_OK | fs.constants.X_OK);
  return createBlobFiles(dir);
}

export function createBlobFiles(dir: string): BlobFiles {
  // Shard folders known to exist and be synced into `dir` (made once per process, on first use).
  const ready = new Set<string>();
  const folderOf = (id: string): string => join(dir, blobId(id).slice(0, 2));
  const shardOf = async (id: string): Promise<string> => {
    const shard = folderOf(id);
    if (!ready.has(shard)) {
      const made = await mkdir(shard, { recursive: true, mode: 0o700 });
      if (made !== undefined) await syncFolder(dir);
      ready.add(shard);
    }
    return shard;
  };
  const chunkName = (id: string, n: number) => `${blobId(id)}.${chunkNumber(n)}`;
  const pathOf = (shard: string, id: string, n: number) => join(shard, chunkName(id, n));

  /** `bytes` on disk as `name` in blob id's shard folder, made first if need be, with the name too if `syncName`; the
   *  shard. */
  const writeInShard = async (id: string, name: string, bytes: Uint8Array, syncName: boolean): Promise<string> => {
    const shard = await shardOf(id);
    try {
      await writeDurably(join(shard, name), bytes, syncName ? shard : undefined);
      return shard;
    } catch (err) {
      if (!missing(err)) throw err;
      // The shard folder went away since it was made (the folder emptied by hand): made again, once.
      ready.delete(shard);
      const again = await shardOf(id);
      await writeDurably(join(again, name), bytes, syncName ? again : undefined);
      return again;
    }
  };

  return {
    async write(id, n, sealed) {
      // A new chunk goes straight to its name: until Redis marks it, a half-written file is only an orphan.
      await writeInShard(id, chunkName(id, n), sealed, true);
    },
    async replace(id, n, sealed) {
      const path = pathOf(folderOf(id), id, n);
      // Written aside and renamed over: the old file or the new, never half.
      const shard = await writeInShard(id, `${chunkName(id, n)}.new`, sealed, false);
      await rename(`${path}.new`, path);
      await syncFolder(shard);
    },
    async read(id, n) {
      try {
        return await readFile(pathOf(folderOf(id), id, n));
      } catch (err) {
        if (missing(err)) return undefined;
        throw err;
      }
    },
    async remove(id, count) {
      const shard = folderOf(id);
      for (let n = 0; n < count; n += 1) await unlink(pathOf(shard, id, n)).catch(ignoreMissing);
    },
    async sweep(olderThanMs, kept) {
      const cutoff = Date.now() - olderThanMs;
      let removed = 0;
      let shards: string[];
      try {
        shards = await readdir(dir);
      } catch (err) {
        if (missing(err)) return 0;
        throw err;
      }
      for (const shard of shards) {
        if (!/^[0-9a-f]{2}$/.test(shard)) continue;
        const folder = join(dir, shard);
        const old: { path: string; id: string }[] = [];
        for (const name of await readdir(folder).catch(() => [])) {
          const match = CHUNK_FILE.exec(name);
          const id = match?.[1];
          if (id === undefined || !isMessageId(id)) continue;
          const path = join(folder, name);
          const facts = await stat(path).catch(() => undefined);
          if (facts === undefined || facts.mtimeMs >= cutoff) continue;
          // A replacement older than any write in progress is a crash's leftover, whatever its blob.
          if (match?.[3] !== undefined)
            removed += await unlink(path).then(
              () => 1,
              () => 0,
            );
          else old.push({ path, id });
        }
        if (old.length === 0) continue;
        const ids = [...new Set(old.map((file) => file.id))];
        const keptNow = await kept(ids);
        const gone = new Set(ids.filter((_, i) => keptNow[i] !== true));
        for (const file of old) {
          if (!gone.has(file.id)) continue;
          await unlink(file.path).catch(ignoreMissing);
          removed += 1;
        }
      }
      return removed;
    },
  };
}

function ignoreMissing(err: unknown): void {
  if (!missing(err)) throw err;
}
