// A sorted set as Redis keeps one: members ordered by score, ties by member (byte order), for the in-memory ports.

class SortedSet {
  private readonly scores = new Map<string, number>();

  get size(): number {
    return this.scores.size;
  }

  /** ZADD; `nx`: a member already there keeps its score. */
  add(member: string, score: number, nx = false): void {
    if (nx && this.scores.has(member)) return;
    this.scores.set(member, score);
  }

  remove(member: string): boolean {
    return this.scores.delete(member);
  }

  score(member: string): number | undefined {
    return this.scores.get(member);
  }

  /** Ascending (score, member), scores from `min` to `max` inclusive. */
  range(min = -Infinity, max = Infinity): { id: string; at: number }[] {
    return [...this.scores]
      .filter(([, s]) => s >= min && s <= max)
      .map(([id, at]) => ({ id, at }))
      .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** ZREMRANGEBYSCORE -inf (before: members scored strictly below `before`; the count removed. */
  removeBelow(before: number): number {
    let n = 0;
    for (const [id, s] of this.scores) if (s < before && this.scores.delete(id)) n += 1;
    return n;
  }
}

/** A map of sorted sets, each made on first use. */
export class SortedSets {
  private readonly sets = new Map<string, SortedSet>();

  of(key: string): SortedSet {
    let set = this.sets.get(key);
    if (!set) this.sets.set(key, (set = new SortedSet()));
    return set;
  }
}
