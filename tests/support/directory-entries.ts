// Imported directory entries for the store and live-directory tests: valid GLNs (GS1 check digit), plausible names.
// (dir-file's tests/support/directory-file.ts generates whole files; this is the small in-code twin.)
import type { DirectoryEntry } from "../../src/domain/ports/directory-store.js";
import { glnFrom } from "./gateway.js";

/** The n-th generated GLN (never one of the demo configuration's, which start 5790000/5790001). */
export const entryGln = (n: number): string => glnFrom(`579800${String(n).padStart(6, "0")}`);

export function directoryEntries(count: number, from = 0, tag = ""): DirectoryEntry[] {
  const entries: DirectoryEntry[] = [];
  for (let i = from; i < from + count; i++) {
    entries.push({
      gln: entryGln(i),
      sor: String(100_000_000_000 + i),
      name: `Importklinik ${tag}${i}`,
      kind: i % 3 === 0 ? "municipality" : "gp",
      ...(i % 3 === 0 ? { municipality: `Kommune ${i % 98}` } : {}),
      formats: i % 5 === 0 ? ["xdis91"] : ["application/fhir+xml"],
      network: "vans",
    });
  }
  return entries;
}
