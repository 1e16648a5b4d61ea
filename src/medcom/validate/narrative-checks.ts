// The narrative (Narrative.div) is XHTML that a receiver's viewer will show, often as HTML. It is checked against
// FHIR R4's ALLOW-list (narrative.html, invariant txt-1: "only the basic html formatting elements and attributes …,
// <a> elements (either name or href), images and internally contained style attributes") on the PARSED tree, never
// with text patterns: the former blocklist was bypassed (scripts ran in Chromium from both JSON and XML narratives)
// and refused plain text that merely mentioned "javascript:" (issue 11, point 6).
//
// Decisions, written down:
// - Elements: exactly FHIR's list below; anything else (script, style, object, embed, iframe, form, input, svg, math,
//   base, link, meta, …) is refused. Only the root `div` may carry `xmlns`, and only the XHTML namespace; prefixed
//   names and `xmlns:*` are refused (no way into SVG or MathML, where other rules apply).
// - Attributes: FHIR's list (below); no event attributes (`on*`) since none is listed.
// - Links (`a href`): http:, https:, mailto:, tel:, a `#fragment`, or a relative reference. Browsers drop tabs,
//   line breaks and leading control characters from URLs, so the scheme is read the same way.
// - Images (`img src`): only inside the message: `#id` (a contained resource), `urn:uuid:` or a relative `Type/id`
//   (a Bundle entry). No http(s) (a receiver's viewer would call out and report who reads what), no `data:`
//   (MedCom forbids base64 in narratives, GeneralGovernance §6).
// - `style`: refused when it could fetch or run anything: url(, image-set(, expression(, @import, behavior,
//   -moz-binding, javascript:, or a CSS escape (`\`) or comment that could hide one.
// - Comments, CDATA sections and processing instructions: accepted only where an HTML viewer ends them where XML
//   does. HTML ends `<!-->` and `<!--->` at once and `<![CDATA[…` and `<?…` at the first '>' (HTML Living Standard,
//   13.2.5: comment start state, bogus comment state), so a comment starting with '>' or '->', or a CDATA section or
//   instruction holding a '>', would hand the viewer the rest as markup (each ran script in Chromium).
// Text nodes are text: whatever they say is accepted, because a viewer shows them as text.
//
// The div is read by the strict single-pass reader (../xml-reader.ts: XML 1.0 well-formedness, the five predefined
// entities and character references only, no DTD, depth capped at MAX_DEPTH) and checked as it is read, without
// building a tree: it is read for every narrative of every message validated (issue 13: speed).
import { shownValue } from "../ids.js";
import { XHTML_NS } from "../systems.js";
import { MAX_DEPTH } from "../xml.js";
import { readXml, type XmlEvents } from "../xml-reader.js";
import type { ValidationContext } from "./context.js";

/** FHIR R4 narrative.html: the basic HTML 4.0 formatting elements, `a` and `img`. */
const ELEMENTS: ReadonlySet<string> = new Set(
  (
    "a abbr acronym b big blockquote br caption cite code col colgroup dd dfn div dl dt em h1 h2 h3 h4 h5 h6 hr i " +
    "img li ol p pre q samp small span strong sub sup table tbody td tfoot th thead tr tt ul var"
  ).split(" "),
);

/** Attributes any permitted element may carry (HTML 4.0 core and i18n attributes, without the event handlers). */
const COMMON_ATTRIBUTES: ReadonlySet<string> = new Set(["id", "class", "style", "title", "lang", "xml:lang", "dir"]);

/** Attributes particular elements may carry, as in HTML 4.0 for the elements FHIR permits. */
const ELEMENT_ATTRIBUTES: Readonly<Record<string, ReadonlySet<string>>> = Object.assign(Object.create(null), {
  a: new Set(["href", "name"]),
  img: new Set(["src", "alt", "width", "height"]),
  table: new Set(["summary", "width", "border", "frame", "rules", "cellspacing", "cellpadding"]),
  td: new Set(["abbr", "axis", "headers", "scope", "rowspan", "colspan", "align", "valign", "char", "charoff"]),
  th: new Set(["abbr", "axis", "headers", "scope", "rowspan", "colspan", "align", "valign", "char", "charoff"]),
  col: new Set(["span", "width", "align", "valign", "char", "charoff"]),
  colgroup: new Set(["span", "width", "align", "valign", "char", "charoff"]),
  tr: new Set(["align", "valign", "char", "charoff"]),
  tbody: new Set(["align", "valign", "char", "charoff"]),
  thead: new Set(["align", "valign", "char", "charoff"]),
  tfoot: new Set(["align", "valign", "char", "charoff"]),
  blockquote: new Set(["cite"]),
  q: new Set(["cite"]),
  ol: new Set(["start"]),
  li: new Set(["value"]),
}) as Record<string, ReadonlySet<string>>;

const LINK_SCHEMES: ReadonlySet<string> = new Set(["http", "https", "mailto", "tel"]);

/** A problem found in a narrative: what, and the element it is in. */
export interface NarrativeProblem {
  code:
    | "narrative-not-xhtml"
    | "narrative-element"
    | "narrative-attribute"
    | "narrative-url"
    | "narrative-style"
    | "narrative-markup";
  message: string;
}

/** At most this many problems per narrative: one hostile div must not flood the answer. */
const MAX_PROBLEMS = 10;

/**
 * Check one narrative div (an XHTML string, as FHIR JSON holds it) against FHIR's allow-list. `content` says whether
 * it has something to read (txt-2); it is undefined when the div is not well-formed.
 */
export function narrativeProblems(div: string): { problems: NarrativeProblem[]; content?: boolean } {
  const checker = new NarrativeChecker();
  const error = readXml(div.charCodeAt(0) === 0xfeff ? div.slice(1) : div, checker, MAX_DEPTH);
  if (error !== undefined) {
    const why = error.kind === "too-deep" ? `Elements nest deeper than ${MAX_DEPTH} levels.` : error.message;
    return { problems: [{ code: "narrative-not-xhtml", message: `The narrative is not well-formed XHTML: ${why}` }] };
  }
  return { problems: checker.problems, content: checker.content };
}

/** The allow-list applied to each thing the reader reports, in document order. */
class NarrativeChecker implements XmlEvents {
  readonly problems: NarrativeProblem[] = [];
  /** Is there something to read: a non-blank text or an image (txt-2)? */
  content = false;

  report(problem: NarrativeProblem): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(problem);
  }

  start(name: string, attributes: readonly string[], depth: number): void {
    const isRoot = depth === 1;
    if (isRoot && (name !== "div" || attributeOf(attributes, "xmlns") !== XHTML_NS))
      this.report({ code: "narrative-element", message: `The narrative is a <div xmlns="${XHTML_NS}"> element.` });
    if (name === "img") this.content = true;
    checkElement(name, attributes, isRoot, this);
  }

  end(): void {}

  text(value: string, cdata: boolean): void {
    if (cdata && value.includes(">")) this.report(MARKUP);
    if (!this.content && value.trim() !== "") this.content = true;
  }

  comment(body: string): void {
    if (body.startsWith(">") || body.startsWith("->")) this.report(MARKUP);
  }

  instruction(_target: string, body: string): void {
    if (body.includes(">")) this.report(MARKUP);
  }
}

const MARKUP: NarrativeProblem = {
  code: "narrative-markup",
  message:
    "A comment, CDATA section or processing instruction in a narrative must end where an HTML viewer ends it (no '>' inside; a comment not starting with '>' or '->').",
};

/** The value of an attribute in a flat `[name, value, …]` list. */
function attributeOf(attributes: readonly string[], wanted: string): string | undefined {
  for (let i = 0; i < attributes.length; i += 2) if (attributes[i] === wanted) return attributes[i + 1];
  return undefined;
}

function checkElement(name: string, attributes: readonly string[], isRoot: boolean, checker: NarrativeChecker): void {
  if (!ELEMENTS.has(name)) {
    checker.report({
      code: "narrative-element",
      message: `<${shownValue(name)}> is not allowed in a narrative (FHIR permits basic formatting, tables, links and images).`,
    });
    return;
  }
  for (let i = 0; i < attributes.length; i += 2) {
    const attribute = attributes[i] as string;
    const value = attributes[i + 1] as string;
    if (attribute === "xmlns" && isRoot) continue;
    if (!COMMON_ATTRIBUTES.has(attribute) && !ELEMENT_ATTRIBUTES[name]?.has(attribute)) {
      checker.report({
        code: "narrative-attribute",
        message: `The attribute ${shownValue(attribute)} is not allowed on <${name}> in a narrative.`,
      });
    } else if (attribute === "href" && !isSafeLink(value)) {
      checker.report({
        code: "narrative-url",
        message: `A link in a narrative must be http:, https:, mailto:, tel:, #fragment or relative, not ${shownValue(schemeOf(value) ?? value)}.`,
      });
    } else if (attribute === "src" && !isInMessage(value)) {
      checker.report({
        code: "narrative-url",
        message:
          "An image in a narrative must be inside the message (#id of a contained resource, urn:uuid: or Type/id).",
      });
    } else if (attribute === "style" && !isInertStyle(value)) {
      checker.report({
        code: "narrative-style",
        message: "A style in a narrative must not load or run anything (no url(, expression(, @import, escapes).",
      });
    }
  }
}

/**
 * The URL as a browser reads it (WHATWG URL: leading/trailing C0 controls and spaces trimmed, tabs and line breaks
 * removed anywhere), lower-cased. Anything else below U+0021 is removed too: stricter than a browser, never looser.
 */
function normalisedUrl(value: string): string {
  // In chunks between the characters removed (most values have none, or only a style's spaces): linear, and no
  // string built character by character.
  let out = "";
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) > 0x20) continue;
    out += value.slice(from, i);
    from = i + 1;
  }
  return (from === 0 ? value : out + value.slice(from)).toLowerCase();
}

/** The scheme of a URL (RFC 3986 §3.1), if it has one. */
function schemeOf(value: string): string | undefined {
  return schemeOfNormalised(normalisedUrl(value));
}

function schemeOfNormalised(url: string): string | undefined {
  const colon = url.indexOf(":");
  if (colon <= 0) return undefined;
  const candidate = url.slice(0, colon);
  // A colon after a '/', '?' or '#' belongs to a relative reference's path, query or fragment (RFC 3986 §4.2).
  if (/[/?#]/.test(candidate)) return undefined;
  return candidate;
}

function isSafeLink(value: string): boolean {
  const url = normalisedUrl(value);
  const scheme = schemeOfNormalised(url);
  if (scheme !== undefined) return LINK_SCHEMES.has(scheme);
  // No scheme: a relative reference or a fragment. A colon in the first segment would be read as a scheme by a
  // browser that is laxer than RFC 3986, so it is refused.
  const firstSegment = url.split(/[/?#]/, 1)[0] ?? "";
  return !firstSegment.includes(":") && !url.includes("\\");
}

const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RELATIVE_REFERENCE = /^[A-Za-z]{1,64}\/[A-Za-z0-9\-.]{1,64}$/;

/** An image source that points inside this message: a contained resource, a Bundle entry by urn:uuid or Type/id. */
function isInMessage(value: string): boolean {
  if (value.startsWith("#")) return /^#[A-Za-z0-9\-.]{1,64}$/.test(value);
  return UUID_URN.test(value) || RELATIVE_REFERENCE.test(value);
}

const ACTIVE_CSS = ["url(", "image-set(", "expression(", "@import", "behavior", "-moz-binding", "javascript:"];

/** Inline CSS that can neither fetch nor run anything. Escapes and comments are refused: they could hide either. */
function isInertStyle(value: string): boolean {
  const css = normalisedUrl(value);
  if (css.includes("\\") || css.includes("/*") || css.includes("<")) return false;
  return !ACTIVE_CSS.some((active) => css.includes(active));
}

/** Every narrative in the message against FHIR's allow-list (txt-1) and for content (txt-2). */
export function checkNarrativeXhtml(ctx: ValidationContext, div: string, path: string): void {
  const { problems, content } = narrativeProblems(div);
  for (const problem of problems) ctx.error(problem.code, path, problem.message, "txt-1");
  if (content === false) ctx.error("narrative-empty", path, "The narrative must contain some text.", "txt-2");
}
