// Bytes to text by the XML declaration (XML 1.0 §4.3.3, LEGACY.md §2.3): MedCom's OIOXML files are ISO-8859-1 with a
// declaration (OS2korrespondance, the Flow2/Flow4 receipts) or UTF-8 without one (Flow1). Those two are accepted,
// under any of their registered names; anything else (UTF-16, windows-1252 …) is refused, never guessed.
import { error, type Issue, type Result, warning } from "../../util/issues.js";
import { decodeUtf8 } from "../../util/utf8.js";

export type OioEncoding = "utf-8" | "iso-8859-1";

/** IANA names and aliases of the two encodings (case-insensitive). */
const LABELS: ReadonlyMap<string, OioEncoding> = new Map(
  Object.entries({
    "utf-8": "utf-8",
    utf8: "utf-8",
    "iso-8859-1": "iso-8859-1",
    "iso_8859-1": "iso-8859-1",
    "iso8859-1": "iso-8859-1",
    latin1: "iso-8859-1",
    "latin-1": "iso-8859-1",
    l1: "iso-8859-1",
    "iso-ir-100": "iso-8859-1",
    cp819: "iso-8859-1",
    ibm819: "iso-8859-1",
    csisolatin1: "iso-8859-1",
  } as const),
);

/** The document as text. A string is taken as already decoded (its declaration's label must still be one of ours). */
export function decodeOioxml(input: string | Uint8Array): Result<string> {
  if (typeof input === "string") {
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    const declared = declaredEncoding(text.slice(0, 256));
    return typeof declared === "object" ? { ok: false, issues: [declared] } : { ok: true, value: text, issues: [] };
  }
  if (isUtf16(input)) return refused("The document is UTF-16; MedCom's OIOXML is ISO-8859-1 or UTF-8.");
  const bom = input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf;
  const head = latin1(input.subarray(bom ? 3 : 0, Math.min(input.length, 256)));
  const declared = declaredEncoding(head);
  if (typeof declared === "object") return { ok: false, issues: [declared] };
  if (declared === "iso-8859-1") {
    if (bom) return refused("The document starts with a UTF-8 byte order mark but declares ISO-8859-1.");
    return utf8Declared(input) ?? { ok: true, value: latin1(input), issues: [] };
  }
  return decodeUtf8(input);
}

/**
 * Decision (docs/legacy.md): bytes declared ISO-8859-1 that are valid UTF-8 with at least one multi-byte sequence are
 * read as UTF-8, with a warning. MedCom's own Flow3 XDIS91 example is such a file ("på" would otherwise read "pÃ¥"),
 * and Danish ISO-8859-1 text is practically never valid UTF-8: æ ø å (E6 F8 E5) must be followed by 80–BF bytes.
 */
function utf8Declared(input: Uint8Array): Result<string> | undefined {
  let ascii = true;
  for (let i = 0; i < input.length && ascii; i++) ascii = (input[i] as number) < 0x80;
  if (ascii) return undefined;
  try {
    const value = new TextDecoder("utf-8", { fatal: true }).decode(input);
    const note = warning(
      "oioxml-encoding-mismatch",
      "line 1, column 1",
      "The XML declaration says ISO-8859-1 but the document is UTF-8; it was read as UTF-8.",
    );
    return { ok: true, value, issues: [note] };
  } catch {
    return undefined;
  }
}

function isUtf16(b: Uint8Array): boolean {
  return (
    (b[0] === 0xfe && b[1] === 0xff) ||
    (b[0] === 0xff && b[1] === 0xfe) ||
    (b[0] === 0x3c && b[1] === 0x00) ||
    (b[0] === 0x00 && b[1] === 0x3c)
  );
}

/** ISO-8859-1 is the first 256 code points: byte n is U+00nn (Node's "latin1"; TextDecoder's would be windows-1252). */
function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

/** The declaration's encoding (UTF-8 when there is no declaration or no encoding in it), or why it is refused. */
function declaredEncoding(head: string): OioEncoding | Issue {
  if (!head.startsWith("<?xml") || !isSpace(head.charCodeAt(5))) return "utf-8";
  const end = head.indexOf("?>");
  const declaration = end === -1 ? head : head.slice(0, end);
  const at = declaration.indexOf("encoding");
  if (at === -1) return "utf-8";
  let i = at + "encoding".length;
  while (isSpace(declaration.charCodeAt(i))) i++;
  if (declaration[i] !== "=") return "utf-8"; // not well-formed: the XML reader says so
  i++;
  while (isSpace(declaration.charCodeAt(i))) i++;
  const quote = declaration[i];
  if (quote !== '"' && quote !== "'") return "utf-8";
  const close = declaration.indexOf(quote, i + 1);
  const label = declaration.slice(i + 1, close === -1 ? declaration.length : close);
  const encoding = LABELS.get(label.toLowerCase());
  if (encoding !== undefined) return encoding;
  return error(
    "oioxml-encoding",
    "line 1, column 1",
    `The XML declaration names the encoding ${JSON.stringify(label.slice(0, 40))}; MedCom's OIOXML is read as ISO-8859-1 or UTF-8 only.`,
  );
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

const refused = (message: string): Result<string> => ({
  ok: false,
  issues: [error("oioxml-encoding", "line 1, column 1", message)],
});
