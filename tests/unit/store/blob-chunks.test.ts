// A blob's chunks (issue 17): the same whole chunks and the same rest however the bytes were written, and a small
// blob gathered in a buffer its own size's order, not a whole chunk's.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BLOB_CHUNK_BYTES, Chunker } from "../../../src/store/blob-chunks.js";

function cut(bytes: Buffer, sizes: readonly number[]): Buffer[] {
  const pieces: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = sizes[i % sizes.length] ?? 1;
    pieces.push(bytes.subarray(at, at + n));
    at += n;
  }
  return pieces;
}

describe("Chunker", () => {
  for (const total of [0, 1, 1000, 256 * 1024, 256 * 1024 + 1, 700_000, BLOB_CHUNK_BYTES, 2 * BLOB_CHUNK_BYTES + 77])
    for (const sizes of [[49_152], [1, 65_536, 7], [BLOB_CHUNK_BYTES + 3]])
      it(`cuts ${total} bytes written in pieces of ${sizes.join("/")} into whole chunks and a rest`, () => {
        const bytes = randomBytes(total);
        const chunker = new Chunker();
        const chunks: Buffer[] = [];
        for (const piece of cut(bytes, sizes)) {
          // The caller may reuse its buffer once push returns: scribbled over here.
          const copy = Buffer.from(piece);
          chunks.push(...chunker.push(copy));
          copy.fill(0);
        }
        const rest = chunker.rest();
        expect(chunks.every((c) => c.length === BLOB_CHUNK_BYTES)).toBe(true);
        expect(chunks).toHaveLength(Math.floor(total / BLOB_CHUNK_BYTES));
        expect(rest?.length ?? 0).toBe(total % BLOB_CHUNK_BYTES);
        expect(Buffer.concat([...chunks, ...(rest ? [rest] : [])]).equals(bytes)).toBe(true);
      });

  it("gathers a 200 KB blob in a quarter-mebibyte buffer, a 300 KB one in half a mebibyte, not a whole chunk", () => {
    for (const [total, buffer] of [
      [200_000, 256 * 1024],
      [300_000, 512 * 1024],
    ] as const) {
      const chunker = new Chunker();
      for (const piece of cut(randomBytes(total), [49_152])) chunker.push(piece);
      expect(chunker.rest()?.buffer.byteLength).toBe(buffer);
    }
  });

  it("gathers each chunk after the first in a whole chunk's buffer from the start (no doubling copies)", () => {
    const chunker = new Chunker();
    expect(chunker.push(randomBytes(BLOB_CHUNK_BYTES + 10))).toHaveLength(1);
    expect(chunker.rest()?.buffer.byteLength).toBe(BLOB_CHUNK_BYTES);
  });

  it("cuts at any chunk size, smaller than the first buffer too", () => {
    const bytes = randomBytes(1001);
    const chunker = new Chunker(100);
    const chunks = cut(bytes, [33]).flatMap((piece) => chunker.push(piece));
    expect(chunks.map((c) => c.length)).toEqual(Array(10).fill(100));
    expect(Buffer.concat([...chunks, chunker.rest() ?? Buffer.alloc(0)]).equals(bytes)).toBe(true);
  });
});
