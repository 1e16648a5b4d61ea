// The ONE module that owns XML reading and writing options. Untrusted XML is refused before it is parsed when it
// declares a DOCTYPE or entities (no expansion, ever: XXE and "billion laughs"), nests deeper than MAX_DEPTH, is not
// UTF-8, or is not well-formed; errors carry line and column. Values are never coerced: a CPR keeps its leading zero.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { codePointName, firstNonXmlChar, isXmlCodePoint } from "./characters.js";
import { error, type Issue, type Result } from "./issues.js";

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | { text: string };

/** Deep enough for any FHIR message (CareCommunication nests ~12 levels plus the narrative's XHTML). */
export const MAX_DEPTH = 100;

const ATTRS = ":@";
const TEXT = "#text";

// Entities stay unprocessed by the parser (no DTD, no HTML entity table); decodeEntities() handles exactly the
// five predefined XML entities and character references.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
  allowBooleanAttributes: false,
  // Names such as `toString` are kept exactly (the default renames them to `__toString`); `__proto__`,
  // `constructor` and `prototype` are refused before parsing (refuseMarkup) and by the parser itself.
  onDangerousProperty: (name: string) => name,
});

export function decodeUtf8(input: string | Uint8Array): Result<string> {
  if (typeof input === "string") return { ok: true, value: stripBom(input), issues: [] };
  try {
    return { ok: true, value: stripBom(new TextDecoder("utf-8", { fatal: true }).decode(input)), issues: [] };
  } catch {
    return fail("xml-invalid-utf8", "line 1, column 1", "The document is not valid UTF-8; send it UTF-8 encoded.");
  }
}

const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** Parse untrusted XML into a typed tree, or say precisely why not. */
export function parseXml(input: string | Uint8Array): Result<XmlElement> {
  const decoded = decodeUtf8(input);
  if (!decoded.ok) return decoded;
  const text = decoded.value;
  const refused = refuseCharacters(text) ?? refuseDeclarations(text) ?? refuseMarkup(text);
  if (refused) return { ok: false, issues: [refused] };
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    return fail("xml-not-well-formed", position(line, col), `The XML is not well-formed: ${msg}`);
  }
  try {
    const roots = (parser.parse(text) as RawNode[]).filter((n) => !(TEXT in n));
    const root = roots.length === 1 && roots[0] ? toElement(roots[0]) : undefined;
    if (!root) return fail("xml-not-well-formed", position(1, 1), "The document must have exactly one root element.");
    return { ok: true, value: root, issues: [] };
  } catch (err) {
    if (err instanceof EntityError) return fail("xml-unknown-entity", position(1, 1), err.message);
    // The parser refuses what its validator let through (a reserved attribute name, its own nesting limit): the
    // sender's document is at fault, so it is a 4xx with a position, never a 500 (issue 11, point 11).
    const reserved = [...RESERVED_NAMES].find((name) => err instanceof Error && err.message.includes(`"${name}"`));
    if (reserved !== undefined) return { ok: false, issues: [reservedName(text, text.indexOf(reserved), reserved)] };
    return fail("xml-not-well-formed", position(1, 1), "The XML could not be read; check its structure.");
  }
}

/** XML 1.0 §2.2: a document is made of Chars only; a NUL or a lone surrogate makes it malformed (issue 11, 11). */
function refuseCharacters(text: string): Issue | undefined {
  const at = firstNonXmlChar(text);
  if (at === -1) return undefined;
  const { line, col } = lineAndColumn(text, at);
  return error(
    "xml-character",
    position(line, col),
    `The character ${codePointName(text, at)} cannot appear in XML (control characters other than tab and line breaks, U+FFFE, U+FFFF and unpaired surrogates are not allowed).`,
  );
}

function refuseDeclarations(text: string): Issue | undefined {
  const match = /<!(DOCTYPE|ENTITY)/i.exec(text);
  if (!match) return undefined;
  const { line, col } = lineAndColumn(text, match.index);
  return error(
    match[1]?.toUpperCase() === "ENTITY" ? "xml-entity-forbidden" : "xml-doctype-forbidden",
    position(line, col),
    "DOCTYPE and entity declarations are not allowed in MedCom messages (they are never expanded).",
  );
}

/**
 * Refuse absurd nesting, and element names JavaScript objects cannot carry, before any recursive code sees them. One
 * pass over the text, each character looked at once (issue 11, point 4: the former regular expression was cubic on
 * unclosed tags, a 4 KB body held the event loop for 10 s). Comments, CDATA sections and processing instructions are
 * skipped to their end; inside a tag, quoted attribute values are skipped, so a `>` in a value does not end the tag.
 * Anything that does not scan as markup is left to the well-formedness check that follows.
 */
function refuseMarkup(text: string): Issue | undefined {
  let depth = 0;
  let at = text.indexOf("<");
  while (at !== -1) {
    const next = skipMarkup(text, at);
    if (next === undefined) return undefined; // runs to the end unterminated: the well-formedness check says where
    if (next.kind !== "other" && RESERVED_NAMES.has(next.name)) return reservedName(text, at, next.name);
    if (next.kind === "open" && ++depth > MAX_DEPTH) {
      const { line, col } = lineAndColumn(text, at);
      return error("xml-too-deep", position(line, col), `Elements nest deeper than ${MAX_DEPTH} levels.`);
    }
    if (next.kind === "close") depth--;
    at = text.indexOf("<", next.end);
  }
  return undefined;
}

/**
 * Names that would reach into a JavaScript object's prototype if they became keys (issue 11, point 11). No FHIR or
 * XHTML element has them; the parser refuses them as attribute names too. Other names of Object.prototype
 * (`toString`, `valueOf`, …) are ordinary names and are kept exactly.
 */
const RESERVED_NAMES: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

function reservedName(text: string, at: number, name: string): Issue {
  const { line, col } = lineAndColumn(text, at);
  return error("xml-reserved-name", position(line, col), `The name "${name}" is not allowed in a MedCom message.`);
}

/** A tag (start, end or empty-element) with its name, or other markup (comment, CDATA, PI, a stray `<`). */
type Markup = { kind: "open" | "close" | "empty"; name: string; end: number } | { kind: "other"; end: number };

/** The markup that starts at `text[at] === "<"` and the index just after it, or undefined if it never ends. */
function skipMarkup(text: string, at: number): Markup | undefined {
  const skipTo = (terminator: string, from: number): Markup | undefined => {
    const found = text.indexOf(terminator, from);
    return found === -1 ? undefined : { kind: "other", end: found + terminator.length };
  };
  if (text.startsWith("<!--", at)) return skipTo("-->", at + 4);
  if (text.startsWith("<![CDATA[", at)) return skipTo("]]>", at + 9);
  if (text.startsWith("<?", at)) return skipTo("?>", at + 2);
  const closing = text.charCodeAt(at + 1) === SLASH;
  const nameStart = at + (closing ? 2 : 1);
  if (!isNameStart(text.charCodeAt(nameStart))) return { kind: "other", end: at + 1 };
  let nameEnd = -1;
  let quote = 0;
  for (let i = nameStart; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (nameEnd === -1 && (c === GT || c === SLASH || c <= SPACE)) nameEnd = i;
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === QUOTE || c === APOSTROPHE) quote = c;
    else if (c === GT) {
      const selfClosing = !closing && text.charCodeAt(i - 1) === SLASH;
      const name = text.slice(nameStart, nameEnd);
      return { kind: closing ? "close" : selfClosing ? "empty" : "open", name, end: i + 1 };
    }
  }
  return undefined;
}

const GT = 0x3e; // >
const SLASH = 0x2f; // /
const QUOTE = 0x22; // "
const APOSTROPHE = 0x27; // '
const SPACE = 0x20; // and every control character below it counts as white space ending a name
/**
 * Could this character start an element name? ASCII letters, `_`, `:` and anything beyond ASCII (XML 1.0 §2.3
 * NameStartChar); counting too much only refuses a broken document a little earlier.
 */
const isNameStart = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c > 0x7f;

type RawNode = Record<string, unknown>;

function toElement(raw: RawNode): XmlElement {
  const name = Object.keys(raw).find((k) => k !== ATTRS) ?? "";
  const rawAttrs = (raw[ATTRS] ?? {}) as Record<string, string>;
  // Prototype-less: an attribute name is outside text and must never reach Object.prototype (issue 11, point 11).
  const attrs = Object.create(null) as Record<string, string>;
  for (const key of Object.keys(rawAttrs)) attrs[key] = decodeEntities(rawAttrs[key] ?? "");
  const children: XmlNode[] = [];
  for (const child of (raw[name] ?? []) as RawNode[]) {
    if (TEXT in child) children.push({ text: decodeEntities(String(child[TEXT])) });
    else children.push(toElement(child));
  }
  return { name, attrs, children };
}

class EntityError extends Error {}

const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** The five predefined XML entities and character references; anything else is refused (no DTD, no HTML set). */
export function decodeEntities(value: string): string {
  if (!value.includes("&")) return value;
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) throw new EntityError("A bare '&' must be written as &amp;.");
    const predefined = PREDEFINED[ref];
    if (predefined !== undefined) return predefined;
    if (ref.startsWith("#")) {
      const code = ref[1] === "x" ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      // WFC Legal Character (XML 1.0 §4.1): a reference may name only a Char, so no &#0; &#1; &#xFFFE; &#xD800;.
      if (isXmlCodePoint(code)) return String.fromCodePoint(code);
    }
    throw new EntityError(
      `The entity ${whole} is not defined in XML; only &amp; &lt; &gt; &quot; &apos; and &#…; are allowed.`,
    );
  });
}

export function escapeAttribute(value: string): string {
  return value.replace(/[&<>"\n\r\t]/g, (c) => ATTRIBUTE_ESCAPES[c] ?? c);
}
const ATTRIBUTE_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  // Line breaks in attribute values survive only as character references (DOMAIN.md §1.13: `&#xA;` in XML).
  "\n": "&#xA;",
  "\r": "&#xD;",
  "\t": "&#x9;",
};

export function escapeText(value: string): string {
  return value.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

/** Serialise an element (used for the XHTML narrative): attributes in their order, empty elements self-closed. */
export function serializeElement(element: XmlElement): string {
  let out = `<${element.name}`;
  for (const [key, value] of Object.entries(element.attrs)) out += ` ${key}="${escapeAttribute(value)}"`;
  if (element.children.length === 0) return `${out}/>`;
  out += ">";
  for (const child of element.children) out += "text" in child ? escapeText(child.text) : serializeElement(child);
  return `${out}</${element.name}>`;
}

function lineAndColumn(text: string, index: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: index - lineStart + 1 };
}

const position = (line: number | undefined, col: number | undefined): string => `line ${line ?? 1}, column ${col ?? 1}`;

function fail(code: string, path: string, message: string): Result<never> {
  return { ok: false, issues: [error(code, path, message)] };
}
