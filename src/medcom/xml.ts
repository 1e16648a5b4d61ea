// The ONE module that owns XML reading and writing options. Untrusted XML is refused before it is parsed when it
// declares a DOCTYPE or entities (no expansion, ever: XXE and "billion laughs"), nests deeper than MAX_DEPTH, is not
// UTF-8, or is not well-formed; errors carry line and column. Values are never coerced: a CPR keeps its leading zero.
import { XMLParser, XMLValidator } from "fast-xml-parser";
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
  const refused = refuseDeclarations(text) ?? refuseDepth(text);
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
    throw err;
  }
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

/** A linear scan of tags, so that absurd nesting is refused before any recursive parser sees it. */
function refuseDepth(text: string): Issue | undefined {
  let depth = 0;
  const tag =
    // eslint-disable-next-line regexp/no-super-linear-backtracking -- cubic on hostile input; replaced by a linear scan (issue 11)
    /<(\/?)([A-Za-z_][^\s/>]*)(?:"[^"]*"|'[^']*'|[^>"'])*?(\/?)>|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    if (m[2] === undefined) continue;
    if (m[1] === "/") depth--;
    else if (m[3] !== "/" && ++depth > MAX_DEPTH) {
      const { line, col } = lineAndColumn(text, m.index);
      return error("xml-too-deep", position(line, col), `Elements nest deeper than ${MAX_DEPTH} levels.`);
    }
  }
  return undefined;
}

type RawNode = Record<string, unknown>;

function toElement(raw: RawNode): XmlElement {
  const name = Object.keys(raw).find((k) => k !== ATTRS) ?? "";
  const rawAttrs = (raw[ATTRS] ?? {}) as Record<string, string>;
  const attrs: Record<string, string> = {};
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
      if (code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) return String.fromCodePoint(code);
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
