// Finding configured words in free text (the regional rules: a report of concern, an acute letter), whole words
// only, case-insensitive, Danish letters included — in time linear in the text, with no regular expression over it.
//
// Text and words are brought to one form in a single pass: Unicode NFC, lower case, every run of characters that are
// neither letters, digits nor combining marks becomes one space, and "§" stands as a token of its own ("§133" and
// "§ 133" are the same). The text is padded with a space at both ends, so a whole word is ` word ` and a word
// configured with a trailing `*` (a prefix: `underretning*` also finds "underretningen") is ` word`. Each word is then
// one indexOf over the text; words are at most MAX_WORD_LENGTH characters and a list at most MAX_WORDS, so the cost
// is bounded by a constant times the length of the text, whatever the text is.

export const MAX_WORD_LENGTH = 64;
export const MAX_WORDS = 200;

const SECTION = "§";
const SECTION_CODE = 0xa7;
/** One character at a time (a code point), never over the text: no backtracking is possible. */
const WORD_CHARACTER = /^[\p{L}\p{N}\p{M}]$/u;
/** Whether each code point of the Basic Multilingual Plane is a word character: 0 not known yet, 1 yes, 2 no. */
const KNOWN = new Uint8Array(0x10000);

function isWordCodePoint(cp: number): boolean {
  if (cp < 0x80) return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a);
  if (cp > 0xffff) return WORD_CHARACTER.test(String.fromCodePoint(cp));
  if (KNOWN[cp] === 0) KNOWN[cp] = WORD_CHARACTER.test(String.fromCodePoint(cp)) ? 1 : 2;
  return KNOWN[cp] === 1;
}

const SPACE = 0x20;
const UTF16 = new TextDecoder("utf-16le");

/**
 * The matching form of a text: its tokens (runs of word characters, and each "§") joined by single spaces, with a
 * space before the first and after the last. One pass over the text into a buffer of code units: no string is built
 * per character or per token.
 */
export function matchingForm(text: string): string {
  const s = text.normalize("NFC").toLowerCase();
  // At most: a leading space, and per code unit the unit itself and one space ("§" is " § ").
  const out = new Uint16Array(2 * s.length + 2);
  out[0] = SPACE;
  let o = 1;
  let separated = true;
  for (let i = 0; i < s.length;) {
    const cp = s.codePointAt(i) ?? 0;
    const units = cp > 0xffff ? 2 : 1;
    if (isWordCodePoint(cp)) {
      for (let k = 0; k < units; k++) out[o++] = s.charCodeAt(i + k);
      separated = false;
    } else if (cp === SECTION_CODE) {
      if (!separated) out[o++] = SPACE;
      out[o++] = SECTION_CODE;
      out[o++] = SPACE;
      separated = true;
    } else if (!separated) {
      out[o++] = SPACE;
      separated = true;
    }
    i += units;
  }
  if (!separated) out[o++] = SPACE;
  return UTF16.decode(out.subarray(0, o));
}

export interface CompiledWord {
  /** The word as configured: what a log line or an answer may name (configuration, never the letter's text). */
  word: string;
  /** What to look for in the matching form of a text. */
  needle: string;
}

export interface WordMatcher {
  readonly words: readonly CompiledWord[];
  /** The first configured word found in `text`, in the order of the list; undefined when none is. */
  firstMatch(text: string): string | undefined;
}

/** Why a configured word cannot be used; undefined when it can. */
export function wordProblem(word: string): string | undefined {
  if (word.length > MAX_WORD_LENGTH) return `a word is at most ${MAX_WORD_LENGTH} characters`;
  const form = matchingForm(word.endsWith("*") ? word.slice(0, -1) : word).trim();
  if (form === "" || form === SECTION) return "a word needs at least one letter or digit";
  if (word.slice(0, -1).includes("*")) return "only a trailing * (a prefix) is allowed";
  return undefined;
}

export function compileWords(words: readonly string[]): WordMatcher {
  const compiled: CompiledWord[] = [];
  const seen = new Set<string>();
  for (const word of words) {
    const prefix = word.endsWith("*");
    const form = matchingForm(prefix ? word.slice(0, -1) : word);
    const needle = prefix ? form.slice(0, -1) : form;
    if (seen.has(needle) || needle.trim() === "") continue;
    seen.add(needle);
    compiled.push({ word, needle });
  }
  return {
    words: compiled,
    firstMatch(text) {
      if (compiled.length === 0 || text === "") return undefined;
      const form = matchingForm(text);
      return compiled.find((w) => form.includes(w.needle))?.word;
    },
  };
}
