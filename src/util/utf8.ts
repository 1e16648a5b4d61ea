// Strict UTF-8 decoding of untrusted input, shared by the XML reader (src/medcom/xml.ts) and the JSON reader
// (json.ts): a byte sequence that is not UTF-8 is refused, never replaced with U+FFFD, and a leading BOM is dropped.
import { isAscii, isUtf8 } from "node:buffer";
import { error, type Result } from "./issues.js";

export function decodeUtf8(input: string | Uint8Array): Result<string> {
  if (typeof input === "string") return { ok: true, value: stripBom(input), issues: [] };
  // Checked first (simdutf, without allocating), then decoded without checking again: a fatal TextDecoder made for
  // every body was ~2.4 % of the API's CPU under the bench (issue 17, point 3). Both follow the Unicode rules
  // (no overlong forms, no surrogates, nothing past U+10FFFF).
  if (!isUtf8(input)) {
    const { line, column } = positionOf(input, firstInvalidUtf8(input));
    const path = `line ${line}, column ${column}`;
    return {
      ok: false,
      issues: [error("xml-invalid-utf8", path, "The document is not valid UTF-8; send it UTF-8 encoded.")],
    };
  }
  const text = decodeValidUtf8(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
  // The TextDecoder this replaced dropped a BOM itself before the one dropped here: so do both.
  return { ok: true, value: stripBom(stripBom(text)), issues: [] };
}

/** The pieces a large body is decoded in (ended early so as not to split a character). */
const PIECE_BYTES = 16 * 1024;

/**
 * Bytes known to be UTF-8, decoded. Node's UTF-8 decoder copies ASCII fast only until the first other byte; after it
 * every byte takes the slow way, so a compose request whose letter text has an "æ" before a 273 KB attachment's base64
 * took ≈ 0.35–0.6 ms to decode (issue 17, point 3). Decoded a piece at a time, the pieces that are all ASCII (the
 * base64) are copied as Latin-1, which is the same text for ASCII; the string is the same, joined.
 */
function decodeValidUtf8(bytes: Buffer): string {
  if (bytes.length <= PIECE_BYTES) return bytes.toString("utf8");
  let text = "";
  for (let at = 0; at < bytes.length;) {
    let end = Math.min(at + PIECE_BYTES, bytes.length);
    // Back to the first byte of the character the piece would split (a continuation byte is 10xxxxxx).
    while (end < bytes.length && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
    const piece = bytes.subarray(at, end);
    text += isAscii(piece) ? piece.toString("latin1") : piece.toString("utf8");
    at = end;
  }
  return text;
}

const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/**
 * The offset of the first byte that neither begins nor continues a well-formed UTF-8 sequence (The Unicode Standard
 * §3.9, Table 3-7: no overlong forms, no surrogates, nothing past U+10FFFF), or -1. Only run on a refusal, to say
 * where: the check itself is isUtf8's.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let at = 0;
  while (at < bytes.length) {
    const lead = bytes[at] ?? 0;
    if (lead < 0x80) {
      at += 1;
      continue;
    }
    const form = SEQUENCES.find((s) => lead >= s.from && lead <= s.to);
    if (form === undefined) return at;
    for (let k = 1; k <= form.continuations; k += 1) {
      const next = bytes[at + k];
      const [low, high] = k === 1 ? form.second : [0x80, 0xbf];
      if (next === undefined || next < low || next > high) return at;
    }
    at += form.continuations + 1;
  }
  return -1;
}

/** Table 3-7's lead bytes, how many bytes follow, and the range of the second (the others are 80..BF). */
const SEQUENCES: readonly { from: number; to: number; continuations: number; second: readonly [number, number] }[] = [
  { from: 0xc2, to: 0xdf, continuations: 1, second: [0x80, 0xbf] },
  { from: 0xe0, to: 0xe0, continuations: 2, second: [0xa0, 0xbf] },
  { from: 0xe1, to: 0xec, continuations: 2, second: [0x80, 0xbf] },
  { from: 0xed, to: 0xed, continuations: 2, second: [0x80, 0x9f] },
  { from: 0xee, to: 0xef, continuations: 2, second: [0x80, 0xbf] },
  { from: 0xf0, to: 0xf0, continuations: 3, second: [0x90, 0xbf] },
  { from: 0xf1, to: 0xf3, continuations: 3, second: [0x80, 0xbf] },
  { from: 0xf4, to: 0xf4, continuations: 3, second: [0x80, 0x8f] },
];

/** Line and column (in characters, from 1) of a byte offset in text that is well-formed before it. */
function positionOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  const end = offset < 0 ? 0 : offset;
  for (let at = 0; at < end; at += 1) {
    const byte = bytes[at] ?? 0;
    if (byte === 0x0a) {
      line += 1;
      column = 1;
    } else if ((byte & 0xc0) !== 0x80) column += 1; // a continuation byte is part of the character before it
  }
  return { line, column };
}
