// The small document a detacher writes (issue 17): the body's bytes minus its large attachment data, in one growing
// buffer that may never pass the limit — a body is refused the moment its document would, not after it was held.
import { DetachRefusal } from "./detacher.js";

export class BoundedOutput {
  private buffer = Buffer.alloc(4096);
  private length = 0;

  constructor(
    private readonly maxBytes: number,
    /** Where the writer is when the limit is passed (for the refusal's path). */
    private readonly where: () => string,
  ) {}

  get size(): number {
    return this.length;
  }

  write(bytes: Uint8Array, start = 0, end = bytes.length): void {
    const count = end - start;
    if (count <= 0) return;
    const needed = this.length + count;
    if (needed > this.maxBytes)
      throw new DetachRefusal(
        413,
        "document-too-large",
        this.where(),
        `The message without its large attachment data may be at most ${this.maxBytes} bytes: only attachment data may be large.`,
      );
    if (needed > this.buffer.length) {
      const grown = Buffer.alloc(Math.min(Math.max(needed, this.buffer.length * 2), this.maxBytes));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.buffer.set(bytes.subarray(start, end), this.length);
    this.length = needed;
  }

  /** The document: a copy exactly as long as what was written. */
  bytes(): Uint8Array {
    return Uint8Array.prototype.slice.call(this.buffer, 0, this.length);
  }
}
