// Strict UTF-8 decoding of untrusted input, shared by the XML reader (src/medcom/xml.ts) and the JSON reader
// (json.ts): a byte sequence that is not UTF-8 is refused, never replaced with U+FFFD, and a leading BOM is dropped.
import { error, type Result } from "./issues.js";

export function decodeUtf8(input: string | Uint8Array): Result<string> {
  if (typeof input === "string") return { ok: true, value: stripBom(input), issues: [] };
  try {
    return { ok: true, value: stripBom(new TextDecoder("utf-8", { fatal: true }).decode(input)), issues: [] };
  } catch {
    return {
      ok: false,
      issues: [
        error("xml-invalid-utf8", "line 1, column 1", "The document is not valid UTF-8; send it UTF-8 encoded."),
      ],
    };
  }
}

const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
