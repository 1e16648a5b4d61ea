// The lexical pieces of XML 1.0 the reader (xml-reader.ts) is built from: the error it stops with, white space and
// name characters (§2.3), and references (§4.1, §4.6: the five predefined entities and character references to a
// Char, nothing else — no entity is ever declared). Apart so the reader holds only the document's structure.
import { isXmlCodePoint } from "./characters.js";

export type XmlReadErrorKind =
  "character" | "doctype" | "entity-declaration" | "unknown-entity" | "too-deep" | "reserved-name" | "not-well-formed";

export interface XmlReadError {
  kind: XmlReadErrorKind;
  /** The offset in the text where the problem starts. */
  at: number;
  message: string;
}

const HASH = 0x23; // #
const SEMICOLON = 0x3b; // ;

/** XML 1.0 §2.3 S: space, tab, line feed, carriage return. */
export const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/** XML 1.0 §2.3 NameStartChar, with everything beyond ASCII admitted (the allow-lists decide about such names). */
export const isNameStart = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c > 0x7f;

/** XML 1.0 §2.3 NameChar: a NameStartChar, a digit, `-` or `.` (and, again, anything beyond ASCII). */
export const isNameChar = (c: number): boolean =>
  isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;

const PREDEFINED: Readonly<Record<string, string>> = Object.assign(Object.create(null), {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
}) as Record<string, string>;

/** Stops the reader: thrown inside (once per document at most), returned as a value outside. */
export class Stop extends Error {
  constructor(readonly error: XmlReadError) {
    super(error.message);
  }
}

export const stop = (kind: XmlReadErrorKind, at: number, message: string): Stop => new Stop({ kind, at, message });

/** A name or reference shown in a message: a long one is cut (a hostile name may be megabytes long). */
export const shown = (ref: string): string => (ref.length > 32 ? `${ref.slice(0, 32)}…` : ref);

/**
 * `raw` (the text from `offset`) with its references replaced (XML 1.0 §4.1, §4.6), or a stop. Every search runs
 * inside `raw`, never on into the rest of the document.
 */
export function decodeReferences(raw: string, offset: number): string {
  let amp = raw.indexOf("&");
  if (amp === -1) return raw;
  let out = "";
  let from = 0;
  while (amp !== -1) {
    out += raw.slice(from, amp);
    const semicolon = referenceEnd(raw, amp, offset);
    out += reference(raw.slice(amp + 1, semicolon), offset + amp);
    from = semicolon + 1;
    amp = raw.indexOf("&", from);
  }
  return out + raw.slice(from);
}

/** The ';' ending the reference at `amp` in `raw`: only name characters (after an optional '#') may come between. */
function referenceEnd(raw: string, amp: number, offset: number): number {
  let i = amp + 1;
  if (raw.charCodeAt(i) === HASH) i++;
  while (i < raw.length && isNameChar(raw.charCodeAt(i))) i++;
  if (i >= raw.length || raw.charCodeAt(i) !== SEMICOLON || i === amp + 1)
    throw stop("not-well-formed", offset + amp, "A bare '&' must be written as &amp;.");
  return i;
}

/** The replacement of one reference (`ref` is what stands between '&' and ';'). */
function reference(ref: string, at: number): string {
  if (ref.charCodeAt(0) === HASH) {
    const hex = ref.charCodeAt(1) === 0x78; // x
    const digits = ref.slice(hex ? 2 : 1);
    if (digits.length === 0 || !(hex ? isHexDigits(digits) : isDecimalDigits(digits)))
      throw stop("not-well-formed", at, `The character reference &${shown(ref)}; is malformed.`);
    const code = Number.parseInt(digits, hex ? 16 : 10);
    // WFC Legal Character (XML 1.0 §4.1): a reference may name only a Char, so no &#0; &#1; &#xFFFE; &#xD800;.
    if (isXmlCodePoint(code)) return String.fromCodePoint(code);
    throw stop("unknown-entity", at, `The character reference &${shown(ref)}; names no XML character.`);
  }
  const predefined = PREDEFINED[ref];
  if (predefined !== undefined) return predefined;
  if (!isNameStart(ref.charCodeAt(0))) throw stop("not-well-formed", at, "A bare '&' must be written as &amp;.");
  throw stop(
    "unknown-entity",
    at,
    `The entity &${shown(ref)}; is not defined in XML; only &amp; &lt; &gt; &quot; &apos; and &#…; are allowed.`,
  );
}

function isHexDigits(digits: string): boolean {
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46))) return false;
  }
  return true;
}

function isDecimalDigits(digits: string): boolean {
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
