// The last guard before an issue leaves the gateway (a problem document, a file-drop problem report): whatever the
// check that wrote it, its path and message are bounded and carry no control characters. Checks are meant to show
// outside values with `shownValue` already (issue 11, point 1); this catches the ones that do not — a 1 MB XML
// element name used as a resourceType, a parser's message quoting the input — so no answer grows with the input or
// carries a line break, a NUL or a bidirectional-text override into a log viewer, a console or a problem report.
import type { Issue } from "../util/issues.js";

/** Long enough for any FHIRPath or JSON pointer the gateway writes, and for its longest sentence. */
export const MAX_SHOWN_PATH = 256;
export const MAX_SHOWN_MESSAGE = 1000;

/** C0 and C1 controls, DEL, the Unicode line/paragraph separators and the bidirectional overrides and isolates. */
function isHidden(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** Text cut to `max` characters (with its length said) and hidden characters escaped JSON-style; Danish stays. */
export function boundedText(text: string, max: number): string {
  const head = text.length > max ? text.slice(0, max) : text;
  let shown = "";
  for (let i = 0; i < head.length; i++) {
    const code = head.charCodeAt(i);
    shown += isHidden(code) ? `\\u${code.toString(16).padStart(4, "0")}` : head.charAt(i);
  }
  return text.length > max ? `${shown}… (${text.length} characters)` : shown;
}

export function shownIssue(issue: Issue): Issue {
  return {
    ...issue,
    code: boundedText(issue.code, 64),
    path: boundedText(issue.path, MAX_SHOWN_PATH),
    message: boundedText(issue.message, MAX_SHOWN_MESSAGE),
  };
}
