// The audit trail port in memory: the same chain of MACs as the Redis trail (audit-chain.ts), kept in an array.
// Nothing outside the process can alter it, so there are no checkpoints and verification finds what the chain says;
// pending entries (written by the in-memory message store with the step they record) are settled exactly once.
/* eslint-disable @typescript-eslint/require-await -- the ports are asynchronous; memory answers at once */
import type { AuditEntry, StoredAuditEntry } from "../../domain/audit.js";
import type { AuditLog } from "../../domain/ports/audit-log.js";
import { chainEntries, createChainVerifier, deriveAuditKeys, START, type ChainPoint } from "../audit-chain.js";
import { createMemoryState, type MemoryState } from "./state.js";

export function createMemoryAuditLog(
  state: MemoryState = createMemoryState(),
  auditKey: Buffer = Buffer.alloc(32, 7),
): AuditLog {
  const key = deriveAuditKeys(auditKey).chain;
  const entries: StoredAuditEntry[] = [];
  let base: ChainPoint = START;
  const head = (): ChainPoint => {
    const last = entries[entries.length - 1];
    return last ? { seq: last.seq, mac: last.mac } : base;
  };
  const append = (entry: AuditEntry): number => {
    const { stored } = chainEntries(key, head(), [entry]);
    entries.push(...stored);
    return head().seq;
  };
  return {
    append: async (entry) => append(entry),
    async settle(which) {
      const found =
        "pending" in which
          ? which.pending
          : [...state.pendingAudit]
              .filter(([, p]) => p.at <= which.now - which.olderThanMs)
              .sort(([, a], [, b]) => a.at - b.at)
              .slice(0, which.limit)
              .map(([field, p]) => ({ field, entry: p.entry }));
      let appended = 0;
      for (const { field, entry } of found) {
        if (!state.pendingAudit.delete(field)) continue; // appended already, by an earlier settle
        append(entry);
        appended += 1;
      }
      return appended;
    },
    async list(limit) {
      return entries.slice(-limit);
    },
    // Always the whole trail: without checkpoints there is no trusted point to start an incremental check from.
    async verify() {
      const verifier = createChainVerifier(key, base, new Map());
      for (const e of entries) verifier.add(JSON.stringify(e));
      const result = verifier.finish(head());
      return {
        ok: result.problems.length === 0,
        checked: result.checked,
        problems: result.problems,
        mode: "full",
        from: base.seq,
        head: head().seq,
      };
    },
    async trim(before) {
      let n = 0;
      while (n < entries.length && Date.parse(entries[n]?.entry.at ?? "") < before.getTime()) n += 1;
      const last = entries[n - 1];
      if (last) base = { seq: last.seq, mac: last.mac };
      entries.splice(0, n);
      return n;
    },
    checkpoints: async () => [],
  };
}
