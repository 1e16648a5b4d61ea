// RFC 4180 CSV as a state machine over the text, one pass, no regular expressions: the cost is linear in the file
// whatever its shape (an unclosed quote, a huge field, a line of a million commas). Records are handed over one at a
// time with the line they start on; a record that breaks the format is reported once and skipped, and only bounded
// pieces are kept (MAX_FIELD characters per field, MAX_COLUMNS fields per record).
import type { FileIssues } from "./issues.js";

/** Far beyond any name or format list an export holds; longer is refused without being copied. */
export const MAX_FIELD = 2000;
/** The header names at most this many columns (seven are known); a record may not have more fields. */
export const MAX_COLUMNS = 64;

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Call `onRecord` for each well-formed, non-blank record. Returns false when the file cannot be read on (an unclosed
 *  quote runs to its end). */
export function readCsv(text: string, issues: FileIssues, onRecord: (record: CsvRecord) => void): boolean {
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let fault: string | undefined;
    // One record: fields until an unquoted line break or the end.
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        const opened = { line, column: fields.length + 1 };
        const parts: string[] = [];
        let size = 0;
        let from = i + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close < 0) {
            issues.error(
              `line ${opened.line}, column ${opened.column}`,
              "a quote is opened and never closed (the rest of the file is inside it)",
            );
            return false;
          }
          line += countLines(text, from, close);
          size += close - from;
          if (size <= MAX_FIELD) parts.push(text.slice(from, close));
          if (text.charCodeAt(close + 1) === QUOTE) {
            if (size <= MAX_FIELD) parts.push('"');
            size++;
            from = close + 2;
            continue;
          }
          i = close + 1;
          break;
        }
        value = parts.join("");
        if (size > MAX_FIELD) fault ??= `column ${fields.length + 1} is longer than ${MAX_FIELD} characters`;
        const next = text.charCodeAt(i);
        if (i < n && next !== COMMA && next !== CR && next !== LF) {
          fault ??= `column ${fields.length + 1} has text after its closing quote (double a quote inside a quoted field)`;
          i = skipField(text, i, false);
        }
      } else {
        const end = skipField(text, i);
        if (end < 0) {
          i = skipField(text, i, false);
          fault ??= `column ${fields.length + 1} has a quote inside an unquoted field (quote the field and double the quote)`;
          value = "";
        } else {
          if (end - i > MAX_FIELD) fault ??= `column ${fields.length + 1} is longer than ${MAX_FIELD} characters`;
          value = end - i > MAX_FIELD ? "" : text.slice(i, end);
          i = end;
        }
      }
      if (fields.length < MAX_COLUMNS) fields.push(value);
      else fault ??= `the line has more than ${MAX_COLUMNS} columns`;
      if (i < n && text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      break;
    }
    // At a line break or the end: consume \r\n, \n or a lone \r.
    if (text.charCodeAt(i) === CR) i++;
    if (text.charCodeAt(i) === LF) i++;
    line++;
    if (fault !== undefined) issues.error(`line ${start}`, fault);
    else if (!(fields.length === 1 && fields[0]?.trim() === "")) onRecord({ line: start, fields });
  }
  return true;
}

/** The end of an unquoted field: the next comma or line break; -1 when a quote comes first (unless `quotes` is false,
 *  when the field is only being skipped). */
function skipField(text: string, from: number, quotes = true): number {
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === LF || c === CR) break;
    if (c === QUOTE && quotes) return -1;
  }
  return i;
}

function countLines(text: string, from: number, to: number): number {
  let lines = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) lines++;
  }
  return lines;
}
