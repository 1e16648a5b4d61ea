// The location directory: which locations (GLN) the gateway knows, how to reach each, and search for the clearly
// named entry a GP looks for. Fed from the configuration today; shaped like EER's (SOR-ID, GLN, formats, connection)
// so it can later be fed from the EHMI Endpoint Register (DOMAIN.md §7.1).
import type { Delivery, Format, LocationConfig, LocationKind } from "../config/schema.js";
import { createSearchIndex } from "./search-index.js";

export interface Location {
  gln: string;
  sor: string;
  name: string;
  kind: LocationKind;
  municipality?: string;
  formats: readonly Format[];
  delivery: Delivery;
}

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
  all(): readonly Location[];
}

const collator = new Intl.Collator("da");

export function createDirectory(locations: readonly LocationConfig[]): Directory {
  const sorted = [...locations].sort((a, b) => collator.compare(a.name, b.name));
  const byGln = new Map(sorted.map((l) => [l.gln, l]));
  const index = createSearchIndex(sorted);
  return {
    get: (gln) => byGln.get(gln),
    resolveRoute(gln) {
      const location = byGln.get(gln);
      const preferredFormat = location?.formats[0];
      return location && preferredFormat ? { ...location, preferredFormat } : undefined;
    },
    search: (query) => index.search(query),
    all: () => sorted,
  };
}
