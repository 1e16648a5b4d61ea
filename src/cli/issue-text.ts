// Issues as lines for an operator's terminal: the file name and every issue bounded and with control characters
// escaped, so a hostile file (or file name) cannot send escape sequences or forge a line (issue 11 sweep).
import { boundedText, MAX_SHOWN_MESSAGE, shownIssue } from "../medcom/shown-issues.js";
import type { Issue } from "../util/issues.js";

export const shownFile = (file: string): string => boundedText(file, MAX_SHOWN_MESSAGE);

export function issueLines(issues: readonly Issue[]): string[] {
  return issues
    .map(shownIssue)
    .map((i) => `  ${i.severity} ${i.code}${i.rule ? ` [${i.rule}]` : ""} at ${i.path || "/"}: ${i.message}`);
}

/** `<where>:` and one indented line per issue. */
export const issuesText = (where: string, issues: readonly Issue[]): string =>
  [`${shownFile(where)}:`, ...issueLines(issues)].join("\n");
