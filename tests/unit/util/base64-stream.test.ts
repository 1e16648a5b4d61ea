// The streaming base64 encoder (issue 17): for any bytes cut into any pieces, the pieces' output joined is exactly
// Buffer.toString("base64") of the whole, and base64LengthOf says its length before any byte is encoded.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { base64Chunks, base64LengthOf } from "../../../src/util/base64-stream.js";

async function* pieces(bytes: Buffer, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const n = cuts[i % cuts.length] ?? 1;
    // A real source awaits its store between chunks.
    yield await Promise.resolve(new Uint8Array(bytes.subarray(at, at + n)));
    at += n;
  }
}

async function encoded(source: AsyncIterable<Uint8Array>): Promise<string> {
  let out = "";
  for await (const piece of base64Chunks(source)) out += Buffer.from(piece).toString("latin1");
  return out;
}

describe("base64Chunks", () => {
  const chunkings = [[1], [2], [3], [4], [5], [1, 2], [2, 1, 7], [1024], [1024 * 1024], [3 * 1024 + 1, 17, 0]];
  const sizes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 31, 32, 33, 100, 1000, 3 * 1024 + 2, 65_537];

  it("matches Buffer.toString('base64') for every size and chunking", async () => {
    for (const size of sizes) {
      const bytes = randomBytes(size);
      for (const cuts of chunkings) {
        const text = await encoded(pieces(bytes, cuts));
        expect(text, `size ${size}, cuts ${cuts.join(",")}`).toBe(bytes.toString("base64"));
        expect(text.length).toBe(base64LengthOf(size));
      }
    }
  });

  it("a large blob in uneven chunks, and empty chunks in between", async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 2);
    expect(await encoded(pieces(bytes, [1024 * 1024 + 1, 0, 7, 1024 * 1024 - 1]))).toBe(bytes.toString("base64"));
  });

  it("does not keep the source's chunk memory: a source reusing its buffer still encodes right", async () => {
    const bytes = randomBytes(1000);
    const shared = new Uint8Array(10);
    async function* reusing(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < bytes.length; at += 10) {
        shared.set(bytes.subarray(at, at + 10));
        yield await Promise.resolve(shared.subarray(0, Math.min(10, bytes.length - at)));
      }
    }
    expect(await encoded(reusing())).toBe(bytes.toString("base64"));
  });

  it("hands out pieces of their own, 64 KiB each but the last, however the input is cut", async () => {
    // The pieces are kept until the end: none may share memory the encoder reuses (its buffer of a slice's bytes).
    const bytes = randomBytes(5 * 49_152 + 1000);
    for (const cuts of [[1024 * 1024 - 128], [65_536], [49_151, 2], [7]]) {
      const out: Uint8Array[] = [];
      for await (const piece of base64Chunks(pieces(bytes, cuts))) out.push(piece);
      expect(Buffer.concat(out).toString("latin1"), `cuts ${cuts.join(",")}`).toBe(bytes.toString("base64"));
      expect(out.slice(0, -1).every((p) => p.byteLength === 65_536)).toBe(true);
    }
  });

  it("base64LengthOf", () => {
    expect([0, 1, 2, 3, 4, 100 * 1024 * 1024].map(base64LengthOf)).toEqual([0, 4, 4, 4, 8, 139_810_136]);
  });
});
