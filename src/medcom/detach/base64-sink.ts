// Decoding one detached attachment while it streams (issue 17, point 1): the base64 text arrives in pieces of any
// length, is checked character by character (RFC 4648 alphabet, white space between characters allowed as FHIR R4's
// base64Binary allows, `=` only as the last one or two), decoded in whole quads, hashed (SHA-1 for Attachment.hash,
// SHA-256 for the fingerprint) and written to the blob. Nothing is held beyond one batch.
import { createHash } from "node:crypto";
import type { BlobFacts } from "../detached.js";

/** Why a detached attachment's text is refused; `offset` counts characters of its value from 0. */
export class Base64StreamError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: "character" | "padding" | "length" | "empty",
  ) {
    super(
      reason === "character"
        ? `base64Binary must be base64 (RFC 4648): a character outside A-Z, a-z, 0-9, + and / at offset ${offset}.`
        : reason === "padding"
          ? `base64Binary must be base64 (RFC 4648): '=' is padding and only ends the data (offset ${offset}).`
          : reason === "length"
            ? "base64Binary must be base64 (RFC 4648): its length is not a multiple of 4."
            : "base64Binary must not be empty.",
    );
    this.name = "Base64StreamError";
  }
}

/** Each byte's kind: outside the alphabet (0), RFC 4648's alphabet, R4's white space, or the padding `=`. */
const ALPHABET = 1;
const SPACE = 2;
const PAD = 3;
const KIND = new Uint8Array(256);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") KIND[c.charCodeAt(0)] = ALPHABET;
for (const c of " \t\n\r") KIND[c.charCodeAt(0)] = SPACE;
KIND["=".charCodeAt(0)] = PAD;

/** Decode this many base64 characters at a time: 48 KiB of bytes per batch. */
const BATCH_CHARS = 65_536;

/** Where the native check decodes to (the bytes are not used: the batch is decoded again when it is full). */
const CHECKED = Buffer.alloc((BATCH_CHARS / 4) * 3);

/** The first piece checked natively; each piece that passes doubles the next, up to a batch. */
const FIRST_CHECK_CHARS = 256;

/**
 * Where the run of RFC 4648 alphabet characters starting at `from` ends. Checked a byte at a time this was the
 * detacher's largest cost (≈ 0.9 ms of a 200 KB PDF's base64 under load; issue 17, point 3), so whole quads are first
 * checked natively by decoding them: Node's base64 decoder skips (or stops at) every character outside its alphabet,
 * so n characters give exactly n / 4 × 3 bytes only when all of them are in it — its alphabet being RFC 4648's plus
 * the URL-safe `-` and `_`, which are looked for apart. A piece that fails is read again a byte at a time, to the
 * first character outside the alphabet; the pieces start small and double, so text with white space every line (76
 * characters) costs a small native check per line, not a large one.
 */
function alphabetRunEnd(text: Uint8Array, from: number): number {
  let at = from;
  let piece = FIRST_CHECK_CHARS;
  for (;;) {
    const n = Math.min(text.length - at, piece) & ~3;
    if (n === 0) break;
    const quads = Buffer.from(text.buffer, text.byteOffset + at, n);
    if (quads.indexOf(0x2d) >= 0 || quads.indexOf(0x5f) >= 0) break;
    if (CHECKED.write(quads.toString("latin1"), 0, "base64") !== (n / 4) * 3) break;
    at += n;
    piece = Math.min(piece * 2, BATCH_CHARS);
  }
  while (at < text.length && KIND[text[at] ?? 0] === ALPHABET) at++;
  return at;
}

export interface Base64Sink {
  /** More of the value: the bytes as they stand between the quotes (ASCII; anything else is refused). */
  push(text: Uint8Array): Promise<void>;
  /** The value ended: check its length and padding, store the rest, give the facts. */
  end(): Promise<BlobFacts>;
  abort(): Promise<void>;
}

/** Where the decoded bytes go: a blob store's writer (the port's BlobWriter is one). */
export interface DecodedBytesWriter {
  readonly id: string;
  /** Has copied the bytes by the time it resolves (the blob store's chunks do at once): the sink reuses its buffer. */
  write(bytes: Uint8Array): Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * `sha1`: whether anything may ask for the SHA-1 (an Attachment.hash, which a ready Bundle may carry and a compose
 * request cannot): 120 µs of a 200 KB attachment not spent when nothing will compare it (issue 17, point 3).
 */
export function base64Sink(writer: DecodedBytesWriter, { sha1: wanted = true }: { sha1?: boolean } = {}): Base64Sink {
  const sha1 = wanted ? createHash("sha1") : undefined;
  const sha256 = createHash("sha256");
  // Not zero-filled: only what was written into them is ever read.
  const batch = Buffer.allocUnsafe(BATCH_CHARS);
  const decoded = Buffer.allocUnsafe((BATCH_CHARS / 4) * 3);
  let filled = 0;
  let offset = 0;
  let count = 0;
  let padding = 0;
  let size = 0;

  const flush = async (final: boolean): Promise<void> => {
    // Only whole quads are decoded before the end, so no batch splits one.
    const whole = final ? filled : filled - (filled % 4);
    if (whole === 0) return;
    // Decoded into one buffer kept for the whole value: the writer copies what it is given before it resolves (the
    // blob store's chunks), so a new buffer per batch was only garbage, 1 × the attachment of it, which the
    // collector frees late and the process's resident size carried (issue 17, tests/integration/large).
    const bytes = decoded.subarray(0, decoded.write(batch.toString("latin1", 0, whole), 0, "base64"));
    batch.copy(batch, 0, whole, filled);
    filled -= whole;
    sha1?.update(bytes);
    sha256.update(bytes);
    size += bytes.length;
    await writer.write(bytes);
  };

  return {
    async push(text) {
      let i = 0;
      while (i < text.length) {
        // The common case, a run of alphabet characters before any padding, is copied into the batch whole.
        const run = padding === 0 ? alphabetRunEnd(text, i) : i;
        while (i < run) {
          const n = Math.min(run - i, BATCH_CHARS - filled);
          batch.set(text.subarray(i, i + n), filled);
          filled += n;
          count += n;
          offset += n;
          i += n;
          if (filled === BATCH_CHARS) await flush(false);
        }
        if (i === text.length) break;
        // One character outside such a run: white space, padding, or what is refused.
        const c = text[i] ?? 0;
        const kind = KIND[c];
        if (kind === SPACE) {
          i++;
          offset++;
          continue;
        }
        if (kind === PAD) {
          if (++padding > 2) throw new Base64StreamError(offset, "padding");
        } else throw new Base64StreamError(offset, kind === ALPHABET ? "padding" : "character");
        count++;
        batch[filled++] = c;
        i++;
        offset++;
        if (filled === BATCH_CHARS) await flush(false);
      }
    },
    async end() {
      if (count === 0) throw new Base64StreamError(offset, "empty");
      if (count % 4 !== 0) throw new Base64StreamError(offset, "length");
      await flush(true);
      await writer.finish();
      const sha256Hex = sha256.digest("hex");
      return { id: writer.id, size, sha1: sha1?.digest("base64"), sha256: sha256Hex, base64Length: count };
    },
    abort: () => writer.abort(),
  };
}
