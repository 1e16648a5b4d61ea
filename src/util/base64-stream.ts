// Base64 of a byte stream, a slice at a time (issue 17, point 1: a detached attachment goes out as the base64 of its
// blob without the blob ever being whole in memory). Every 3 input bytes make 4 characters, so the input is encoded in
// slices of a multiple of 3 bytes; only the very end is padded. The output is exactly Buffer.from(all
// bytes).toString("base64"), cut into pieces of 64 KiB (the last one shorter).
//
// Garbage (issue 17; tests/integration/large): a slice is encoded straight from the source's chunk; only the bytes
// that do not fill a whole slice before the chunk ends are copied, into one buffer kept for the whole stream, and
// topped up from the next chunk. The encoder used to join those 0–2 leftover bytes to the whole next chunk
// (Buffer.concat), copying every chunk once more: for a blob's 1 MiB chunks a 1 MiB buffer per chunk, and in a VANS
// envelope (the letter's base64 encoded again, whose input pieces are this encoder's own 64 KiB pieces) one more
// 64 KiB buffer per piece; garbage the collector frees late and the process's resident size carried.

/** 48 KiB of bytes, 64 KiB of text: a multiple of 3, so a slice is whole groups. */
const SLICE_BYTES = 49_152;

/** The base64 text length of `size` bytes (padded): 4 characters for every started group of 3 bytes. */
export const base64LengthOf = (size: number): number => Math.ceil(size / 3) * 4;

/**
 * One slice's base64 as ASCII bytes. Encoded slice by slice: a 1 MiB chunk's base64 as one string would be a 1.4 MB
 * object in V8's large-object space, freed only by a full collection; a slice's string is young garbage.
 */
const encoded = (slice: Buffer): Buffer => Buffer.from(slice.toString("base64"), "latin1");

/** The base64 (RFC 4648, padded, no line breaks) of `source`'s bytes, as ASCII bytes, in pieces of 64 KiB. */
export async function* base64Chunks(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  // The bytes of the slice being gathered across chunks (never handed out: each piece is a buffer of its own).
  // Copied, not viewed: the source may reuse its chunk's memory once the next one is asked for.
  const pending = Buffer.allocUnsafeSlow(SLICE_BYTES);
  let held = 0;
  for await (const chunk of source) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let at = 0;
    if (held > 0) {
      at = bytes.copy(pending, held, 0, Math.min(bytes.length, SLICE_BYTES - held));
      held += at;
      if (held < SLICE_BYTES) continue;
      yield encoded(pending);
      held = 0;
    }
    for (; bytes.length - at >= SLICE_BYTES; at += SLICE_BYTES) yield encoded(bytes.subarray(at, at + SLICE_BYTES));
    held = bytes.copy(pending, 0, at);
  }
  if (held > 0) yield encoded(pending.subarray(0, held));
}
