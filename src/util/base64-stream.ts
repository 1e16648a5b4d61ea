// Base64 of a byte stream, a chunk at a time (issue 17, point 1: a detached attachment goes out as the base64 of its
// blob without the blob ever being whole in memory). Every 3 input bytes make 4 characters, so each chunk is encoded
// up to its last whole group of 3 and the 0–2 bytes left over are carried into the next chunk; only the very end is
// padded. The output is exactly Buffer.from(all bytes).toString("base64"), cut into pieces.

/** 48 KiB of bytes, 64 KiB of text: a multiple of 3, so a slice is whole groups. */
const SLICE_BYTES = 49_152;

/** The base64 text length of `size` bytes (padded): 4 characters for every started group of 3 bytes. */
export const base64LengthOf = (size: number): number => Math.ceil(size / 3) * 4;

/** The base64 (RFC 4648, padded, no line breaks) of `source`'s bytes, as ASCII bytes, one piece per input chunk. */
export async function* base64Chunks(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of source) {
    if (chunk.byteLength === 0) continue;
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // The carried bytes (at most 2) and this chunk: a small copy only when something is carried.
    const joined = carry.length === 0 ? bytes : Buffer.concat([carry, bytes]);
    const whole = joined.length - (joined.length % 3);
    // Copied, not viewed: the source may reuse its chunk's memory once the next one is asked for.
    carry = Buffer.from(joined.subarray(whole));
    // Encoded in slices: a 1 MiB chunk's base64 as one string would be a 1.4 MB object in V8's large-object space,
    // freed only by a full collection, and a 100 MB letter makes a hundred of them; a slice's string is young garbage.
    for (let at = 0; at < whole; at += SLICE_BYTES)
      yield Buffer.from(joined.subarray(at, Math.min(at + SLICE_BYTES, whole)).toString("base64"), "latin1");
  }
  if (carry.length > 0) yield Buffer.from(carry.toString("base64"), "latin1");
}
