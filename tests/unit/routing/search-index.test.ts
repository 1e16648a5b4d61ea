// Issue 16, point 3: the indexed directory search gives exactly the answers of the plain search it replaced (every
// query word a substring of the folded name, municipality, GLN, SOR and kind; kind and municipality exact; in the
// directory's order), on 20,000 generated locations and queries drawn from them.
import { describe, expect, test } from "vitest";
import type { LocationConfig } from "../../../src/config/types.js";
import { createDirectory, type Location, type LocationQuery } from "../../../src/routing/directory.js";
import { asLocations, generateDirectory, MUNICIPALITIES } from "../../support/directory-file.js";

/** The search as it was before the index (src/routing/directory.ts at vans-base), kept here as the oracle. */
function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/æ/g, "ae")
    .replace(/ø/g, "oe")
    .replace(/å/g, "aa")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "");
}
function plainSearch(sorted: readonly Location[]) {
  const haystacks = new Map(
    sorted.map((l) => [l.gln, fold([l.name, l.municipality ?? "", l.gln, l.sor, l.kind].join(" "))]),
  );
  // Shortcuts that change no answer (fold is pure), for speed: each haystack looked up once per location (not per
  // word), each location's municipality folded once, the query's once per query (not once per location).
  const byPosition = sorted.map((l) => haystacks.get(l.gln) ?? "");
  const places = sorted.map((l) => fold(l.municipality ?? ""));
  return ({ q, kind, municipality }: LocationQuery) => {
    const words = fold(q ?? "")
      .split(/\s+/)
      .filter(Boolean);
    const place = municipality === undefined ? undefined : fold(municipality);
    return sorted.filter(
      (l, i) =>
        (kind === undefined || l.kind === kind) &&
        (place === undefined || places[i] === place) &&
        words.every((w) => byPosition[i]?.includes(w)),
    );
  };
}

function random(seed: number): () => number {
  let a = seed;
  return () => (a = (Math.imul(a, 1103515245) + 12345) >>> 0) / 4294967296;
}

/** Queries as people type them: parts of names, municipalities, GLNs and SORs, in any case, cut anywhere, with
 *  Danish letters spelled either way, several words, filters, nothing found, and the empty query. */
function queries(locations: readonly LocationConfig[], count: number): LocationQuery[] {
  const rnd = random(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const cut = (s: string): string => {
    const from = Math.floor(rnd() * s.length);
    return s.slice(from, from + 1 + Math.floor(rnd() * 8));
  };
  const fixed: LocationQuery[] = [
    {},
    { q: "" },
    { q: "   " },
    { q: "gribskov ppr" },
    { q: "Gribskov Kommune – PPR" },
    { q: "AERØ" },
    { q: "aeroe kommune" },
    { q: "læge" },
    { q: "laege jensen" },
    { q: "579" },
    { q: "zzzz" },
    { q: "a" },
    { q: "é" },
    { q: '"kilden"' },
    { kind: "ppr" },
    { kind: "nonsense" },
    { municipality: "gribskov" },
    { municipality: "Ærø", kind: "municipality" },
    { municipality: "Nowhere" },
    { q: "kommune", municipality: "KØBENHAVN" },
  ];
  const drawn = Array.from({ length: count }, (): LocationQuery => {
    const l = pick(locations);
    const field = pick([l.name, l.municipality ?? "", l.gln, l.sor, l.kind]);
    const words = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => cut(field));
    const q = rnd() < 0.3 ? words.join(" ").toUpperCase() : words.join(" ");
    const r = rnd();
    if (r < 0.15) return { q, kind: l.kind };
    if (r < 0.3) return { q, municipality: pick([l.municipality ?? "x", pick(MUNICIPALITIES)]) };
    return { q };
  });
  return [...fixed, ...drawn];
}

describe("the indexed directory search", () => {
  const locations = asLocations(generateDirectory());
  const directory = createDirectory(locations);
  const oracle = plainSearch(directory.all());

  test("answers every query exactly as the plain search does, on 20,000 locations", () => {
    let nonEmpty = 0;
    for (const query of queries(locations, 150)) {
      const expected = oracle(query);
      const got = directory.search(query);
      if (expected.length > 0) nonEmpty++;
      // Same locations in the same order (compared as one string of GLNs: cheap, and a readable failure).
      const glns = (list: readonly Location[]) => list.map((l) => l.gln).join(" ");
      if (glns(got) !== glns(expected)) expect(glns(got), JSON.stringify(query)).toBe(glns(expected));
    }
    expect(nonEmpty).toBeGreaterThan(100);
  }, 60_000);

  test("finds a municipality's clearly named service, folding case and Danish letters", () => {
    expect(directory.search({ q: "gribskov ppr" }).map((l) => l.name)).toEqual(["Gribskov Kommune – PPR"]);
    expect(directory.search({ q: "aeroe hjemmepleje" }).map((l) => l.name)).toEqual(["Ærø Kommune – Hjemmeplejen"]);
  });

  test("a small configured directory answers as before (the index has no lower size)", () => {
    const few = locations.slice(0, 5);
    const small = createDirectory(few);
    for (const q of ["", "al", "albertslund ppr", "kommune –", "x"])
      expect(small.search({ q })).toEqual(plainSearch(small.all())({ q }));
  });
});
