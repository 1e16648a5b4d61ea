// Importing an exported directory file (issue 16, point 3): the whole file is checked first and nothing is stored
// unless all of it is good (an import replaces the directory); then it becomes the next generation, only if no other
// import finished meanwhile. Every process loads it on the store's notice (src/routing/live-directory.ts).
import type { DirectoryEntry, DirectoryImportMeta, DirectoryStore } from "../../domain/ports/directory-store.js";
import { parseDirectoryFile } from "../../routing/directory-file/index.js";
import type { Issue } from "../../util/issues.js";

export type DirectoryImportOutcome =
  | { outcome: "imported"; meta: DirectoryImportMeta; issues: Issue[] }
  | { outcome: "invalid"; issues: Issue[] }
  | { outcome: "conflict"; current: number };

const SOURCE_MAX = 200;

/** The file's name as administrators are shown it: its last path segment, printable characters only, bounded. */
export function sourceName(path: string): string {
  const base = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
  let shown = "";
  for (const char of base) {
    if (shown.length >= SOURCE_MAX) break;
    const code = char.codePointAt(0) ?? 0;
    shown += code < 0x20 || (code >= 0x7f && code < 0xa0) ? "?" : char;
  }
  return shown || "(unnamed)";
}

/** The file checked whole (no store needed: a bad file is refused before anything is connected to). */
export function checkDirectoryFile(
  bytes: Uint8Array,
  path: string,
): { ok: true; entries: DirectoryEntry[]; source: string; issues: Issue[] } | { ok: false; issues: Issue[] } {
  const source = sourceName(path);
  const parsed = parseDirectoryFile(bytes, source);
  return parsed.ok ? { ok: true, entries: parsed.value, source, issues: parsed.issues } : parsed;
}

/** A checked file made the next generation, unless another import finished since the current one was read. */
export async function storeDirectory(
  checked: { entries: readonly DirectoryEntry[]; source: string; issues: Issue[] },
  deps: { store: DirectoryStore; now: () => Date },
): Promise<DirectoryImportOutcome> {
  const expected = (await deps.store.meta())?.generation ?? 0;
  const meta = { importedAt: deps.now().toISOString(), source: checked.source };
  const done = await deps.store.replace(checked.entries, meta, expected);
  if (!done.ok) return { outcome: "conflict", current: done.current };
  return { outcome: "imported", meta: done.meta, issues: checked.issues };
}

export async function importDirectoryFile(
  bytes: Uint8Array,
  path: string,
  deps: { store: DirectoryStore; now: () => Date },
): Promise<DirectoryImportOutcome> {
  const checked = checkDirectoryFile(bytes, path);
  if (!checked.ok) return { outcome: "invalid", issues: checked.issues };
  return storeDirectory(checked, deps);
}
