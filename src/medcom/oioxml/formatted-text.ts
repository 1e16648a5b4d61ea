// FormattedText.xsd's mixed content as plain text, and back (LEGACY.md §2.2, §10.2). MedCom's mapping promises only
// line breaks: `<Break/>` ⇄ "\n". `<Space/>` is a space; Bold, Italic, Underline, Right, Center and FixedFont keep
// their text (the formatting is not carried into CareCommunication, whose text is plain).
//
// Decision (docs/legacy.md): a line break written in the character data itself (not a `<Break/>`) is the layout of
// the XML file — producers indent Text01 (Flow3's example; OS2korrespondance's formattet_text.xml) — not of the
// letter. A run of white space that contains a line feed ("layout") is read as one space between two words, and
// dropped at the start and end of the text and next to a line break or other white space. Other white space (spaces
// and tabs on a line) is kept as written.
import type { OioElement } from "./namespaces.js";

/** A layout run, decided once its neighbours are known. */
const LAYOUT = 0;
type Token = string | typeof LAYOUT;

export function formattedText(element: OioElement): string {
  const tokens: Token[] = [];
  collect(element, tokens);
  let out = "";
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token !== LAYOUT) {
      out += token;
      continue;
    }
    let next = i + 1;
    while (tokens[next] === LAYOUT) next++;
    const following = tokens[next];
    if (out === "" || following === undefined || isSpace(out.charCodeAt(out.length - 1))) continue;
    if (typeof following === "string" && isSpace(following.charCodeAt(0))) continue;
    out += " ";
  }
  return out;
}

function collect(element: OioElement, tokens: Token[]): void {
  for (const child of element.children) {
    if ("text" in child) split(child.text, tokens);
    else if (child.name === "Break") tokens.push("\n");
    else if (child.name === "Space") tokens.push(" ");
    else collect(child, tokens);
  }
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/** One pass over a text: its words and spaces as written, each white-space run with a line feed as LAYOUT. */
function split(text: string, tokens: Token[]): void {
  if (!text.includes("\n")) {
    if (text !== "") tokens.push(text);
    return;
  }
  let from = 0;
  let i = 0;
  while (i < text.length) {
    if (!isSpace(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let lineFeed = false;
    while (i < text.length && isSpace(text.charCodeAt(i))) {
      if (text.charCodeAt(i) === 0x0a) lineFeed = true;
      i++;
    }
    if (!lineFeed) continue;
    if (start > from) tokens.push(text.slice(from, start));
    tokens.push(LAYOUT);
    from = i;
  }
  if (from < text.length) tokens.push(text.slice(from));
}

/** The writer's side: the text's lines, to be joined with `<Break/>` ("\r\n" and "\r" count as "\n"). */
export function textLines(text: string): string[] {
  return text.replaceAll("\r\n", "\n").replaceAll("\r", "\n").split("\n");
}
