// Text as an XDIS91 carries it: fields with the XSDs' length limits (String_1_35, String_1_70 …) and the letter text
// in ClinicalInformation blocks (LEGACY.md §2.1, §2.2). Field lengths are counted in characters (code points), text
// blocks in UTF-16 units (a cut never splits a surrogate pair). Linear, and without regular expressions.

/** OS2korrespondance's block size for Text01 (LEGACY.md §2.2: 10 × 3,150 is the legacy ~31k text limit). */
export const TEXT_BLOCK_LENGTH = 3150;
/** ClinicalInformation occurs at most 10 times (ClinicalEmail.xsd). */
export const MAX_TEXT_BLOCKS = 10;

/** Line breaks and tabs as spaces, for one-line fields (names, subject). */
export function oneLine(value: string): string {
  let out = "";
  for (const c of value) out += c === "\n" || c === "\r" || c === "\t" ? " " : c;
  return out.trim();
}

/**
 * `value` on one line and cut to `max` characters (an XSD limit), the cut's trailing spaces removed; undefined when
 * nothing is left. The cut is plain (LEGACY.md §10.3: MedCom gives no rule; OS2korrespondance cuts organisation names
 * at 35 the same way): the GLN and SOR id identify the party, the name is for people.
 */
export function clip(value: string | undefined, max: number): string | undefined {
  if (value === undefined) return undefined;
  const chars = [...oneLine(value)];
  const cut = (chars.length > max ? chars.slice(0, max).join("") : chars.join("")).trimEnd();
  return cut === "" ? undefined : cut;
}

/** Whether `value` (on one line) is longer than `max` characters. */
export const exceeds = (value: string, max: number): boolean => [...oneLine(value)].length > max;

/**
 * The letter text as Text01 blocks (ClinicalInformation, at most 10), each at most 3,150 characters: a block ends at
 * the last line break inside the limit (the break itself is the block boundary, so joining the blocks with a line
 * feed, as XDIS91 → CC does (LEGACY.md §10.2), gives the text back), else at the last space (which then becomes that
 * line feed), else at the limit. What does not fit in nine blocks goes whole into the tenth: Text01 has no length
 * facet, and MedCom asks legacy systems to drop their text limit while conversion runs (use cases Forudsætning 3) —
 * better a long last block than a letter refused or cut.
 */
export function textBlocks(text: string): string[] {
  const blocks: string[] = [];
  let rest = text;
  while (rest.length > TEXT_BLOCK_LENGTH && blocks.length < MAX_TEXT_BLOCKS - 1) {
    const window = rest.slice(0, TEXT_BLOCK_LENGTH + 1);
    let cut = window.lastIndexOf("\n");
    if (cut <= 0) cut = window.lastIndexOf(" ");
    if (cut > 0) {
      blocks.push(rest.slice(0, cut));
      rest = rest.slice(cut + 1);
      continue;
    }
    let at = TEXT_BLOCK_LENGTH;
    const code = rest.charCodeAt(at - 1);
    if (code >= 0xd800 && code <= 0xdbff) at -= 1;
    blocks.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  if (rest !== "") blocks.push(rest);
  return blocks;
}
