// A blob's layout (issue 17, point 1), pure and shared by the Redis and the in-memory blob store so both cut (and
// read back) the same chunks whatever sizes the bytes were written in: the chunk size, the pending expiry, the contexts.

/**
 * 128 bytes under 1 MiB: no Redis command or value carries more than a chunk, and a reader holds one at a time. Not
 * 1 MiB itself: the sealed chunk (33 bytes of seal plus the key id) and Redis's string header would then pass
 * jemalloc's 1 MiB size class, and each chunk would take the next one, 1.25 MiB (measured with MEMORY USAGE, Redis
 * 7.0.15); 128 bytes leave room for the longest key id the keyring allows (64).
 */
export const BLOB_CHUNK_BYTES = 1024 * 1024 - 128;

/**
 * A blob's expiry until a message keeps it: one hour, refreshed by every chunk written. It has to outlast the gap
 * between two chunks (1 MiB at the slowest body rate the API accepts, 16 KiB/s, is 64 s) and the time from finish()
 * to the accept (the small document's parse, validation and sealing: seconds); an abandoned or crashed request's bytes
 * are then gone within the hour, with nobody having to delete them.
 */
export const BLOB_PENDING_SECONDS = 3600;

/**
 * A blob's first chunk is gathered in a buffer of this many bytes, doubled as it fills: most detached attachments are
 * a few hundred kilobytes, and a whole chunk's 1 MiB for each made the API collect its garbage sooner (V8 counts a
 * buffer's bytes as external memory; issue 17, point 3). Once a chunk has filled, the blob is large and every
 * later chunk's buffer is a whole chunk from the start.
 */
const FIRST_BUFFER_BYTES = 256 * 1024;

/** Gathers written bytes into full chunks; the last, shorter one is what is left at the end. */
export class Chunker {
  private buffer: Buffer | undefined;
  private filled = 0;
  private nextBuffer: number;

  constructor(private readonly size: number = BLOB_CHUNK_BYTES) {
    this.nextBuffer = Math.min(size, FIRST_BUFFER_BYTES);
  }

  /** Copy `bytes` in; the chunks they filled (each a buffer of its own, never reused). */
  push(bytes: Uint8Array): Buffer[] {
    const full: Buffer[] = [];
    let at = 0;
    while (at < bytes.byteLength) {
      // Allocated on the first byte, so an empty blob or one of a few bytes never takes a buffer.
      const buffer = this.room();
      const n = Math.min(buffer.length - this.filled, bytes.byteLength - at);
      buffer.set(bytes.subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
      if (this.filled === this.size) {
        full.push(buffer);
        this.buffer = undefined;
        this.filled = 0;
        this.nextBuffer = this.size;
      }
    }
    return full;
  }

  /** The buffer being filled, with room for at least one more byte: doubled (its bytes copied) when it is full. */
  private room(): Buffer {
    if (this.buffer === undefined) return (this.buffer = Buffer.allocUnsafe(this.nextBuffer));
    if (this.filled < this.buffer.length) return this.buffer;
    const larger = Buffer.allocUnsafe(Math.min(this.size, this.buffer.length * 2));
    this.buffer.copy(larger, 0, 0, this.filled);
    return (this.buffer = larger);
  }

  /**
   * The bytes of the last, partial chunk, or nothing when the chunks came out even: a view of the chunk's buffer, not
   * a copy (the Redis store seals it at once; copying a 200 KB attachment's bytes again was ≈ 1.5 % of the API's CPU
   * for such a letter, issue 17 point 3). A caller that keeps it copies just these bytes.
   */
  rest(): Buffer | undefined {
    const rest = this.buffer === undefined || this.filled === 0 ? undefined : this.buffer.subarray(0, this.filled);
    this.buffer = undefined;
    this.filled = 0;
    return rest;
  }
}

/** The hash fields of a finished blob besides its chunks ("0", "1", …): the ACCEPT script's HLEN check counts them. */
export const BLOB_SUMMARY_FIELDS = ["count", "size", "summary"] as const;

/** A chunk's sealing context: the blob and the chunk's place in it, so chunks cannot be reordered, dropped or moved. */
export const chunkContext = (id: string, n: number): string => `${id}:blob:${n}`;

/** The context of a blob's sealed summary (its chunk count and size), so its end cannot be cut off unnoticed. */
export const summaryContext = (id: string): string => `${id}:blob:summary`;

/** The summary's text: "<chunk count>:<byte count>". */
export const summaryText = (count: number, size: number): string => `${count}:${size}`;
