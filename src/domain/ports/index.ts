// The ports the use cases depend on, in one place: src/store implements them on Redis, src/store/memory in memory,
// and both pass the same contract tests (tests/support/contracts).
import type { AuditLog } from "./audit-log.js";
import type { BlobStore } from "./blob-store.js";
import type { BreakerStore } from "./breaker-store.js";
import type { Counters } from "./counters.js";
import type { MailboxStore } from "./mailbox-store.js";
import type { MessageStore } from "./message-store.js";
import type { OutboxParking } from "./outbox-parking.js";
import type { RateLimiter } from "./rate-limiter.js";
import type { LegacyIdStore } from "./legacy-ids.js";
import type { LegacyPairingStore } from "./legacy-pairing.js";
import type { LegacyReceiptStore } from "./legacy-receipts.js";
import type { VansReceivedEnvelopes, VansSentEnvelopes } from "./vans-envelopes.js";
export type * from "./audit-log.js";
export type * from "./blob-store.js";
export type * from "./breaker-store.js";
export type * from "./counters.js";
export type * from "./mailbox-store.js";
export type * from "./message-store.js";
export type * from "./outbox-parking.js";
export type * from "./rate-limiter.js";
export type * from "./legacy-ids.js";
export type * from "./legacy-pairing.js";
export type * from "./legacy-receipts.js";
export type * from "../clock.js";

/** Every store the gateway keeps its state in, as one set: on one Redis, or over one in-memory state. */
export interface GatewayPorts {
  store: MessageStore;
  mailboxes: MailboxStore;
  auditLog: AuditLog;
  counters: Counters;
  rateLimiter: RateLimiter;
  outboxParking: OutboxParking;
  breakers: BreakerStore;
  /** The legacy side (issue 15): OIOXML ids ⇄ messages, letters waiting for their attachments, first receipts. */
  legacyIds: LegacyIdStore;
  legacyPairing: LegacyPairingStore;
  legacyReceipts: LegacyReceiptStore;
  /** The VANS network (issue 16): envelopes sent (for their receipts) and received (duplicates, LEGACY.md §5.2). */
  vansSent: VansSentEnvelopes;
  vansReceived: VansReceivedEnvelopes;
  /** Large attachments' bytes, apart from their letters (issue 17, point 1): kept by the store's accept. */
  blobs: BlobStore;
}
export type * from "./directory-store.js";
export type * from "./vans-envelopes.js";
