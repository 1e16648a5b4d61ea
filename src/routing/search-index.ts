// The directory's search, indexed (issue 16, point 3: `/v1/locations` stays fast with 20,000 imported locations).
// The answer is exactly that of the plain search it replaces — every query word a substring of the location's folded
// name, municipality, GLN, SOR and kind; the kind and municipality filters exact — in the directory's order: the index
// only narrows which locations are checked. A 3-gram index: a word of three or more characters can only be in a
// haystack holding each of its 3-grams, so the rarest 3-gram's list (or the kind's, or the municipality's, whichever is
// shortest) is a superset of the answer, checked with the same test as before. Shorter queries check every location.

/** What the index needs of a location (Location has it). */
export interface Searchable {
  gln: string;
  sor: string;
  name: string;
  kind: string;
  municipality?: string;
}

export interface SearchQuery {
  q?: string;
  kind?: string;
  municipality?: string;
}

/** Case- and diacritic-insensitive folding, with the Danish letters spelled out so "aerø" finds "Ærø". */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/æ/g, "ae")
    .replace(/ø/g, "oe")
    .replace(/å/g, "aa")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "");
}

/** Three UTF-16 code units as one number (exact in a double: 48 bits): a cheaper Map key than a string. */
const gram = (s: string, i: number): number =>
  s.charCodeAt(i) * 0x1_0000_0000 + s.charCodeAt(i + 1) * 0x1_0000 + s.charCodeAt(i + 2);

const EMPTY: readonly number[] = [];

export interface SearchIndex<T> {
  search(query: SearchQuery): T[];
}

/** `sorted`: the locations in the order answers are given. */
export function createSearchIndex<T extends Searchable>(sorted: readonly T[]): SearchIndex<T> {
  const haystacks = sorted.map((l) => fold([l.name, l.municipality ?? "", l.gln, l.sor, l.kind].join(" ")));
  const places = sorted.map((l) => fold(l.municipality ?? ""));
  const grams = new Map<number, number[]>();
  const kinds = new Map<string, number[]>();
  const municipalities = new Map<string, number[]>();
  const add = <K>(map: Map<K, number[]>, key: K, id: number): void => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [id]);
    else if (list[list.length - 1] !== id) list.push(id); // ids come in order: a repeat is the last one
  };
  haystacks.forEach((h, id) => {
    for (let i = 0; i + 3 <= h.length; i++) add(grams, gram(h, i), id);
  });
  sorted.forEach((l, id) => {
    add(kinds, l.kind, id);
    add(municipalities, places[id] as string, id);
  });

  return {
    search({ q, kind, municipality }) {
      const words = fold(q ?? "")
        .split(/\s+/)
        .filter(Boolean);
      const place = municipality === undefined ? undefined : fold(municipality);
      // The shortest list that must hold every answer; undefined: every location.
      let candidates: readonly number[] | undefined;
      const narrow = (list: readonly number[]): void => {
        if (candidates === undefined || list.length < candidates.length) candidates = list;
      };
      if (kind !== undefined) narrow(kinds.get(kind) ?? EMPTY);
      if (place !== undefined) narrow(municipalities.get(place) ?? EMPTY);
      for (const w of words) for (let i = 0; i + 3 <= w.length; i++) narrow(grams.get(gram(w, i)) ?? EMPTY);

      const matches = (id: number): boolean => {
        const l = sorted[id] as T;
        return (
          (kind === undefined || l.kind === kind) &&
          (place === undefined || places[id] === place) &&
          words.every((w) => haystacks[id]?.includes(w))
        );
      };
      const found: T[] = [];
      if (candidates === undefined) {
        for (let id = 0; id < sorted.length; id++) if (matches(id)) found.push(sorted[id] as T);
      } else for (const id of candidates) if (matches(id)) found.push(sorted[id] as T);
      return found;
    },
  };
}
