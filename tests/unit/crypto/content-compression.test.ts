// How contents are compressed (src/crypto/content-compression.ts): a letter's text at quality 3, a large content (an
// attachment's base64) at quality 1 for about the same bytes (issue 17, point 3); either opens with the one decoder.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, constants } from "node:zlib";
import { describe, expect, it } from "vitest";
import { compressContent } from "../../../src/crypto/content-compression.js";

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
});
