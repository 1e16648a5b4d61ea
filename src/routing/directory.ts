// The location directory: which locations (GLN) the gateway knows, how to reach each, and search for the clearly
// named entry a GP looks for. Fed from the configuration today; shaped like EER's (SOR-ID, GLN, formats, connection)
// so it can later be fed from the EHMI Endpoint Register (DOMAIN.md §7.1).
import type { Delivery, Format, LocationKind, NetworkConfig } from "../config/schema.js";
import type { DirectoryEntry, DirectoryImportMeta } from "../domain/ports/directory-store.js";
import { defaultRouteLocation, entryLocation } from "./remote.js";
import { createSearchIndex } from "./search-index.js";

export interface Location {
  gln: string;
  sor: string;
  name: string;
  kind: LocationKind;
  municipality?: string;
  formats: readonly Format[];
  delivery: Delivery;
  /** Where the gateway knows it from (issue 16; shown to administrators, never to API clients). */
  origin?: LocationOrigin;
}

export type LocationOrigin = "config" | "import" | "default-route";

/** What callers may see of a location (the directory search, the console): never how it is reached (secrets). */
export type PublicLocation = Pick<Location, "gln" | "sor" | "name" | "kind" | "municipality" | "formats">;

export function publicLocation(l: Location): PublicLocation {
  return {
    gln: l.gln,
    sor: l.sor,
    name: l.name,
    kind: l.kind,
    ...(l.municipality ? { municipality: l.municipality } : {}),
    formats: l.formats,
  };
}

export interface Route extends Location {
  preferredFormat: Format;
}

export interface LocationQuery {
  q?: string;
  kind?: string;
  municipality?: string;
}

export interface Directory {
  get(gln: string): Location | undefined;
  resolveRoute(gln: string): Route | undefined;
  search(query: LocationQuery): Location[];
  /** Every known location (configured and imported; never the default route's), by name. */
  all(): readonly Location[];
  /** The configured locations only: what the console's forms offer and the retention passes sweep, never the
   *  thousands an import brings. */
  configured(): readonly Location[];
  /** The import this directory holds (absent: built from the configuration alone). */
  lastImport(): DirectoryImportMeta | undefined;
}

export interface DirectoryOptions {
  /** The current imported directory (issue 16): remote locations; a configured location with the same GLN wins. */
  imported?: { meta: DirectoryImportMeta; entries: readonly DirectoryEntry[] };
  /** `network.defaultRoute`: any other valid GLN is a remote location (src/routing/remote.ts). */
  defaultRoute?: NetworkConfig["defaultRoute"];
}

const collator = new Intl.Collator("da");

/** The directory's one order, total so a page cursor (name, GLN) is stable across reloads. */
export function compareLocations(a: Pick<Location, "name" | "gln">, b: Pick<Location, "name" | "gln">): number {
  return collator.compare(a.name, b.name) || (a.gln < b.gln ? -1 : a.gln > b.gln ? 1 : 0);
}

export function createDirectory(locations: readonly Location[], options: DirectoryOptions = {}): Directory {
  const configured = locations.map((l): Location => ({ ...l, origin: l.origin ?? "config" }));
  const merged = new Map(configured.map((l) => [l.gln, l]));
  for (const e of options.imported?.entries ?? []) if (!merged.has(e.gln)) merged.set(e.gln, entryLocation(e));
  const sorted = [...merged.values()].sort(compareLocations);
  const byGln = new Map(sorted.map((l) => [l.gln, l]));
  const configuredSorted = sorted.filter((l) => l.origin === "config");
  const fallback = (gln: string) => (options.defaultRoute === "vans" ? defaultRouteLocation(gln) : undefined);
  const index = createSearchIndex(sorted);
  return {
    get: (gln) => byGln.get(gln) ?? fallback(gln),
    resolveRoute(gln) {
      const location = byGln.get(gln) ?? fallback(gln);
      const preferredFormat = location?.formats[0];
      return location && preferredFormat ? { ...location, preferredFormat } : undefined;
    },
    search: (query) => index.search(query),
    all: () => sorted,
    configured: () => configuredSorted,
    lastImport: () => options.imported?.meta,
  };
}
