// What the in-memory ports share, as the Redis ones share one Redis: the message records (as the flat fields a Redis
// hash holds, so the codec and its defaults are the same), their events and contents, the indexes, the pending audit
// entries and the counters. One state per gateway under test; nothing here is module-level.
import type { AuditEntry } from "../../domain/audit.js";
import { SortedSets } from "./sorted-set.js";

export interface MemoryState {
  records: Map<string, Record<string, string>>;
  contents: Map<string, string>;
  events: Map<string, string[]>;
  /** Idempotency scope + key → "<message id> <fingerprint>". */
  idempotency: Map<string, string>;
  /** Sorted sets by name: `status:<s>`, `messages`, `letters`, `awaiting`, `unmatched`, `thread:<t>`, mailboxes… */
  indexes: SortedSets;
  /** Audit entries written as pending with the step they record: field → entry and time (ms). */
  pendingAudit: Map<string, { entry: AuditEntry; at: number }>;
  /** Counter hashes by name (`duplicates`, `resends`, …): field → value. */
  counters: Map<string, Map<string, number>>;
  /** The last time of each delivery outcome (`<gln>|<outcome>` → ISO time), the Redis `last-delivery` hash. */
  lastDelivery: Map<string, string>;
  /** Large attachments' bytes by blob id (issue 17, point 1): the chunks, as the Redis store cuts them. */
  blobs: Map<string, Uint8Array[]>;
  /** What the Redis store keeps beside a blob's chunks: each chunk's tag, its count and size once finished, and when
   *  its key would expire (ms; nothing is removed at that time here, as no memory state expires). */
  blobFacts: Map<string, MemoryBlobFacts>;
}

export interface MemoryBlobFacts {
  /** Per chunk: a digest of the chunk's context and bytes, standing for the seal's tag (an altered, swapped or moved
   *  chunk fails it as it fails to open in Redis). */
  tags: string[];
  finished?: { count: number; size: number };
  expiresAt: number;
}

export function createMemoryState(): MemoryState {
  return {
    records: new Map(),
    contents: new Map(),
    events: new Map(),
    idempotency: new Map(),
    indexes: new SortedSets(),
    pendingAudit: new Map(),
    counters: new Map(),
    lastDelivery: new Map(),
    blobs: new Map(),
    blobFacts: new Map(),
  };
}

/** HINCRBYFLOAT on a counter hash. */
export function bump(state: MemoryState, name: string, field: string, by = 1): void {
  const hash = state.counters.get(name) ?? new Map<string, number>();
  state.counters.set(name, hash);
  hash.set(field, (hash.get(field) ?? 0) + by);
}

export const statusIndex = (status: string): string => `status:${status}`;
