// The imported directory (issue 16, point 3): the locations an operator exported from SOR/SOR-EDI (EER later) and
// imported with `medcom-gateway directory import`, shared by every process through the store. An import is a new
// generation written aside and made current in one atomic step, so a reader sees the old directory or the new one,
// never a mixture, and no process restarts.
import type { Format, LocationKind } from "../location-terms.js";

/** The networks an imported location may be reached through. */
export type DirectoryNetwork = "vans";

/** One location of the imported file: shaped after SOR-EDI/EER (LEGACY.md §8, §9.1). */
export interface DirectoryEntry {
  gln: string;
  sor: string;
  name: string;
  kind: LocationKind;
  municipality?: string;
  /** The message types (with versions) it is registered for, preferred first, mapped to the gateway's formats. */
  formats: Format[];
  network: DirectoryNetwork;
}

export interface DirectoryImportMeta {
  /** Increases by one per import. */
  generation: number;
  importedAt: string;
  entries: number;
  /** The file's name as given (shown to administrators; never a path used for anything). */
  source: string;
}

export interface DirectoryStore {
  /** Make `entries` the current directory in one step. `expectedGeneration`: the generation the importer started
   *  from; when another import finished meanwhile the swap is refused ("conflict") and nothing changes. */
  replace(
    entries: readonly DirectoryEntry[],
    meta: { importedAt: string; source: string },
    expectedGeneration: number,
  ): Promise<{ ok: true; meta: DirectoryImportMeta } | { ok: false; reason: "conflict"; current: number }>;
  /** The current generation's meta (generation 0 and no entries before the first import). */
  meta(): Promise<DirectoryImportMeta | undefined>;
  /** The current generation's entries. */
  entries(): Promise<{ meta: DirectoryImportMeta; entries: DirectoryEntry[] } | undefined>;
}
