// Every port of the gateway's state in memory, over one shared state, as the Redis stores share one Redis: what the
// use-case unit tests run on (no Redis, milliseconds), and what the contract tests hold to the Redis stores' behaviour.
import type { Now } from "../../domain/clock.js";
import type { GatewayPorts } from "../../domain/ports/index.js";
import { createMemoryAuditLog } from "./audit-log.js";
import { createMemoryBlobStore } from "./blob-store.js";
import { createMemoryBreakerStore } from "./breaker-store.js";
import { createMemoryCounters } from "./counters.js";
import { createMemoryLegacyIds } from "./legacy-ids.js";
import { createMemoryLegacyPairing } from "./legacy-pairing.js";
import { createMemoryLegacyReceipts } from "./legacy-receipts.js";
import { createMemoryMailboxStore } from "./mailbox-store.js";
import { createMemoryMessageStore } from "./message-store.js";
import { createMemoryOutboxParking } from "./outbox-parking.js";
import { createMemoryRateLimiter } from "./rate-limiter.js";
import { createMemoryVansEnvelopes } from "./vans-envelopes.js";
import { createMemoryState, type MemoryState } from "./state.js";

export interface MemoryStores extends GatewayPorts {
  state: MemoryState;
  /** With its chunks in view, for tests that check nothing was left behind. */
  blobs: ReturnType<typeof createMemoryBlobStore>;
}

export function createMemoryStores(now: Now = () => new Date()): MemoryStores {
  const state = createMemoryState();
  const vans = createMemoryVansEnvelopes();
  return {
    state,
    store: createMemoryMessageStore(state, now),
    blobs: createMemoryBlobStore(state, now),
    mailboxes: createMemoryMailboxStore(state),
    auditLog: createMemoryAuditLog(state),
    counters: createMemoryCounters(state, now),
    rateLimiter: createMemoryRateLimiter(),
    outboxParking: createMemoryOutboxParking(state),
    breakers: createMemoryBreakerStore(),
    legacyIds: createMemoryLegacyIds(),
    legacyPairing: createMemoryLegacyPairing(),
    legacyReceipts: createMemoryLegacyReceipts(),
    vansSent: vans.sent,
    vansReceived: vans.received,
  };
}
