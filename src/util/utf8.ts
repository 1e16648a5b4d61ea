// Strict UTF-8 decoding of untrusted input, shared by the XML reader (src/medcom/xml.ts) and the JSON reader
// (json.ts): a byte sequence that is not UTF-8 is refused, never replaced with U+FFFD, and a leading BOM is dropped.
import { isUtf8 } from "node:buffer";
import { error, type Result } from "./issues.js";

export function decodeUtf8(input: string | Uint8Array): Result<string> {
  if (typeof input === "string") return { ok: true, value: stripBom(input), issues: [] };
  // Checked first (simdutf, without allocating), then decoded without checking again: a fatal TextDecoder made for
  // every body was ~2.4 % of the API's CPU under the bench (issue 17, point 3). Both follow the Unicode rules
  // (no overlong forms, no surrogates, nothing past U+10FFFF).
  if (!isUtf8(input)) {
    return {
      ok: false,
      issues: [
        error("xml-invalid-utf8", "line 1, column 1", "The document is not valid UTF-8; send it UTF-8 encoded."),
      ],
    };
  }
  const text = Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString("utf8");
  // The TextDecoder this replaced dropped a BOM itself before the one dropped here: so do both.
  return { ok: true, value: stripBom(stripBom(text)), issues: [] };
}

const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
