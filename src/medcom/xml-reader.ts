// A strict, single-pass XML 1.0 reader for untrusted text, with no DTD at all. It reports what it reads as events
// (start tag, end tag, text, comment, processing instruction; CDATA content as text) and stops at the first thing that
// is not well-formed, with the offset and the reason. Built for issue 13 (speed) without giving up issue 11:
// - every character is looked at a bounded number of times: each search starts where the last one ended and stays
//   inside the construct being read, and a construct that does not end stops the reader (no backtracking, no regular
//   expression over markup);
// - elements nest at most `maxDepth` deep, counted as it reads (nothing recursive ever sees a deeper tree);
// - no DOCTYPE and no entity declarations (XXE, "billion laughs"): `<!DOCTYPE` and `<!ENTITY` are refused where they
//   appear; references are the five predefined entities and character references to a Char (XML 1.0 §4.1, §4.6);
// - `__proto__`, `constructor` and `prototype` are refused as names (issue 11, point 11);
// - characters outside XML's Char production (XML 1.0 §2.2) are refused before anything is read.
// Attribute values are passed as written apart from references (no attribute-value normalisation, as before).
import { firstNonXmlChar } from "./characters.js";
import {
  decodeReferences,
  isNameChar,
  isNameStart,
  isSpace,
  shown,
  Stop,
  stop,
  type XmlReadError,
} from "./xml-syntax.js";

export type { XmlReadError, XmlReadErrorKind } from "./xml-syntax.js";

const GT = 0x3e; // >
const SLASH = 0x2f; // /
const EQUALS = 0x3d; // =
const QUOTE = 0x22; // "
const APOSTROPHE = 0x27; // '
const BANG = 0x21; // !
const QUESTION = 0x3f; // ?

/** What the reader found, in document order. Attribute lists are flat `[name, value, name, value, …]` arrays. */
export interface XmlEvents {
  /** A start tag or an empty-element tag (`end` follows at once for the latter). The array is reused: copy it. */
  start(name: string, attributes: readonly string[], depth: number): void;
  end(name: string): void;
  /** Character data with its references decoded, or a CDATA section's content as written (`cdata` true). */
  text(value: string, cdata: boolean): void;
  comment?(body: string): void;
  /** A processing instruction (the XML declaration at the very start included): its target and the rest. */
  instruction?(target: string, body: string): void;
}

/** Names that would reach into a JavaScript object's prototype if they became keys (issue 11, point 11). */
const RESERVED_NAMES: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** Read `text` (already decoded, BOM removed) and report it to `events`; undefined when it is well-formed. */
export function readXml(text: string, events: XmlEvents, maxDepth: number): XmlReadError | undefined {
  const bad = firstNonXmlChar(text);
  if (bad !== -1) return { kind: "character", at: bad, message: "A character XML cannot carry." };
  try {
    new Reader(text, events, maxDepth).document();
    return undefined;
  } catch (err) {
    if (err instanceof Stop) return err.error;
    throw err;
  }
}

class Reader {
  private pos = 0;
  private readonly open: string[] = [];
  private readonly attributes: string[] = [];
  /** The value of the attribute last read by attribute(). */
  private attributeValue = "";

  constructor(
    private readonly text: string,
    private readonly events: XmlEvents,
    private readonly maxDepth: number,
  ) {}

  /** document ::= prolog element Misc* (XML 1.0 §2.1), without a doctypedecl. */
  document(): void {
    const text = this.text;
    let roots = 0;
    while (this.pos < text.length) {
      const lt = text.indexOf("<", this.pos);
      const textEnd = lt === -1 ? text.length : lt;
      for (let i = this.pos; i < textEnd; i++)
        if (!isSpace(text.charCodeAt(i))) throw stop("not-well-formed", i, "Text outside the root element.");
      if (lt === -1) break;
      this.pos = lt;
      const next = text.charCodeAt(lt + 1);
      if (next === QUESTION) this.instruction();
      else if (next === BANG) this.bang(false);
      else {
        if (roots > 0) throw stop("not-well-formed", lt, "The document must have exactly one root element.");
        roots++;
        this.element();
      }
    }
    if (roots === 0) throw stop("not-well-formed", text.length, "The document has no root element.");
  }

  /** The root element and everything in it, iteratively (an explicit stack of open names, capped at maxDepth). */
  private element(): void {
    const text = this.text;
    const open = this.open;
    this.startTag();
    while (open.length > 0) {
      const lt = text.indexOf("<", this.pos);
      if (lt === -1) throw stop("not-well-formed", text.length, `The element <${shown(last(open))}> is not closed.`);
      if (lt > this.pos) this.events.text(decodeReferences(text.slice(this.pos, lt), this.pos), false);
      this.pos = lt;
      const next = text.charCodeAt(lt + 1);
      if (next === SLASH) this.endTag();
      else if (next === QUESTION) this.instruction();
      else if (next === BANG) this.bang(true);
      else this.startTag();
    }
  }

  private startTag(): void {
    const text = this.text;
    const at = this.pos;
    this.pos = at + 1;
    const name = this.name("an element name");
    const attributes = this.attributes;
    // Setting an array's length is a call into the runtime, and most tags have no attributes: only a list that holds
    // some is emptied (checking a built text letter's narratives 17.0 -> 15.5 µs, issue 17 point 3).
    if (attributes.length > 0) attributes.length = 0;
    // Few attributes are compared one by one; many (a hostile tag may carry a hundred thousand) go into a set, so
    // the uniqueness check (WFC: Unique Att Spec) stays linear.
    let seen: Set<string> | undefined;
    for (;;) {
      const hadSpace = this.skipSpace();
      const c = text.charCodeAt(this.pos);
      if (c === GT || c === SLASH || this.pos >= text.length) break;
      if (!hadSpace)
        throw stop("not-well-formed", this.pos, `A space must come before an attribute in <${shown(name)}>.`);
      const attributeAt = this.pos;
      const attribute = this.attribute(name);
      if (seen === undefined) {
        for (let i = 0; i < attributes.length; i += 2)
          if (attributes[i] === attribute) throw stop("not-well-formed", attributeAt, repeated(attribute));
        if (attributes.length >= 32) seen = new Set(attributes.filter((_, i) => i % 2 === 0));
      } else if (seen.has(attribute)) throw stop("not-well-formed", attributeAt, repeated(attribute));
      if (seen !== undefined) seen.add(attribute);
      attributes.push(attribute, this.attributeValue);
    }
    const depth = this.open.length + 1;
    if (text.charCodeAt(this.pos) === SLASH) {
      if (text.charCodeAt(this.pos + 1) !== GT)
        throw stop("not-well-formed", this.pos, `<${shown(name)}> is not closed.`);
      this.pos += 2;
      this.events.start(name, attributes, depth);
      this.events.end(name);
      return;
    }
    if (text.charCodeAt(this.pos) !== GT)
      throw stop("not-well-formed", this.pos, `The tag <${shown(name)}> is not closed.`);
    this.pos++;
    if (depth > this.maxDepth) throw stop("too-deep", at, `Elements nest deeper than ${this.maxDepth} levels.`);
    this.open.push(name);
    this.events.start(name, attributes, depth);
  }

  /** Attribute ::= Name Eq AttValue (XML 1.0 §3.1): its name returned, its decoded value in attributeValue. */
  private attribute(element: string): string {
    const text = this.text;
    const name = this.name("an attribute name");
    this.skipSpace();
    if (text.charCodeAt(this.pos) !== EQUALS)
      throw stop("not-well-formed", this.pos, `The attribute ${shown(name)} of <${shown(element)}> has no value.`);
    this.pos++;
    this.skipSpace();
    const quote = text.charCodeAt(this.pos);
    if (quote !== QUOTE && quote !== APOSTROPHE)
      throw stop("not-well-formed", this.pos, `The value of ${shown(name)} in <${shown(element)}> is not quoted.`);
    const start = this.pos + 1;
    const end = text.indexOf(quote === QUOTE ? '"' : "'", start);
    if (end === -1)
      throw stop("not-well-formed", this.pos, `The value of ${shown(name)} in <${shown(element)}> is not closed.`);
    // AttValue excludes '<' (XML 1.0 §3.1 production [10]). Searched in the value only: a search running on to the
    // next '<' of the document would make many attributes cost quadratic time.
    const raw = text.slice(start, end);
    const lt = raw.indexOf("<");
    if (lt !== -1)
      throw stop("not-well-formed", start + lt, `A '<' in the value of ${shown(name)} must be written &lt;.`);
    this.pos = end + 1;
    this.attributeValue = decodeReferences(raw, start);
    return name;
  }

  /** ETag ::= '</' Name S? '>', naming the element it closes (WFC: Element Type Match). */
  private endTag(): void {
    const text = this.text;
    const at = this.pos;
    this.pos += 2;
    const name = this.name("an element name");
    this.skipSpace();
    if (text.charCodeAt(this.pos) !== GT)
      throw stop("not-well-formed", this.pos, `The end tag </${shown(name)}> is not closed.`);
    const expected = this.open.pop();
    if (name !== expected)
      throw stop("not-well-formed", at, `Expected the end tag </${shown(String(expected))}>, found </${shown(name)}>.`);
    this.pos++;
    this.events.end(name);
  }

  /** `<!--…-->`, `<![CDATA[…]]>` (in content only), or a refused declaration. */
  private bang(inContent: boolean): void {
    const text = this.text;
    const at = this.pos;
    if (text.startsWith("<!--", at)) {
      const end = text.indexOf("--", at + 4);
      // XML 1.0 §2.5: '--' must not occur within a comment, so the first '--' must be the end '-->'.
      if (end === -1 || text.charCodeAt(end + 2) !== GT)
        throw stop("not-well-formed", at, "A comment must end with '-->' and must not contain '--'.");
      this.pos = end + 3;
      this.events.comment?.(text.slice(at + 4, end));
      return;
    }
    if (inContent && text.startsWith("<![CDATA[", at)) {
      const end = text.indexOf("]]>", at + 9);
      if (end === -1) throw stop("not-well-formed", at, "A CDATA section is not closed with ']]>'.");
      this.pos = end + 3;
      this.events.text(text.slice(at + 9, end), true);
      return;
    }
    const keyword = text.slice(at + 2, at + 9).toUpperCase();
    if (keyword === "DOCTYPE") throw stop("doctype", at, "DOCTYPE declarations are not allowed.");
    if (keyword.startsWith("ENTITY")) throw stop("entity-declaration", at, "Entity declarations are not allowed.");
    throw stop("not-well-formed", at, "Markup starting with '<!' must be a comment or a CDATA section.");
  }

  /** PI ::= '<?' PITarget (S (Char* - (Char* '?>' Char*)))? '?>' (XML 1.0 §2.6); the XML declaration comes first. */
  private instruction(): void {
    const text = this.text;
    const at = this.pos;
    this.pos += 2;
    const target = this.name("a processing instruction's target");
    const end = text.indexOf("?>", this.pos);
    if (end === -1) throw stop("not-well-formed", at, "A processing instruction is not closed with '?>'.");
    if (end !== this.pos && !isSpace(text.charCodeAt(this.pos)))
      throw stop("not-well-formed", this.pos, "A space must follow a processing instruction's target.");
    if (at !== 0 && target.toLowerCase() === "xml")
      throw stop("not-well-formed", at, "The XML declaration may only come at the very start.");
    const body = text.slice(this.pos, end);
    this.pos = end + 2;
    this.events.instruction?.(target, body);
  }

  /** A Name at the current position (XML 1.0 §2.3), refused if it is one of RESERVED_NAMES. */
  private name(what: string): string {
    const text = this.text;
    const start = this.pos;
    if (!isNameStart(text.charCodeAt(start))) throw stop("not-well-formed", start, `Expected ${what}.`);
    let i = start + 1;
    while (i < text.length && isNameChar(text.charCodeAt(i))) i++;
    this.pos = i;
    const name = text.slice(start, i);
    if (RESERVED_NAMES.has(name)) throw stop("reserved-name", start, `The name "${name}" is not allowed.`);
    return name;
  }

  /** Skip white space; was there any? */
  private skipSpace(): boolean {
    const text = this.text;
    const start = this.pos;
    while (this.pos < text.length && isSpace(text.charCodeAt(this.pos))) this.pos++;
    return this.pos > start;
  }
}

const repeated = (attribute: string): string => `The attribute ${shown(attribute)} is repeated.`;

const last = (items: readonly string[]): string => items[items.length - 1] ?? "";
