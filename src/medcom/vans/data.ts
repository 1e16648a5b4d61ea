// Message/Data without extra copies (LEGACY.md §5.1, ≤100 MB per DOMAIN.md §1.12): read data keeps the base64 text
// as the reader produced it and decodes on request; written data keeps the caller's bytes and encodes on request.
// Neither caches the other form, so an envelope never holds the payload twice.
import type { VansData } from "./model.js";

/** Data read from an envelope (already checked as base64). Node's decoder skips the white space base64 may carry. */
export function dataFromBase64(base64: string): VansData {
  return {
    base64: () => base64,
    bytes: () => {
      const b = Buffer.from(base64, "base64");
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    },
  };
}

/** Data to send: the payload document's bytes as they are. */
export function dataFromBytes(bytes: Uint8Array): VansData {
  return {
    base64: () => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64"),
    bytes: () => bytes,
  };
}
