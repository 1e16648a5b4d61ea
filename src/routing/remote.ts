// Where a location is reached (issue 16): served here (mailbox, webhook, file drop) or remote, through the national
// VANS network. Imported directory entries and the default route make remote locations; configured ones win.
import type { DirectoryEntry } from "../domain/ports/directory-store.js";
import { isValidGln } from "../medcom/identifiers.js";
import type { Location } from "./directory.js";

/** Remote: reached through VANS (LEGACY.md §5), never delivered here. */
export function isRemote(location: Pick<Location, "delivery">): boolean {
  return location.delivery.adapter === "vans";
}

/** An imported entry as a location: remote, through the network it names (only "vans" today). */
export function entryLocation(e: DirectoryEntry): Location {
  return {
    gln: e.gln,
    sor: e.sor,
    name: e.name,
    kind: e.kind,
    ...(e.municipality !== undefined ? { municipality: e.municipality } : {}),
    formats: e.formats,
    delivery: { adapter: "vans" },
    origin: "import",
  };
}

/** `network.defaultRoute`: any valid GLN (GS1 check digit, DOMAIN.md §6.1) known nowhere else is a remote location
 *  that takes CareCommunication; its provider converts for a receiver registered only for XDIS91 (LEGACY.md §5). */
export function defaultRouteLocation(gln: string): Location | undefined {
  if (!isValidGln(gln)) return undefined;
  return {
    gln,
    sor: "",
    name: `GLN ${gln} (via VANS)`,
    kind: "other",
    formats: ["application/fhir+xml"],
    delivery: { adapter: "vans" },
    origin: "default-route",
  };
}
