// The blob store's contract (issue 17, point 1), with the message store's accept that keeps blobs: run against Redis
// (tests/integration/store/redis-blob-store.test.ts) and memory (tests/unit/store/memory-blob-store.test.ts) alike.
// A probe reaches under the port, as only someone with write access to Redis could: to see expiries and keys, and to
// alter, swap, move and drop stored chunks.
import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { BlobStore, MessageStore } from "../../../src/domain/ports/index.js";
import { BLOB_CHUNK_BYTES, BLOB_PENDING_SECONDS } from "../../../src/store/blob-chunks.js";
import { BlobMissing, BlobUnreadable } from "../../../src/store/blob-errors.js";
import { acceptInput } from "../store.js";
import { iso, T0 } from "./ports.js";

export interface BlobProbe {
  /** Seconds each key of the blob has left (Infinity for a key without expiry); [] when it has no key. */
  ttls(id: string): Promise<number[]>;
  /** How many blob keys the state holds, every blob's. */
  keyCount(): Promise<number>;
  /** Flip one bit in the middle of stored chunk n. */
  alter(id: string, n: number): Promise<void>;
  /** Swap stored chunks a and b. */
  swap(id: string, a: number, b: number): Promise<void>;
  /** Put blob `from`'s stored chunk n in place of blob `to`'s chunk n. */
  move(from: string, to: string, n: number): Promise<void>;
  /** Remove the last stored chunk. */
  dropLast(id: string): Promise<void>;
}

export interface BlobPorts {
  blobs: BlobStore;
  store: MessageStore;
  probe: BlobProbe;
}

/** Fresh ports over an empty state; `now` is the clock the memory ports read (T0 here). */
export type BlobPortsFactory = (now: () => Date) => Promise<BlobPorts>;

/** The chunk size (just under 1 MiB, blob-chunks.ts): the edges are around it, and around 1 MiB itself. */
const CHUNK = BLOB_CHUNK_BYTES;
const MiB = 1024 * 1024;
const DAY = 24 * 3600;

/** A blob read whole into one buffer (the stores' own tests, which read small blobs). */
export async function readWhole(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  return Buffer.concat(await collect(chunks));
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const all: Uint8Array[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}

/** A finished blob of `bytes`, written in pieces of `piece` bytes. */
async function blobOf(blobs: BlobStore, bytes: Uint8Array, piece = bytes.byteLength || 1): Promise<string> {
  const writer = blobs.create();
  for (let at = 0; at < bytes.byteLength; at += piece) await writer.write(bytes.subarray(at, at + piece));
  await writer.finish();
  return writer.id;
}

const accepted = (retentionDays: number, blobs: string[]) => ({
  ...acceptInput({ createdAt: iso(T0), updatedAt: iso(T0) }),
  retentionSeconds: retentionDays * DAY,
  blobs,
});

export function blobStoreContract(name: string, factory: BlobPortsFactory): void {
  const ports = () => factory(() => new Date(T0));

  describe(`${name}: blob store contract`, () => {
    const sizes = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, MiB, 3 * CHUNK + 5, 3 * MiB + 5];
    for (const size of sizes) {
      it(`reads back ${size} bytes, written whole or in odd pieces, in chunks of at most the chunk size`, async () => {
        const { blobs } = await ports();
        const bytes = randomBytes(size);
        for (const piece of [size || 1, 65_537]) {
          const id = await blobOf(blobs, bytes, piece);
          const chunks = await collect(blobs.read(id));
          expect(chunks.length).toBe(Math.ceil(size / CHUNK));
          expect(chunks.every((c) => c.byteLength <= CHUNK)).toBe(true);
          expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
          expect(await blobs.size(id)).toBe(size);
        }
      });
    }

    it("refuses to read a blob that is missing or not finished, and has no size for it", async () => {
      const { blobs } = await ports();
      const missing = randomUUID();
      await expect(collect(blobs.read(missing))).rejects.toMatchObject({ fault: "missing", blobId: missing });
      expect(await blobs.size(missing)).toBeUndefined();
      const writer = blobs.create();
      await writer.write(randomBytes(MiB + 3));
      await expect(collect(blobs.read(writer.id))).rejects.toMatchObject({ fault: "incomplete" });
      expect(await blobs.size(writer.id)).toBeUndefined();
    });

    it("a write resolves when its chunks are stored; nothing is written after finish or abort", async () => {
      const { blobs } = await ports();
      const writer = blobs.create();
      await writer.write(randomBytes(2 * MiB + 1));
      await writer.finish();
      await expect(writer.write(new Uint8Array(1))).rejects.toThrow(/finished/);
      await expect(writer.finish()).rejects.toThrow();
      const other = blobs.create();
      await other.abort();
      await expect(other.write(new Uint8Array(1))).rejects.toThrow(/aborted/);
    });

    describe("a stored chunk altered, swapped, moved or dropped: the read throws, naming the blob, not the bytes", () => {
      const three = () => randomBytes(2 * MiB + 10);
      it("altered", async () => {
        const { blobs, probe } = await ports();
        const id = await blobOf(blobs, three());
        await probe.alter(id, 1);
        const error = await collect(blobs.read(id)).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BlobUnreadable);
        expect(error).toMatchObject({ fault: "does-not-open", blobId: id });
        expect(String(error)).toMatch(new RegExp(`blob ${id} has a chunk that does not open`));
      });
      it("swapped", async () => {
        const { blobs, probe } = await ports();
        const id = await blobOf(blobs, three());
        await probe.swap(id, 0, 1);
        await expect(collect(blobs.read(id))).rejects.toMatchObject({ fault: "does-not-open" });
      });
      it("moved from another blob", async () => {
        const { blobs, probe } = await ports();
        const id = await blobOf(blobs, three());
        const other = await blobOf(blobs, three());
        await probe.move(other, id, 1);
        await expect(collect(blobs.read(id))).rejects.toMatchObject({ fault: "does-not-open" });
        expect(Buffer.concat(await collect(blobs.read(other))).byteLength).toBe(2 * MiB + 10);
      });
      it("dropped", async () => {
        const { blobs, probe } = await ports();
        const id = await blobOf(blobs, three());
        await probe.dropLast(id);
        await expect(collect(blobs.read(id))).rejects.toBeInstanceOf(BlobUnreadable);
        expect(await blobs.size(id)).toBeUndefined();
      });
    });

    it("abort and delete leave no key", async () => {
      const { blobs, probe } = await ports();
      const writer = blobs.create();
      await writer.write(randomBytes(2 * MiB + 1));
      expect(await probe.keyCount()).toBe(1);
      await writer.abort();
      expect(await probe.keyCount()).toBe(0);
      const id = await blobOf(blobs, randomBytes(MiB + 1));
      expect(await probe.keyCount()).toBe(1);
      await blobs.delete(id);
      expect(await probe.keyCount()).toBe(0);
      await expect(collect(blobs.read(id))).rejects.toMatchObject({ fault: "missing" });
    });

    it("a blob is written under the pending expiry, refreshed as it is written and finished", async () => {
      const { blobs, probe } = await ports();
      const writer = blobs.create();
      await writer.write(randomBytes(MiB));
      const pending = (ttls: number[]) => {
        expect(ttls.length).toBeGreaterThan(0);
        for (const ttl of ttls) {
          expect(ttl).toBeGreaterThan(BLOB_PENDING_SECONDS - 30);
          expect(ttl).toBeLessThanOrEqual(BLOB_PENDING_SECONDS);
        }
      };
      pending(await probe.ttls(writer.id));
      await writer.write(randomBytes(MiB));
      await writer.finish();
      pending(await probe.ttls(writer.id));
    });
  });

  describe(`${name}: accept keeps the blobs its message names`, () => {
    const around = (ttls: number[], seconds: number) => {
      expect(ttls.length).toBeGreaterThan(0);
      for (const ttl of ttls) {
        expect(ttl).toBeGreaterThan(seconds - 30);
        expect(ttl).toBeLessThanOrEqual(seconds);
      }
    };

    it("keeps each blob for the retention period, and never for less than it already is", async () => {
      const { blobs, store, probe } = await ports();
      const a = await blobOf(blobs, randomBytes(MiB + 1));
      const b = await blobOf(blobs, randomBytes(10));
      const first = accepted(90, [a, b]);
      expect(await store.accept(first)).toEqual({ outcome: "accepted", id: first.record.id });
      around(await probe.ttls(a), 90 * DAY);
      around(await probe.ttls(b), 90 * DAY);
      // A forward naming the same blob with a shorter retention leaves it as it is; a longer one extends it.
      await store.accept(accepted(1, [a]));
      around(await probe.ttls(a), 90 * DAY);
      await store.accept(accepted(100, [b]));
      around(await probe.ttls(b), 100 * DAY);
      expect(Buffer.concat(await collect(blobs.read(b))).byteLength).toBe(10);
    });

    it("refuses a message naming a blob that is missing or unfinished: nothing stored, no blob kept", async () => {
      const { blobs, store, probe } = await ports();
      const whole = await blobOf(blobs, randomBytes(100));
      const gone = randomUUID();
      const input = accepted(90, [whole, gone]);
      const error = await store.accept(input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BlobMissing);
      expect(error).toMatchObject({ blobId: gone, kind: "unavailable" });
      expect(await store.get(input.record.id)).toBeUndefined();
      around(await probe.ttls(whole), BLOB_PENDING_SECONDS);

      const unfinished = blobs.create();
      await unfinished.write(randomBytes(MiB + 1));
      const second = accepted(90, [unfinished.id]);
      await expect(store.accept(second)).rejects.toMatchObject({ blobId: unfinished.id });
      expect(await store.get(second.record.id)).toBeUndefined();

      const dropped = await blobOf(blobs, randomBytes(2 * MiB));
      await probe.dropLast(dropped);
      await expect(store.accept(accepted(90, [dropped]))).rejects.toBeInstanceOf(BlobMissing);
    });

    it("a duplicate keeps no blob (its caller deletes them)", async () => {
      const { blobs, store, probe } = await ports();
      const input = accepted(90, [await blobOf(blobs, randomBytes(5))]);
      await store.accept(input);
      const resent = await blobOf(blobs, randomBytes(5));
      const again = { ...input, blobs: [resent] };
      expect(await store.accept(again)).toMatchObject({ outcome: "duplicate" });
      around(await probe.ttls(resent), BLOB_PENDING_SECONDS);
      // A duplicate does not check blobs either: it answers the first message, whatever this request wrote.
      expect(await store.accept({ ...input, blobs: [randomUUID()] })).toMatchObject({ outcome: "duplicate" });
    });
  });
}
