// The ONE module that owns XML reading and writing options. Untrusted XML is refused when it declares a DOCTYPE or
// entities (no expansion, ever: XXE and "billion laughs"), nests deeper than MAX_DEPTH, is not UTF-8, or is not
// well-formed; errors carry line and column. Values are never coerced: a CPR keeps its leading zero. Reading is one
// linear pass of the strict reader in xml-reader.ts (issue 13: the former pre-scans plus fast-xml-parser's validator
// and parser read every message four times).
import { codePointName, firstNonXmlChar } from "./characters.js";
import { error, type Issue, type Result } from "../util/issues.js";
import { readXml, type XmlEvents, type XmlReadError } from "./xml-reader.js";
import { decodeUtf8 } from "../util/utf8.js";

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | { text: string };

/** Deep enough for any FHIR message (CareCommunication nests ~12 levels plus the narrative's XHTML). */
export const MAX_DEPTH = 100;

/** Parse untrusted XML into a typed tree, or say precisely why not. */
export function parseXml(input: string | Uint8Array): Result<XmlElement> {
  const decoded = decodeUtf8(input);
  if (!decoded.ok) return decoded;
  const text = decoded.value;
  // Declarations are looked for anywhere first (in a comment too), as before: one native scan, no backtracking.
  const refused = refuseCharacters(text) ?? refuseDeclarations(text);
  if (refused) return { ok: false, issues: [refused] };
  const builder = new TreeBuilder();
  const failed = readXml(text, builder, MAX_DEPTH);
  if (failed !== undefined) return { ok: false, issues: [readError(text, failed)] };
  if (builder.root === undefined)
    return fail("xml-not-well-formed", position(1, 1), "The document has no root element.");
  return { ok: true, value: builder.root, issues: [] };
}

/** Builds the element tree from the reader's events. Adjacent text (around a comment, a CDATA section) is joined. */
class TreeBuilder implements XmlEvents {
  root: XmlElement | undefined;
  private readonly open: XmlElement[] = [];

  start(name: string, attributes: readonly string[]): void {
    // Prototype-less: an attribute name is outside text and must never reach Object.prototype (issue 11, point 11).
    const attrs = Object.create(null) as Record<string, string>;
    for (let i = 0; i < attributes.length; i += 2) attrs[attributes[i] as string] = attributes[i + 1] as string;
    const element: XmlElement = { name, attrs, children: [] };
    const parent = this.open[this.open.length - 1];
    if (parent) parent.children.push(element);
    else this.root = element;
    this.open.push(element);
  }

  end(): void {
    this.open.pop();
  }

  text(value: string): void {
    const children = this.open[this.open.length - 1]?.children;
    if (children === undefined) return; // white space around the root
    const previous = children[children.length - 1];
    if (previous !== undefined && "text" in previous) previous.text += value;
    else children.push({ text: value });
  }
}

const READ_ERROR_CODES: Readonly<Record<XmlReadError["kind"], string>> = {
  character: "xml-character",
  doctype: "xml-doctype-forbidden",
  "entity-declaration": "xml-entity-forbidden",
  "unknown-entity": "xml-unknown-entity",
  "too-deep": "xml-too-deep",
  "reserved-name": "xml-reserved-name",
  "not-well-formed": "xml-not-well-formed",
};

/** The reader's stop as an issue with line and column, in the words used before. */
function readError(text: string, failed: XmlReadError): Issue {
  const { line, col } = lineAndColumn(text, failed.at);
  const message =
    failed.kind === "not-well-formed"
      ? `The XML is not well-formed: ${failed.message}`
      : failed.kind === "reserved-name"
        ? `${failed.message.slice(0, -".".length)} in a MedCom message.`
        : failed.kind === "doctype" || failed.kind === "entity-declaration"
          ? "DOCTYPE and entity declarations are not allowed in MedCom messages (they are never expanded)."
          : failed.message;
  return error(READ_ERROR_CODES[failed.kind], position(line, col), message);
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

/** Characters an attribute value must not carry as they are (a regex of one class: a linear scan). */
const ATTRIBUTE_SPECIAL = /[&<>"\n\r\t]/;
const TEXT_SPECIAL = /[&<>]/;

export function escapeAttribute(value: string): string {
  // Most values need nothing: one scan, no replacement (issue 13: every narrative is written out on reading).
  if (!ATTRIBUTE_SPECIAL.test(value)) return value;
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

function escapeText(value: string): string {
  if (!TEXT_SPECIAL.test(value)) return value;
  return value.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

/** Serialise an element (used for the XHTML narrative): attributes in their order, empty elements self-closed. */
export function serializeElement(element: XmlElement): string {
  let out = `<${element.name}`;
  const attrs = element.attrs;
  // for…in, not Object.entries: the attribute maps have no prototype, and no array of pairs is built per element.
  for (const key in attrs) out += ` ${key}="${escapeAttribute(attrs[key] as string)}"`;
  const children = element.children;
  if (children.length === 0) return `${out}/>`;
  out += ">";
  for (const child of children) out += "text" in child ? escapeText(child.text) : serializeElement(child);
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
