// Importing an exported directory file (issue 16, point 3): the whole file is checked first and nothing is stored
// unless all of it is good (an import replaces the directory); then it becomes the next generation, only if no other
// import finished meanwhile. Every process loads it on the store's notice (src/routing/live-directory.ts).
import type { DirectoryImportMeta, DirectoryStore } from "../../domain/ports/directory-store.js";
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

export async function importDirectoryFile(
  bytes: Uint8Array,
  path: string,
  deps: { store: DirectoryStore; now: () => Date },
): Promise<DirectoryImportOutcome> {
  const source = sourceName(path);
  const parsed = parseDirectoryFile(bytes, source);
  if (!parsed.ok) return { outcome: "invalid", issues: parsed.issues };
  const expected = (await deps.store.meta())?.generation ?? 0;
  const done = await deps.store.replace(parsed.value, { importedAt: deps.now().toISOString(), source }, expected);
  if (!done.ok) return { outcome: "conflict", current: done.current };
  return { outcome: "imported", meta: done.meta, issues: parsed.issues };
}
