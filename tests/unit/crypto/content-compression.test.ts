// A content is always a Brotli stream (RFC 7932), whatever was chosen for it (issue 17, point 3): stored blocks for
// base64 that does not compress are opened by Node's own Brotli decoder, byte for byte, at every block boundary.
import { randomBytes } from "node:crypto";
import { brotliDecompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { compressContent, LARGE_CONTENT_BYTES, storedBrotli } from "../../../src/crypto/content-compression.js";

describe("content compression", () => {
  it.each([0, 1, 3, 65_535, 65_536, 65_537, 131_072, 300_001, 1 << 20])(
    "%d bytes as stored Brotli blocks open as the same bytes",
    (length) => {
      const bytes = randomBytes(length);
      const stream = storedBrotli(bytes);
      expect(brotliDecompressSync(stream).equals(bytes)).toBe(true);
      expect(stream.length).toBe(length + Math.ceil(length / 65_536) * 3 + 1);
    },
  );

  it("compresses a text letter, and stores a large content of base64 of random bytes", () => {
    const letter = JSON.stringify({
      resourceType: "Bundle",
      entry: Array.from({ length: 40 }, (_, i) => ({ fullUrl: `urn:uuid:${i}`, resource: { text: "Kære læge" } })),
    });
    expect(compressContent(letter).length).toBeLessThan(letter.length / 4);
    const large = JSON.stringify({ text: letter, data: randomBytes(100 * 1024).toString("base64") });
    expect(Buffer.byteLength(large)).toBeGreaterThan(LARGE_CONTENT_BYTES);
    const stored = compressContent(large);
    expect(brotliDecompressSync(stored).toString("utf8")).toBe(large);
    expect(stored.subarray(3, 3 + 100).toString("utf8")).toBe(large.slice(0, 100));
  });
});
