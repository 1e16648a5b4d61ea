// Issue 16, point 3: the directory of thousands. `directory.search`: one `/v1/locations` search (the directory's own
// work, no HTTP) over 20,000 generated locations, cycling through queries as people type them (a name part, a
// municipality's service, a GLN prefix, one letter, a kind or municipality filter, nothing found).
// `directory.parse` / `directory.parse.jsonl`: reading the 20,000-location export (CSV / JSON lines) from its bytes.
// `directory.build`: making the searchable directory of those 20,000 (sort + index; done on every reload).
import { parseDirectoryFile } from "../src/routing/directory-file/index.js";
import { createDirectory, type LocationQuery } from "../src/routing/directory.js";
import { asLocations, directoryCsv, directoryJsonLines, generateDirectory } from "../tests/support/directory-file.js";
import { print, timeSync } from "./measure.js";

const QUERIES: LocationQuery[] = [
  { q: "gribskov ppr" },
  { q: "Lægerne Østergade" },
  { q: "laege jensen" },
  { q: "kommune", municipality: "Aarhus" },
  { q: "5790001" },
  { q: "a" },
  { kind: "ppr" },
  { q: "hospital kardiologisk" },
  { q: "zzzz" },
  { municipality: "Ærø" },
];

export function printDirectoryFigures(): void {
  const generated = generateDirectory(20_000);
  const csv = Buffer.from(directoryCsv(generated));
  const jsonl = Buffer.from(directoryJsonLines(generated));
  const locations = asLocations(generated);
  const directory = createDirectory(locations);
  let i = 0;
  print(timeSync("directory.search", () => directory.search(QUERIES[i++ % QUERIES.length] ?? {}), 2000, 200));
  print(timeSync("directory.parse", () => parseDirectoryFile(csv, "directory.csv"), 20, 3));
  print(timeSync("directory.parse.jsonl", () => parseDirectoryFile(jsonl, "directory.jsonl"), 20, 3));
  print(timeSync("directory.build", () => createDirectory(locations), 10, 2));
}
