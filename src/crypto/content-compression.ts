// How a message content is compressed before it is sealed (mg3, src/crypto/keyring.ts): a Brotli stream (RFC 7932)
// at quality 3, whatever its size. Compact storage comes first (issue 17, point 2: Redis memory is the design's
// ceiling, docs/sizing.md): a large content that is mostly an attachment's base64 of already-compressed bytes (a PDF,
// an image) still shrinks to the 6 bits a base64 character carries — a letter with a 200 KB PDF keeps ≈ 208 KB
// instead of ≈ 284 KB stored uncompressed, for ≈ 1.2 ms of CPU to compress it (tried and left out, issue 17 point 3).
import { brotliCompressSync, constants as zlibConstants } from "node:zlib";

/**
 * Brotli quality 3: the e2e bench's text letter (9.8 KB of JSON) in 2,320 bytes at ≈ 70 µs of CPU, where quality 5
 * took ≈ 120–160 µs for 2,080 bytes, quality 4 ≈ 130 µs for 2,233 and quality 2 ≈ 60 µs for 2,395 (issue 17, point
 * 3); what a text letter keeps in Redis stays under the 6 KB target (the sealed content stays in its allocator size
 * class). On an attachment's base64 quality 3 takes half quality 5's time for 0.2 % more bytes.
 */
const BROTLI_QUALITY = 3;

export function compressContent(text: string): Buffer {
  const bytes = Buffer.from(text, "utf8");
  return brotliCompressSync(bytes, {
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}
