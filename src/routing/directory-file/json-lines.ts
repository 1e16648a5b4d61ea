// A JSON lines directory export: one object per line with the keys gln, sor, name, kind, municipality (optional),
// formats (a list) and network (optional, "vans") (issue 16, point 3). Each line is read like any untrusted JSON
// (src/util/json.ts: strict UTF-8, bounded depth, no prototype keys).
import type { DirectoryEntry } from "../../domain/ports/directory-store.js";
import { readJson } from "../../util/json.js";
import { FIELDS, shown, toEntry, type Field } from "./entry.js";
import type { FileIssues } from "./issues.js";

/** A location's line is a few hundred characters; a longer one is refused without being parsed. */
export const MAX_LINE = 64 * 1024;

export function readJsonLines(
  text: string,
  issues: FileIssues,
  onEntry: (entry: DirectoryEntry, line: number) => void,
): void {
  let line = 0;
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf("\n", start);
    const end = newline < 0 ? text.length : newline;
    line++;
    const from = start;
    start = end + 1;
    if (end - from > MAX_LINE) {
      issues.error(`line ${line}`, `the line is longer than ${MAX_LINE} characters`);
      continue;
    }
    const body = text.slice(from, end).trim();
    if (body === "") continue;
    const parsed = readJson(body);
    if (!parsed.ok) {
      issues.error(`line ${line}`, parsed.issues[0]?.message ?? "the line is not valid JSON");
      continue;
    }
    const value = parsed.value;
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      issues.error(`line ${line}`, "the line must be one JSON object");
      continue;
    }
    const object = value as Record<string, unknown>;
    let known = true;
    for (const key of Object.keys(object))
      if (!(FIELDS as readonly string[]).includes(key)) {
        known = false;
        issues.error(`line ${line}, key ${shown(key)}`, `unknown key (the keys are ${FIELDS.join(", ")})`);
      }
    const at = line;
    const entry = toEntry(
      {
        line: at,
        get: (field: Field) => (Object.hasOwn(object, field) ? object[field] : undefined),
        where: (field: Field) => `line ${at}, key "${field}"`,
      },
      issues,
    );
    if (entry && known) onEntry(entry, at);
  }
}
