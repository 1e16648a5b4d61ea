// File-drop folders must not overlap (issue 11, point 3's class: a letter sent as another location). If one
// location's inbox were another's `dir` (or inside it, or around it), messages delivered to the one would be picked
// up and sent as the other; two locations sharing a `dir` would read each other's mail. So every `dir` and `inbox`
// of every file-drop location is a folder of its own: none equal to another, none inside another (an inbox's
// `rejected/` lies inside it, so that is covered too).
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { LocationConfig } from "./types.js";

/** [JSON pointer, message] for every folder that overlaps an earlier one. */
export function overlappingDropFolders(locations: readonly (LocationConfig | undefined)[]): [string, string][] {
  const seen: { at: string; folder: string }[] = [];
  const found: [string, string][] = [];
  locations.forEach((l, i) => {
    if (l?.delivery.adapter !== "file-drop") return;
    const { dir, inbox } = l.delivery;
    for (const [key, value] of [
      ["dir", dir],
      ["inbox", inbox],
    ] as const) {
      if (value === undefined) continue;
      const at = `/locations/${i}/delivery/${key}`;
      const folder = resolve(value);
      const clash = seen.find((s) => within(s.folder, folder) || within(folder, s.folder));
      // The same folder as the location's own dir is reported by the schema already ("another directory than dir").
      const reported = clash?.at.startsWith(`/locations/${i}/`) === true && clash.folder === folder;
      if (clash && !reported)
        found.push([at, `${key} must not be, contain or lie inside another file-drop folder (${clash.at})`]);
      seen.push({ at, folder });
    }
  });
  return found;
}

/** `inner` is `outer` or lies inside it. */
function within(outer: string, inner: string): boolean {
  const path = relative(outer, inner);
  return path === "" || (path !== ".." && !path.startsWith(`..${sep}`) && !isAbsolute(path));
}
