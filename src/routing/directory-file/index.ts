// Reading a directory file an operator exported (SOR/SOR-EDI today, EER later) into directory entries (issue 16,
// point 3): CSV with a header row, or JSON lines. Validated like the configuration: every error by line and column
// (or key), all of them (bounded: issues.ts), and nothing is returned unless the whole file is good — an import
// replaces the directory, so half a file must never become it.
import type { DirectoryEntry } from "../../domain/ports/directory-store.js";
import { decodeUtf8 } from "../../util/utf8.js";
import type { Result } from "../../util/issues.js";
import { readCsvEntries } from "./csv-file.js";
import { FileIssues } from "./issues.js";
import { readJsonLines } from "./json-lines.js";

export { MAX_ISSUES } from "./issues.js";

export type DirectoryFileFormat = "csv" | "json-lines";

/** By the name's extension; otherwise by the first character (`{` starts JSON lines). */
export function directoryFileFormat(text: string, name: string): DirectoryFileFormat {
  const lower = name.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json")) return "json-lines";
  return text.trimStart().startsWith("{") ? "json-lines" : "csv";
}

/** `name`: the file's name as given, used only to tell CSV from JSON lines. */
export function parseDirectoryFile(bytes: Uint8Array | string, name: string): Result<DirectoryEntry[]> {
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok)
    return {
      ok: false,
      issues: decoded.issues.map((i) => ({ ...i, code: "directory-file", message: "The file is not valid UTF-8." })),
    };
  const text = decoded.value;
  const issues = new FileIssues();
  const entries: DirectoryEntry[] = [];
  const lineOf = new Map<string, number>();
  const onEntry = (entry: DirectoryEntry, line: number): void => {
    const first = lineOf.get(entry.gln);
    if (first !== undefined) {
      issues.error(`line ${line}, gln`, `GLN ${entry.gln} is already listed on line ${first}`);
      return;
    }
    lineOf.set(entry.gln, line);
    entries.push(entry);
  };
  if (directoryFileFormat(text, name) === "csv") readCsvEntries(text, issues, onEntry);
  else readJsonLines(text, issues, onEntry);
  if (!issues.failed && entries.length === 0) issues.error("line 1", "the file lists no locations");
  return issues.failed ? { ok: false, issues: issues.list() } : { ok: true, value: entries, issues: issues.list() };
}
