// The Redis blob store and its accept against the same contract as the in-memory ones
// (tests/unit/store/memory-blob-store.test.ts), and what only Redis has: the chunks sealed at rest, key rotation.
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createSealer, rotateKeyringFile } from "../../../src/crypto/keyring.js";
import { createBlobStore } from "../../../src/store/blob-store.js";
import { BLOB_CHUNK_BYTES } from "../../../src/store/blob-chunks.js";
import { keysFor } from "../../../src/store/keys.js";
import { createMessageStore } from "../../../src/store/message-store.js";
import { resealAll } from "../../../src/store/reseal.js";
import { blobStoreContract, readWhole, type BlobProbe } from "../../support/contracts/blob-store.js";
import { newTestKeyring, rawRedis, uniquePrefix } from "../../support/gateway.js";

const redis = rawRedis(inject("redisUrl"));
const sealer = createSealer(newTestKeyring());
afterAll(() => redis.disconnect());

async function blobKeys(redis: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:blob:*`, "COUNT", 500);
    cursor = next;
    found.push(...keys);
  } while (cursor !== "0");
  return found;
}

function redisProbe(prefix: string): BlobProbe {
  const keys = keysFor(prefix);
  const chunk = async (id: string, n: number) => {
    const value = await redis.hgetBuffer(keys.blob(id), String(n));
    if (value === null) throw new Error(`no chunk ${n} of blob ${id}`);
    return value;
  };
  return {
    async ttls(id) {
      const ttl = await redis.ttl(keys.blob(id));
      return ttl === -2 ? [] : [ttl === -1 ? Infinity : ttl];
    },
    keyCount: async () => (await blobKeys(redis, prefix)).length,
    async alter(id, n) {
      const value = await chunk(id, n);
      value[value.length >> 1] = (value[value.length >> 1] ?? 0) ^ 1;
      await redis.hset(keys.blob(id), String(n), value);
    },
    async swap(id, a, b) {
      const [first, second] = [await chunk(id, a), await chunk(id, b)];
      await redis.hset(keys.blob(id), String(a), second, String(b), first);
    },
    async move(from, to, n) {
      await redis.hset(keys.blob(to), String(n), await chunk(from, n));
    },
    async dropLast(id) {
      const count = Number(await redis.hget(keys.blob(id), "count"));
      await redis.hdel(keys.blob(id), String(count - 1));
    },
  };
}

blobStoreContract("redis", () => {
  const prefix = uniquePrefix();
  return Promise.resolve({
    blobs: createBlobStore(redis, prefix, sealer),
    store: createMessageStore(redis, prefix, sealer),
    probe: redisProbe(prefix),
  });
});

describe("redis: blobs at rest", () => {
  it("each chunk is sealed as bytes (mg4), uncompressed: 35 bytes over the chunk, no patient byte in clear", async () => {
    const prefix = uniquePrefix();
    const blobs = createBlobStore(redis, prefix, sealer);
    const text = Buffer.from("0101011234 Nancy Berggren ".repeat(50_000));
    const writer = blobs.create();
    await writer.write(text);
    await writer.finish();
    const stored = await redis.hgetallBuffer(keysFor(prefix).blob(writer.id));
    expect(Object.keys(stored).sort()).toEqual(["0", "1", "count", "size", "summary"]);
    const [first, second] = [stored["0"] ?? Buffer.alloc(0), stored["1"] ?? Buffer.alloc(0)];
    expect(first.subarray(0, 4).toString("latin1")).toBe("mg4:");
    expect(first.length).toBe(BLOB_CHUNK_BYTES + 4 + sealer.currentKeyId.length + 1 + 12 + 16);
    expect(second.length).toBe(text.length - BLOB_CHUNK_BYTES + 4 + sealer.currentKeyId.length + 1 + 28);
    for (const value of Object.values(stored)) expect(value.includes("Berggren")).toBe(false);
    expect(stored.summary?.toString().startsWith("mg2:")).toBe(true);
    expect((await readWhole(blobs.read(writer.id))).equals(text)).toBe(true);
  });

  it("a full chunk takes 1 MiB of Redis memory, not the next allocator size class (1.25 MiB)", async () => {
    const prefix = uniquePrefix();
    const writer = createBlobStore(redis, prefix, sealer).create();
    await writer.write(randomBytes(8 * BLOB_CHUNK_BYTES));
    await writer.finish();
    const used = Number(await redis.memory("USAGE", keysFor(prefix).blob(writer.id), "SAMPLES", "0"));
    expect(used).toBeGreaterThan(8 * 1024 * 1024 * 0.99);
    expect(used).toBeLessThan(8 * 1024 * 1024 * 1.01);
  });

  it("a blob cut short, its plain count and size altered to match, is refused: the sealed summary disagrees", async () => {
    const prefix = uniquePrefix();
    const blobs = createBlobStore(redis, prefix, sealer);
    const writer = blobs.create();
    await writer.write(randomBytes(2 * BLOB_CHUNK_BYTES + 5));
    await writer.finish();
    const key = keysFor(prefix).blob(writer.id);
    await redis.hdel(key, "2");
    await redis.hset(key, "count", "2", "size", String(2 * BLOB_CHUNK_BYTES));
    await expect(readWhole(blobs.read(writer.id))).rejects.toMatchObject({ fault: "wrong-size" });
    expect(await blobs.size(writer.id)).toBeUndefined();
  });

  it("a blob whose pending expiry ran out while it was written is not silently continued", async () => {
    const prefix = uniquePrefix();
    const blobs = createBlobStore(redis, prefix, sealer);
    const writer = blobs.create();
    await writer.write(randomBytes(BLOB_CHUNK_BYTES));
    await redis.del(keysFor(prefix).blob(writer.id)); // as the expiry would
    await expect(writer.write(randomBytes(BLOB_CHUNK_BYTES))).rejects.toMatchObject({ fault: "incomplete" });
    await expect(writer.finish()).rejects.toThrow(/failed/);
    expect(await blobKeys(redis, prefix)).toEqual([]);
  });

  it("the last chunk, stored by the finishing script, is refused when the chunks before it are gone", async () => {
    const prefix = uniquePrefix();
    const blobs = createBlobStore(redis, prefix, sealer);
    const writer = blobs.create();
    await writer.write(randomBytes(BLOB_CHUNK_BYTES));
    expect(await redis.hlen(keysFor(prefix).blob(writer.id))).toBe(1);
    await redis.del(keysFor(prefix).blob(writer.id)); // as the expiry would
    await writer.write(randomBytes(10));
    await expect(writer.finish()).rejects.toMatchObject({ fault: "incomplete" });
    expect(await blobKeys(redis, prefix)).toEqual([]);
    // A one-chunk blob is stored and finished in that one step.
    const single = blobs.create();
    await single.write(Buffer.from("one chunk"));
    expect(await redis.exists(keysFor(prefix).blob(single.id))).toBe(0);
    await single.finish();
    expect((await readWhole(blobs.read(single.id))).toString()).toBe("one chunk");
  });

  it("key rotation re-seals every chunk and the summary under the new key, keeping the expiry", async () => {
    const prefix = uniquePrefix();
    const path = newTestKeyring();
    const before = createSealer(path);
    const bytes = randomBytes(2 * BLOB_CHUNK_BYTES + 7);
    const writer = createBlobStore(redis, prefix, before).create();
    await writer.write(bytes);
    await writer.finish();
    const other = createBlobStore(redis, prefix, before).create();
    await other.write(randomBytes(10));
    await other.finish();
    const key = keysFor(prefix).blob(writer.id);
    // The other blob's chunk is altered: reported, left as it is.
    const altered = (await redis.hgetBuffer(keysFor(prefix).blob(other.id), "0")) ?? Buffer.alloc(0);
    altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 1;
    await redis.hset(keysFor(prefix).blob(other.id), "0", altered);

    const rotated = rotateKeyringFile(path);
    const after = createSealer(path);
    const result = await resealAll(redis, prefix, after);
    expect(result.corrupt).toEqual([{ messageId: other.id, field: "blob:0" }]);
    expect(result.resealed).toBe(4 + 1); // three chunks and the summary of one, the summary of the other
    const stored = await redis.hgetallBuffer(key);
    for (const n of ["0", "1", "2"])
      expect(stored[n]?.subarray(0, 5 + rotated.length).toString()).toBe(`mg4:${rotated}:`);
    expect(stored.summary?.toString().startsWith(`mg2:${rotated}:`)).toBe(true);
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(3500);
    expect((await readWhole(createBlobStore(redis, prefix, after).read(writer.id))).equals(bytes)).toBe(true);
    // A second run finds nothing stale.
    expect((await resealAll(redis, prefix, after)).resealed).toBe(0);
  });
});
