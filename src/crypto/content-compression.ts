// How a message content is compressed before it is sealed (mg3, src/crypto/keyring.ts): always as a Brotli stream
// (RFC 7932), which every version of the gateway opens with brotliDecompressSync. A text letter is compressed at
// quality 3. A large content that is mostly an attachment's base64 of already-compressed bytes (a PDF, an image)
// shrinks only to the 6 bits a character base64 carries, for ≈ 1 ms of CPU per 200 KB to compress and as much again
// each time it is opened: it is written as a Brotli stream of stored (uncompressed) meta-blocks instead, a copy
// (issue 17, point 3). It is kept a third larger, in exchange.
import { brotliCompressSync, constants as zlibConstants } from "node:zlib";

/**
 * Brotli quality 3 for a letter: the e2e bench's text letter (9.8 KB of JSON) in 2,320 bytes at ≈ 70 µs of CPU, where
 * quality 5 took ≈ 120–160 µs for 2,080 bytes, quality 4 ≈ 130 µs for 2,233 and quality 2 ≈ 60 µs for 2,395 (issue
 * 17, point 3). What a text letter keeps in Redis stays under the 6 KB target with room: 5,501 -> ≈ 5,740 bytes.
 */
const BROTLI_QUALITY = 3;
/**
 * A content this large is mostly an attachment's base64: whether it compresses is decided on a sample. One that does
 * (base64 of text, a long letter) is compressed as a letter is.
 */
export const LARGE_CONTENT_BYTES = 64 * 1024;
/** The sample: slices at a quarter, a half and three quarters of the content, 4 KiB each. */
const SAMPLE_SLICE_BYTES = 4 * 1024;
/**
 * Stored when the sample compresses to more than this: base64 of random bytes comes to ≈ 0.76 at quality 1 (its 6
 * bits a character), a letter's JSON or XML to ≈ 0.25, base64 of text to ≈ 0.5–0.6.
 */
const INCOMPRESSIBLE_RATIO = 0.7;

export function compressContent(text: string): Buffer {
  const bytes = Buffer.from(text, "utf8");
  return bytes.length < LARGE_CONTENT_BYTES || compresses(bytes) ? brotli(bytes, BROTLI_QUALITY) : storedBrotli(bytes);
}

const brotli = (bytes: Buffer, quality: number): Buffer =>
  brotliCompressSync(bytes, {
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: quality,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });

function compresses(bytes: Buffer): boolean {
  const slices = [1, 2, 3].map((quarter) => {
    const at = Math.floor((bytes.length * quarter) / 4);
    return bytes.subarray(at, at + SAMPLE_SLICE_BYTES);
  });
  const sample = Buffer.concat(slices);
  return brotli(sample, 1).length <= sample.length * INCOMPRESSIBLE_RATIO;
}

/** The largest meta-block written: MLEN - 1 in four nibbles (RFC 7932 §9.2). */
const BLOCK_BYTES = 1 << 16;

/**
 * `bytes` as a Brotli stream of uncompressed meta-blocks (RFC 7932 §9.1–9.2): the stream header WBITS = 16 (one 0
 * bit), then per block of at most 64 KiB ISLAST = 0, MNIBBLES = 4 (two 0 bits), MLEN - 1 in 16 bits, ISUNCOMPRESSED =
 * 1, zero bits to the byte boundary and the bytes; last an empty meta-block (ISLAST = 1, ISLASTEMPTY = 1). Bits are
 * packed from the least significant end. The window size limits only back references, which stored blocks have none.
 */
export function storedBrotli(bytes: Uint8Array): Buffer {
  const blocks = Math.ceil(bytes.length / BLOCK_BYTES);
  const out = Buffer.alloc(bytes.length + blocks * 3 + 1);
  let at = 0;
  let first = true;
  for (let start = 0; start < bytes.length; start += BLOCK_BYTES) {
    const length = Math.min(BLOCK_BYTES, bytes.length - start);
    // The header's bits after WBITS: ISLAST (0), MNIBBLES (00), MLEN - 1 (16 bits), ISUNCOMPRESSED (1).
    const header = ((length - 1) << 3) | (1 << 19);
    const bits = first ? header << 1 : header; // the first block follows WBITS' one 0 bit: 21 bits, else 20
    out[at] = bits & 0xff;
    out[at + 1] = (bits >>> 8) & 0xff;
    out[at + 2] = (bits >>> 16) & 0xff;
    out.set(bytes.subarray(start, start + length), at + 3);
    at += 3 + length;
    first = false;
  }
  // ISLAST = 1, ISLASTEMPTY = 1 (after WBITS' 0 bit when the stream is empty).
  out[at] = first ? 0b110 : 0b11;
  return out.subarray(0, at + 1);
}
