// The Redis blob store with its chunks kept as files (GATEWAY_BLOB_DIR, issue 17; src/store/blob-files.ts): the same
// contract as the all-Redis and in-memory stores, and what only files have — the chunk sealed in its file with Redis
// holding a marker, the files gone with an aborted or deleted blob, a file missing or altered refused, key rotation
// re-sealing the files, the sweep removing files whose blob expired and nothing else; and a store switched to files
// still reads the blobs written to Redis before.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { sweepBlobFiles } from "../../../src/background/blob-file-sweeper.js";
import { createSealer, rotateKeyringFile } from "../../../src/crypto/keyring.js";
import { BLOB_CHUNK_BYTES, BLOB_PENDING_SECONDS } from "../../../src/store/blob-chunks.js";
import { createBlobFiles, FILE_CHUNK_MARKER } from "../../../src/store/blob-files.js";
import { createBlobStore } from "../../../src/store/blob-store.js";
import { keysFor } from "../../../src/store/keys.js";
import { createMessageStore } from "../../../src/store/message-store.js";
import { resealAll } from "../../../src/store/reseal.js";
import { silentLogger } from "../../../src/log.js";
import { blobStoreContract, readWhole, type BlobProbe } from "../../support/contracts/blob-store.js";
import { newTestKeyring, rawRedis, uniquePrefix } from "../../support/gateway.js";

const redis = rawRedis(inject("redisUrl"));
const sealer = createSealer(newTestKeyring());
afterAll(() => redis.disconnect());

const folder = () => mkdtempSync(join(tmpdir(), "blob-files-"));
const chunkPath = (dir: string, id: string, n: number) => join(dir, id.slice(0, 2), `${id}.${n}`);

/** Every blob id with a Redis key or a chunk file under `dir`. */
async function blobIds(redis: Redis, prefix: string, dir: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:blob:*`, "COUNT", 500);
    cursor = next;
    for (const key of keys) ids.add(key.slice(`${prefix}:blob:`.length));
  } while (cursor !== "0");
  for (const shard of readdirSync(dir)) for (const name of readdirSync(join(dir, shard))) ids.add(name.slice(0, 36));
  return ids;
}

function filesProbe(prefix: string, dir: string): BlobProbe {
  const keys = keysFor(prefix);
  const flip = (path: string) => {
    const bytes = readFileSync(path);
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 1;
    writeFileSync(path, bytes);
  };
  return {
    async ttls(id) {
      const ttl = await redis.ttl(keys.blob(id));
      return ttl === -2 ? [] : [ttl === -1 ? Infinity : ttl];
    },
    keyCount: async () => (await blobIds(redis, prefix, dir)).size,
    alter: (id, n) => Promise.resolve(flip(chunkPath(dir, id, n))),
    swap(id, a, b) {
      const [first, second] = [readFileSync(chunkPath(dir, id, a)), readFileSync(chunkPath(dir, id, b))];
      writeFileSync(chunkPath(dir, id, a), second);
      writeFileSync(chunkPath(dir, id, b), first);
      return Promise.resolve();
    },
    move(from, to, n) {
      writeFileSync(chunkPath(dir, to, n), readFileSync(chunkPath(dir, from, n)));
      return Promise.resolve();
    },
    // The chunk dropped whole, its marker and its file (a marked chunk whose file is gone: "a chunk file gone" below).
    async dropLast(id) {
      const count = Number(await redis.hget(keys.blob(id), "count"));
      await redis.hdel(keys.blob(id), String(count - 1));
      unlinkSync(chunkPath(dir, id, count - 1));
    },
  };
}

blobStoreContract("redis with chunk files", () => {
  const prefix = uniquePrefix();
  const dir = folder();
  return Promise.resolve({
    blobs: createBlobStore(redis, prefix, sealer, createBlobFiles(dir)),
    store: createMessageStore(redis, prefix, sealer),
    probe: filesProbe(prefix, dir),
  });
});

describe("redis with chunk files: at rest", () => {
  it("each chunk is sealed (mg4) in its file, Redis holds only a marker for it; no patient byte in clear anywhere", async () => {
    const [prefix, dir] = [uniquePrefix(), folder()];
    const blobs = createBlobStore(redis, prefix, sealer, createBlobFiles(dir));
    const text = Buffer.from("0101011234 Nancy Berggren ".repeat(50_000));
    const writer = blobs.create();
    await writer.write(text);
    await writer.finish();
    const stored = await redis.hgetallBuffer(keysFor(prefix).blob(writer.id));
    expect(Object.keys(stored).sort()).toEqual(["0", "1", "count", "size", "summary"]);
    expect(stored["0"]?.toString()).toBe(FILE_CHUNK_MARKER);
    expect(stored["1"]?.toString()).toBe(FILE_CHUNK_MARKER);
    const [first, second] = [readFileSync(chunkPath(dir, writer.id, 0)), readFileSync(chunkPath(dir, writer.id, 1))];
    expect(first.subarray(0, 4).toString("latin1")).toBe("mg4:");
    expect(first.length).toBe(BLOB_CHUNK_BYTES + 4 + sealer.currentKeyId.length + 1 + 12 + 16);
    expect(second.length).toBe(text.length - BLOB_CHUNK_BYTES + 4 + sealer.currentKeyId.length + 1 + 28);
    for (const value of [first, second, ...Object.values(stored)]) expect(value.includes("Berggren")).toBe(false);
    expect((await readWhole(blobs.read(writer.id))).equals(text)).toBe(true);
  });

  it("a chunk file gone while Redis still marks it: the read refuses the blob as incomplete", async () => {
    const [prefix, dir] = [uniquePrefix(), folder()];
    const blobs = createBlobStore(redis, prefix, sealer, createBlobFiles(dir));
    const writer = blobs.create();
    await writer.write(randomBytes(10));
    await writer.finish();
    unlinkSync(chunkPath(dir, writer.id, 0));
    await expect(readWhole(blobs.read(writer.id))).rejects.toMatchObject({ fault: "incomplete", blobId: writer.id });
  });

  it("a store switched to files reads the blobs written to Redis before, and one without the folder refuses files'", async () => {
    const [prefix, dir] = [uniquePrefix(), folder()];
    const before = randomBytes(BLOB_CHUNK_BYTES + 3);
    const inRedis = createBlobStore(redis, prefix, sealer).create();
    await inRedis.write(before);
    await inRedis.finish();
    const withFiles = createBlobStore(redis, prefix, sealer, createBlobFiles(dir));
    expect((await readWhole(withFiles.read(inRedis.id))).equals(before)).toBe(true);
    const inFiles = withFiles.create();
    await inFiles.write(Buffer.from("after"));
    await inFiles.finish();
    await expect(readWhole(createBlobStore(redis, prefix, sealer).read(inFiles.id))).rejects.toMatchObject({
      fault: "incomplete",
    });
  });

  it("key rotation re-seals the chunk files under the new key, keeping Redis's markers and expiry", async () => {
    const [prefix, dir] = [uniquePrefix(), folder()];
    const files = createBlobFiles(dir);
    const path = newTestKeyring();
    const bytes = randomBytes(2 * BLOB_CHUNK_BYTES + 7);
    const writer = createBlobStore(redis, prefix, createSealer(path), files).create();
    await writer.write(bytes);
    await writer.finish();
    const other = createBlobStore(redis, prefix, createSealer(path), files).create();
    await other.write(randomBytes(10));
    await other.finish();
    // The other blob's chunk file is altered: reported, left as it is.
    const altered = readFileSync(chunkPath(dir, other.id, 0));
    altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 1;
    writeFileSync(chunkPath(dir, other.id, 0), altered);

    const rotated = rotateKeyringFile(path);
    const after = createSealer(path);
    const result = await resealAll(redis, prefix, after, files);
    expect(result.corrupt).toEqual([{ messageId: other.id, field: "blob:0" }]);
    expect(result.resealed).toBe(4 + 1); // three chunk files and the summary of one, the summary of the other
    for (const n of [0, 1, 2])
      expect(
        readFileSync(chunkPath(dir, writer.id, n))
          .subarray(0, 5 + rotated.length)
          .toString(),
      ).toBe(`mg4:${rotated}:`);
    expect(readFileSync(chunkPath(dir, other.id, 0)).equals(altered)).toBe(true);
    const key = keysFor(prefix).blob(writer.id);
    expect((await redis.hget(key, "0")) ?? "").toBe(FILE_CHUNK_MARKER);
    expect(await redis.ttl(key)).toBeGreaterThan(BLOB_PENDING_SECONDS - 100);
    expect((await readWhole(createBlobStore(redis, prefix, after, files).read(writer.id))).equals(bytes)).toBe(true);
    expect((await resealAll(redis, prefix, after, files)).resealed).toBe(0);
    // Without the folder, the files' chunks cannot be reached: reported, so the retired key is not thrown away.
    rotateKeyringFile(path);
    const blind = await resealAll(redis, prefix, createSealer(path));
    expect(blind.corrupt).toContainEqual({ messageId: writer.id, field: "blob:0" });
  });

  it("the sweep removes the old files of a blob whose hash expired, and keeps a kept blob's and a young one's", async () => {
    const [prefix, dir] = [uniquePrefix(), folder()];
    const files = createBlobFiles(dir);
    const blobs = createBlobStore(redis, prefix, sealer, files);
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const writer = blobs.create();
      await writer.write(randomBytes(100));
      await writer.finish();
      ids.push(writer.id);
    }
    const [expired, kept, young] = ids as [string, string, string];
    await redis.del(keysFor(prefix).blob(expired)); // as its expiry would
    await redis.del(keysFor(prefix).blob(young)); // a crash between its file and its marker
    const old = new Date(Date.now() - (BLOB_PENDING_SECONDS + 60) * 1000);
    for (const id of [expired, kept]) utimesSync(chunkPath(dir, id, 0), old, old);
    expect(await sweepBlobFiles(files, redis, keysFor(prefix), silentLogger())).toBe(1);
    expect(await files.read(expired, 0)).toBeUndefined();
    expect((await readWhole(blobs.read(kept))).length).toBe(100);
    expect(await files.read(young, 0)).toBeDefined();
  });
});
