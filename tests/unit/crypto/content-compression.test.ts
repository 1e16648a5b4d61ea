// How contents are compressed (src/crypto/content-compression.ts): a letter's text at quality 3, a large content (an
// attachment's base64) at quality 1 for about the same bytes (issue 17, point 3); either opens with the one decoder.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, constants } from "node:zlib";
import { describe, expect, it } from "vitest";
import { compressContent, windowBitsFor } from "../../../src/crypto/content-compression.js";

const atQuality = (text: string, quality: number) =>
  brotliCompressSync(Buffer.from(text, "utf8"), { params: { [constants.BROTLI_PARAM_QUALITY]: quality } });
const letter = readFileSync(
  join(import.meta.dirname, "../../../../shared/medcom/examples/cc5-01-new-message.xml"),
  "utf8",
);

describe("compressContent", () => {
  it("a letter's text as quality 3 writes it", () => {
    expect(compressContent(letter).length).toBe(atQuality(letter, 3).length);
    expect(brotliDecompressSync(compressContent(letter)).toString("utf8")).toBe(letter);
  });

  it("a letter with a 200 KB PDF at quality 1: within 0.5 % of quality 3's bytes, and the same text back", () => {
    const text = JSON.stringify({ letter, data: randomBytes(200 * 1024).toString("base64"), after: "æøå" });
    const compressed = compressContent(text);
    expect(compressed.length).toBeLessThan(atQuality(text, 3).length * 1.005);
    expect(compressed.length).toBeLessThan(text.length * 0.76);
    expect(brotliDecompressSync(compressed).toString("utf8")).toBe(text);
  });

  it("a window just large enough for the content: the same bytes as the default window, and the same text back", () => {
    // A window of 2^bits bytes holds 2^bits − 16 of them (RFC 7932 §9.1).
    expect([0, 1008, 1009, 9767, 16_368, 16_369, 2 ** 24, 2 ** 30].map(windowBitsFor)).toEqual([
      10, 10, 11, 14, 14, 15, 24, 24,
    ]);
    // Contents just under, at and over a window's size, text and base64 alike: nothing a longer window would find is
    // missed, and every one opens.
    for (const size of [1000, 1008, 1009, 1024, 4080, 4081, 4095, 4097, 16_368, 16_369, 16_385, 70_000])
      for (const text of [
        letter.repeat(Math.ceil(size / letter.length)).slice(0, size),
        randomBytes(size).toString("base64").slice(0, size),
      ]) {
        const compressed = compressContent(text);
        expect(brotliDecompressSync(compressed).toString("utf8"), `${size}`).toBe(text);
        const quality = size > 64 * 1024 ? 1 : 3;
        // At most a byte more: the window's size is the stream's first bits, 4 for the default (22), 7 for 10–15
        // (RFC 7932 §9.2).
        expect(compressed.length, `${size}`).toBeLessThanOrEqual(atQuality(text, quality).length + 1);
      }
  });
});
