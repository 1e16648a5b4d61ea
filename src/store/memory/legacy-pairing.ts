// XDIS91 ⇄ XBIN01 pairing in memory (the Redis one: src/store/legacy-pairing.ts), with the same outcomes: a part kept
// until its partner comes, a complete pair claimed for one caller, due pairs claimed by the timeout pass, a pair
// removed only by its claim's holder.
/* eslint-disable @typescript-eslint/require-await -- the ports are asynchronous; memory answers at once */
import { randomUUID } from "node:crypto";
import type { ClaimedPair, LegacyPairingStore, PairKey, PairPart } from "../../domain/ports/legacy-pairing.js";

interface Entry {
  key: PairKey;
  xdis91?: PairPart;
  xbin01?: PairPart;
  claim?: { token: string; until: number };
  /** When to look at it next (the wait's end, or the claim's). */
  dueAt: number;
}

const copy = (p: PairPart): PairPart => ({ ...p, bytes: new Uint8Array(p.bytes) });

export function createMemoryLegacyPairing(): LegacyPairingStore {
  const pairs = new Map<string, Entry>();
  const name = (key: PairKey) => `${key.sender}:${key.object}`;
  const claimed = (e: Entry): ClaimedPair => ({
    key: e.key,
    ...(e.xdis91 ? { xdis91: copy(e.xdis91) } : {}),
    ...(e.xbin01 ? { xbin01: copy(e.xbin01) } : {}),
    claim: e.claim?.token ?? "",
  });
  return {
    async offer(key, part, { now, waitMs, leaseMs }) {
      const entry = pairs.get(name(key));
      const mine = entry?.[part.kind];
      if (mine) return { outcome: "known", kind: part.kind, envelope: mine.envelope, letter: mine.letter };
      if (entry?.claim && entry.claim.until > now) return { outcome: "busy" };
      if (!entry) {
        pairs.set(name(key), { key, [part.kind]: copy(part), dueAt: now + waitMs });
        return { outcome: "waiting", dueAt: now + waitMs };
      }
      entry[part.kind] = copy(part);
      entry.claim = { token: randomUUID(), until: now + leaseMs };
      entry.dueAt = now + leaseMs;
      return { outcome: "complete", pair: claimed(entry) };
    },
    async claimDue({ now, leaseMs }, limit) {
      const due = [...pairs.values()]
        .filter((e) => e.dueAt <= now && !(e.claim && e.claim.until > now))
        .sort((a, b) => a.dueAt - b.dueAt)
        .slice(0, limit);
      return due.map((e) => {
        e.claim = { token: randomUUID(), until: now + leaseMs };
        e.dueAt = now + leaseMs;
        return claimed(e);
      });
    },
    async finish(key, claim) {
      const entry = pairs.get(name(key));
      if (entry?.claim?.token !== claim) return false;
      pairs.delete(name(key));
      return true;
    },
    count: async () => pairs.size,
  };
}
