// The audit chain's pure core (issue 11, point 5): what a writer without the key can do to a run of entries, and
// what the verifier calls it.
import { describe, expect, it } from "vitest";
import {
  chainEntries,
  createChainVerifier,
  deriveAuditKeys,
  entryMac,
  GENESIS,
  MAX_PROBLEMS,
  START,
  type AuditEntry,
  type ChainPoint,
  type StoredAuditEntry,
} from "../../../src/store/audit-chain.js";

const keys = deriveAuditKeys(Buffer.alloc(32, 1));
const entry = (i: number): AuditEntry => ({
  at: `2026-01-01T00:00:${String(i % 60).padStart(2, "0")}Z`,
  client: `c${i}`,
  action: "submit",
});
const chain = (n: number) =>
  chainEntries(
    keys.chain,
    START,
    Array.from({ length: n }, (_, i) => entry(i + 1)),
  );

function verify(stored: StoredAuditEntry[], head: ChainPoint, checkpoints = new Map<number, string>(), from = START) {
  const verifier = createChainVerifier(keys.chain, from, checkpoints);
  for (const s of stored) verifier.add(JSON.stringify(s));
  return verifier.finish(head);
}
const codes = (r: { problems: { seq: number; code: string }[] }) => r.problems.map((p) => [p.seq, p.code]);

describe("audit chain", () => {
  it("derives distinct keys for entries and checkpoints, neither the audit key itself", () => {
    expect(keys.chain.equals(keys.checkpoint)).toBe(false);
    expect(keys.chain.equals(Buffer.alloc(32, 1))).toBe(false);
    expect(keys.chain.length).toBe(32);
  });

  it("chains contiguous sequence numbers, each MAC covering seq, the previous MAC and the content", () => {
    const { stored, head } = chain(3);
    expect(stored.map((s) => s.seq)).toEqual([1, 2, 3]);
    expect(stored[0]?.prev).toBe(GENESIS);
    expect(stored[1]?.prev).toBe(stored[0]?.mac);
    expect(head).toEqual({ seq: 3, mac: stored[2]?.mac });
    // The same content elsewhere in the chain has another MAC; key order does not matter.
    const e = entry(1);
    expect(entryMac(keys.chain, 1, GENESIS, e)).not.toBe(entryMac(keys.chain, 2, GENESIS, e));
    const reordered = { action: e.action, client: e.client, at: e.at } as AuditEntry;
    expect(entryMac(keys.chain, 1, GENESIS, reordered)).toBe(entryMac(keys.chain, 1, GENESIS, e));
  });

  it("accepts an untouched chain, from the start or from a point inside it", () => {
    const { stored, head } = chain(10);
    expect(verify(stored, head)).toMatchObject({ ok: true, checked: 10 });
    const from = { seq: 4, mac: stored[3]?.mac ?? "" };
    expect(verify(stored.slice(4), head, new Map(), from)).toMatchObject({ ok: true, checked: 6 });
  });

  it("reports each kind of tampering", () => {
    const { stored, head } = chain(10);
    const altered = stored.map((s) => (s.seq === 5 ? { ...s, entry: { ...s.entry, client: "x" } } : s));
    expect(codes(verify(altered, head))).toEqual([[5, "altered"]]);

    const removed = stored.filter((s) => s.seq !== 5);
    expect(codes(verify(removed, head))).toEqual([[6, "removed"]]);

    const swapped = [...stored];
    [swapped[4], swapped[5]] = [stored[5] as StoredAuditEntry, stored[4] as StoredAuditEntry];
    expect(codes(verify(swapped, head))).toEqual([
      [6, "removed"],
      [5, "reordered"],
    ]);

    // Re-chained without the key: seq and links look right, the MACs do not hold.
    const rechained = stored.filter((s) => s.seq !== 5).map((s, i) => ({ ...s, seq: i + 1 }));
    const rechainedHead = { seq: 9, mac: rechained[8]?.mac ?? "" };
    expect(codes(verify(rechained, rechainedHead))).toEqual([5, 6, 7, 8, 9].map((seq) => [seq, "altered"]));

    // The tail cut and the head moved back: only a checkpoint tells.
    const cut = stored.slice(0, 7);
    const cutHead = { seq: 7, mac: stored[6]?.mac ?? "" };
    expect(verify(cut, cutHead)).toMatchObject({ ok: true });
    expect(codes(verify(cut, cutHead, new Map([[9, stored[8]?.mac ?? ""]])))).toEqual([[9, "truncated"]]);
    expect(codes(verify(cut, head))).toEqual([[10, "truncated"]]);

    // A genuine entry of another chain at the right place.
    const other = chainEntries(keys.chain, { seq: 4, mac: "a".repeat(64) }, [entry(99)]).stored[0] as StoredAuditEntry;
    const forked = stored.map((s) => (s.seq === 5 ? other : s));
    expect(codes(verify(forked, head))).toEqual([
      [5, "broken-chain"],
      [6, "broken-chain"],
    ]);
    expect(codes(verify(forked, head, new Map([[5, stored[4]?.mac ?? ""]])))).toContainEqual([5, "diverged"]);

    expect(verify([...stored.slice(0, 3)], head, new Map(), START).ok).toBe(false);
    const garbage = createChainVerifier(keys.chain, START, new Map());
    garbage.add("not json");
    expect(codes(garbage.finish(START))).toContainEqual([1, "altered"]);
  });

  it("lists the first problems of a trail tampered throughout and counts the rest", () => {
    const { stored } = chain(MAX_PROBLEMS + 20);
    const tampered = stored.map((s) => ({ ...s, mac: "0".repeat(64) }));
    const result = verify(tampered, { seq: tampered.length, mac: "0".repeat(64) });
    expect(result.problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(result.problems.at(-1)?.problem).toBe("20 more");
  });
});
