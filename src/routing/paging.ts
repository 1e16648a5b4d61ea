// Pages of the directory (issue 16, point 3: 20,000 imported locations are never listed at once). A cursor names the
// last location of the page before by its place in the directory's one order (name, then GLN), not by a position:
// a page asked for after a re-import goes on from the same place, whatever was added or dropped before it.
import { compareLocations, type Location } from "./directory.js";

export const LOCATIONS_PAGE_DEFAULT = 100;
export const LOCATIONS_PAGE_MAX = 1000;

export interface DirectoryPage<T> {
  items: T[];
  /** The cursor of the next page, when there is one. */
  next?: string;
}

/** `<GLN>.<name, base64url>` of a location. */
export function locationCursor(l: Pick<Location, "gln" | "name">): string {
  return `${l.gln}.${Buffer.from(l.name, "utf8").toString("base64url")}`;
}

/** The (name, GLN) a cursor names; undefined when it is not one this gateway made (the route's pattern checks the
 *  shape first: 13 digits, a dot, base64url). */
export function readLocationCursor(cursor: string): Pick<Location, "gln" | "name"> | undefined {
  const dot = cursor.indexOf(".");
  if (dot !== 13) return undefined;
  const gln = cursor.slice(0, 13);
  const name = Buffer.from(cursor.slice(14), "base64url").toString("utf8");
  return { gln, name };
}

/** A page of `sorted` (in the directory's order) after `cursor`: binary search for the place, then `limit` items. */
export function pageOf<T extends Location>(
  sorted: readonly T[],
  limit: number,
  cursor?: Pick<Location, "gln" | "name">,
): DirectoryPage<T> {
  let start = 0;
  if (cursor) {
    let high = sorted.length;
    while (start < high) {
      const middle = (start + high) >>> 1;
      const item = sorted[middle];
      if (item && compareLocations(item, cursor) <= 0) start = middle + 1;
      else high = middle;
    }
  }
  const items = sorted.slice(start, start + limit);
  const last = items.at(-1);
  return start + limit < sorted.length && last ? { items, next: locationCursor(last) } : { items };
}
