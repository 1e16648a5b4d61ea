// The audit trail's chain, as pure functions (issue 11, point 5): every entry carries a MAC under a key Redis never
// holds, over its sequence number, the MAC of the entry before it and its content. Someone who can only write to Redis
// can delete, reorder or re-chain entries but cannot compute a MAC, so the verifier below reports what they did:
// a MAC that does not match (`altered`), a gap in the sequence (`removed`), a sequence going back (`reordered`), a
// genuine entry that does not follow the one before it (`broken-chain`), a trail that ends before its head or before
// a checkpoint kept outside Redis (`truncated`), and an entry that disagrees with such a checkpoint (`diverged`).
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { AuditEntry, AuditProblem, AuditProblemCode, StoredAuditEntry } from "../domain/audit.js";

export type { AuditAction, AuditEntry, AuditProblem, AuditProblemCode, StoredAuditEntry } from "../domain/audit.js";

/** A point of the chain: an entry's sequence number and MAC (seq 0 with GENESIS: before the first entry). */
export interface ChainPoint {
  seq: number;
  mac: string;
}

export const GENESIS = "0".repeat(64);
export const START: ChainPoint = { seq: 0, mac: GENESIS };
/** A tampered trail can have a problem on every entry; the answer lists the first ones and counts the rest. */
export const MAX_PROBLEMS = 100;

export interface AuditKeys {
  /** MACs of the entries and of the retention base. */
  chain: Buffer;
  /** Signatures of the checkpoints kept outside Redis (a separate key: a checkpoint is never a valid entry MAC). */
  checkpoint: Buffer;
}

/** Two keys derived from the keyring's audit key (RFC 5869 HKDF-SHA256), one per purpose, so none is reused. */
export function deriveAuditKeys(auditKey: Buffer): AuditKeys {
  const derive = (info: string) => Buffer.from(hkdfSync("sha256", auditKey, Buffer.alloc(0), info, 32));
  return { chain: derive("medcom-gateway audit chain v1"), checkpoint: derive("medcom-gateway audit checkpoint v1") };
}

/** The content in one canonical form (keys sorted), so a re-serialised entry keeps its MAC. */
function canonicalEntry(entry: AuditEntry): string {
  const record = entry as unknown as Record<string, unknown>;
  return JSON.stringify(
    Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((k) => [k, record[k]]),
    ),
  );
}

/** seq and prev are fixed in form (decimal, 64 hex digits) and come first, so the fields cannot run into each other. */
export function entryMac(key: Buffer, seq: number, prev: string, entry: AuditEntry): string {
  return createHmac("sha256", key)
    .update(`entry\n${seq}\n${prev}\n${canonicalEntry(entry)}`, "utf8")
    .digest("hex");
}

/** The retention base: the last entry removed by retention, so the first kept entry still links to a trusted point. */
export function baseMac(key: Buffer, base: ChainPoint): string {
  return createHmac("sha256", key).update(`base\n${base.seq}\n${base.mac}`, "utf8").digest("hex");
}

export function sameMac(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Chain `entries` after `head`: the stored lines and the new head. */
export function chainEntries(key: Buffer, head: ChainPoint, entries: readonly AuditEntry[]) {
  let point = head;
  const stored = entries.map((entry): StoredAuditEntry => {
    const seq = point.seq + 1;
    const mac = entryMac(key, seq, point.mac, entry);
    const line: StoredAuditEntry = { seq, prev: point.mac, mac, entry };
    point = { seq, mac };
    return line;
  });
  return { stored, head: point };
}

function parsed(line: string): StoredAuditEntry | undefined {
  try {
    const value = JSON.parse(line) as Partial<StoredAuditEntry> | null;
    if (
      value &&
      Number.isSafeInteger(value.seq) &&
      typeof value.prev === "string" &&
      typeof value.mac === "string" &&
      typeof value.entry === "object" &&
      value.entry !== null
    )
      return value as StoredAuditEntry;
  } catch {
    // reported as altered below
  }
  return undefined;
}

/**
 * Verifies a run of stored lines that should follow `anchor` (a trusted point: a checkpoint, the retention base, or
 * the start). Lines are given in order with `add` (in chunks, as read); `finish` compares the end with the head Redis
 * claims and with the highest checkpoint. `checkpoints` maps a sequence number to the MAC a checkpoint vouches for.
 */
export function createChainVerifier(key: Buffer, anchor: ChainPoint, checkpoints: ReadonlyMap<number, string>) {
  const problems: AuditProblem[] = [];
  let more = 0;
  let checked = 0;
  let last = anchor;
  const report = (seq: number, code: AuditProblemCode, problem: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ seq, code, problem });
    else more += 1;
  };
  return {
    add(line: string): void {
      checked += 1;
      const stored = parsed(line);
      if (!stored) {
        report(last.seq + 1, "altered", "the entry is not a stored audit entry");
        return;
      }
      const { seq } = stored;
      if (!sameMac(stored.mac, entryMac(key, seq, stored.prev, stored.entry))) {
        // Content, sequence number or link changed, or the entry was re-chained without the key.
        report(seq, "altered", "the entry was altered (its MAC does not match)");
      } else if (seq <= last.seq) {
        report(seq, "reordered", `entries are out of order: ${seq} comes after ${last.seq}`);
        return; // keep the highest point reached: what follows must continue from it
      } else if (seq > last.seq + 1) {
        const gap = seq === last.seq + 2 ? `${last.seq + 1}` : `${last.seq + 1}–${seq - 1}`;
        report(seq, "removed", `entries are missing: ${gap} (missing or out of order after ${last.seq})`);
      } else if (!sameMac(stored.prev, last.mac)) {
        report(seq, "broken-chain", `the entry does not follow entry ${last.seq} (another chain's entry)`);
      }
      const vouched = checkpoints.get(seq);
      if (vouched !== undefined && !sameMac(vouched, stored.mac))
        report(seq, "diverged", "the entry differs from the one a checkpoint outside Redis vouches for");
      last = { seq, mac: stored.mac };
    },
    finish(head: ChainPoint) {
      if (head.seq > last.seq)
        report(head.seq, "truncated", `the trail ends at ${last.seq} but its head is at ${head.seq}`);
      else if (head.seq < last.seq || !sameMac(head.mac, last.mac))
        report(head.seq, "broken-chain", `the head (${head.seq}) does not match the last entry (${last.seq})`);
      let highest = 0;
      for (const seq of checkpoints.keys()) highest = Math.max(highest, seq);
      if (highest > Math.max(last.seq, head.seq))
        report(
          highest,
          "truncated",
          `the trail ends at ${last.seq} but a checkpoint outside Redis vouches for ${highest}`,
        );
      if (more > 0) problems.push({ seq: last.seq, code: problems[0]?.code ?? "altered", problem: `${more} more` });
      return { ok: problems.length === 0, checked, problems, last };
    },
  };
}
