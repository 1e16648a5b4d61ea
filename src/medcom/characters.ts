// The characters an XML 1.0 document can carry (XML 1.0 §2.2, production [2] Char): tab, line feed, carriage return,
// U+0020–U+D7FF, U+E000–U+FFFD and U+10000–U+10FFFF. Not U+0000, not the other C0 controls, not a lone surrogate,
// not U+FFFE/U+FFFF. Every message is written as XML for some receiver (DOMAIN.md §2.8), so text that arrives as JSON
// must keep to the same set, or the gateway would hand an XML receiver a malformed document (issue 11, point 11).

/** One character class in Unicode mode (a lone surrogate is one code point there): a linear scan. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** The index of the first character XML cannot carry, or -1. */
export function firstNonXmlChar(text: string): number {
  const found = NOT_XML_CHAR.exec(text);
  return found ? found.index : -1;
}

/** May a character reference (`&#…;`) name this code point? The same Char production (XML 1.0 §4.1, WFC). */
export function isXmlCodePoint(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** A code unit shown as U+XXXX, for a problem's message (never the character itself). */
export const codePointName = (text: string, index: number): string =>
  `U+${(text.codePointAt(index) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;

/**
 * Every string (and every key) of a JSON value that XML could not carry, as the path to it and the offending code
 * point: at most `limit` of them. Paths are FHIR-style (`Bundle.entry[0].resource.text.div`).
 */
export function nonXmlStrings(value: unknown, root: string, limit: number): { path: string; char: string }[] {
  const found: { path: string; char: string }[] = [];
  const visit = (item: unknown, path: string): void => {
    if (found.length >= limit) return;
    if (typeof item === "string") {
      const at = firstNonXmlChar(item);
      if (at !== -1) found.push({ path, char: codePointName(item, at) });
    } else if (Array.isArray(item)) item.forEach((v, i) => visit(v, `${path}[${i}]`));
    else if (item !== null && typeof item === "object") {
      for (const [key, child] of Object.entries(item as Record<string, unknown>)) {
        const at = firstNonXmlChar(key);
        if (at !== -1) found.push({ path: `${path}.(key ${found.length + 1})`, char: codePointName(key, at) });
        else visit(child, `${path}.${key}`);
      }
    }
  };
  visit(value, root);
  return found;
}
