// How a message content is compressed before it is sealed (mg3, src/crypto/keyring.ts): a Brotli stream (RFC 7932),
// at quality 3 for a letter's text and quality 1 for a large content. Compact storage comes first (issue 17, point
// 2: Redis memory is the design's ceiling, docs/sizing.md): a large content that is mostly an attachment's base64 of
// already-compressed bytes (a PDF, an image) still shrinks to the 6 bits a base64 character carries — a letter with a
// 200 KB PDF keeps ≈ 206 KB instead of ≈ 284 KB stored uncompressed. Any quality opens with the same decoder: the
// stored format (mg3) does not change with it.
import { brotliCompressSync, constants as zlibConstants } from "node:zlib";

/**
 * Brotli quality 3: the e2e bench's text letter (9.8 KB of JSON) in 2,320 bytes at ≈ 70 µs of CPU, where quality 5
 * took ≈ 120–160 µs for 2,080 bytes, quality 4 ≈ 130 µs for 2,233 and quality 2 ≈ 60 µs for 2,395 (issue 17, point
 * 3); what a text letter keeps in Redis stays under the 6 KB target (the sealed content stays in its allocator size
 * class).
 */
const LETTER_QUALITY = 3;

/**
 * Quality 1 past 64 KiB: a content that large is an attachment's base64 (a letter's text is a few kilobytes), where
 * quality 3's searches find nothing quality 1's do not. The bench's PDF letter (282 KB of JSON, 273 KB of it the
 * base64 of 200 KB of random bytes): 205,703 bytes at quality 1 for ≈ 0.86 ms, 205,836 at quality 3 for ≈ 1.6 ms,
 * quality 0 209,154 for ≈ 0.6 ms (wall time under load; issue 17, point 3). A text past 64 KiB without attachments
 * (rare) is stored a few per cent larger.
 */
const LARGE_QUALITY = 1;
const LARGE_BYTES = 64 * 1024;

/**
 * The window (log2 of its bytes) just large enough to hold the whole content, within Brotli's 10–24 (RFC 7932 §9.1):
 * a larger one finds nothing more in a content shorter than it, but the encoder sets up its ring buffer and hash
 * tables for it on every call. The text letter at quality 3: 75.7 µs with the default window (22), 50.8 µs with 14,
 * the same 2,313 bytes (in process; issue 17, point 3). The window is written in the stream: any decoder opens it.
 */
export function windowBitsFor(byteLength: number): number {
  let bits = 10;
  // A window of 2^bits bytes holds 2^bits − 16 of them (RFC 7932 §9.1).
  while (bits < 24 && 2 ** bits - 16 < byteLength) bits++;
  return bits;
}

export function compressContent(text: string): Buffer {
  const bytes = Buffer.from(text, "utf8");
  return brotliCompressSync(bytes, {
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: bytes.length > LARGE_BYTES ? LARGE_QUALITY : LETTER_QUALITY,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      [zlibConstants.BROTLI_PARAM_LGWIN]: windowBitsFor(bytes.length),
    },
  });
}
