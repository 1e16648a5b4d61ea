// What the use cases need, built once in main.ts and passed down (no module singletons). Stores are the domain's
// ports (src/domain/ports): Redis in production, in memory in the use-case unit tests.
import type { ClientRegistry } from "../access/clients.js";
import type { Policy } from "../config/schema.js";
import type { Logger } from "../log.js";
import type { RegionalRules } from "../regional/rules.js";
import type { Directory } from "../routing/directory.js";
import type { AuditEntry } from "../domain/audit.js";
import type { Now } from "../domain/clock.js";
import type {
  AuditLog,
  BlobStore,
  BreakerStore,
  Counters,
  LegacyIdStore,
  LegacyPairingStore,
  LegacyReceiptStore,
  MailboxStore,
  MessageStore,
  OutboxParking,
  RateLimiter,
  VansReceivedEnvelopes,
  VansSentEnvelopes,
} from "../domain/ports/index.js";
import type { AckDeadlinesView, HandOver, ScheduleResend } from "../domain/scheduling.js";

export interface UseCaseDeps {
  store: MessageStore;
  mailboxes: MailboxStore;
  directory: Directory;
  clients: ClientRegistry;
  rateLimiter: RateLimiter;
  policy: Policy;
  /** The regional rules compiled from the configuration (issue 13); absent: the defaults. */
  regional?: RegionalRules;
  handOver: HandOver;
  scheduleResend: ScheduleResend;
  /** The acknowledgement deadlines' states and failures, shown to administrators (absent: not shown). */
  ackDeadlines?: AckDeadlinesView;
  /** Append to the audit trail; `cpr` is turned into a keyed hash before anything is stored. */
  audit: (event: AuditEvent) => Promise<void>;
  /** The entry `audit` would append (time set, CPR hashed), for writing it as pending with a store step. */
  auditEntry: (event: AuditEvent) => AuditEntry;
  auditLog: AuditLog;
  /** Work a use case no longer waits for before answering, because the outbox and the audit drainer finish it if it
   *  fails (issue 17, point 3): its owner waits for it at shutdown. Absent: the use case awaits the work itself. */
  afterAnswer?: (work: Promise<void>) => void;
  counters: Counters;
  /** Messages the outbox dispatcher parked (issue 11, point 10); an administrator's retry releases one. */
  outboxParking?: OutboxParking;
  /** The receiving locations' circuit breakers (issue 12, point 4): shown to administrators. */
  breakers?: BreakerStore;
  /** The legacy side (issue 15): OIOXML ids ⇄ messages (LEGACY.md §6.2), an XDIS91 or XBIN01 waiting for its
   *  partner (§6.7), the first XCTL of a two-document message waiting for the second (§7.2). */
  legacyIds: LegacyIdStore;
  legacyPairing: LegacyPairingStore;
  legacyReceipts: LegacyReceiptStore;
  /** The VANS network (issue 16): envelopes sent, so a receipt finds its message, and received, so a duplicate is
   *  answered as the first (LEGACY.md §5.2). */
  vansSent: VansSentEnvelopes;
  vansReceived: VansReceivedEnvelopes;
  /** Large attachments' bytes, apart from their letters (issue 17). Absent: bodies are read whole, as before. */
  blobs?: BlobStore;
  newId: () => string;
  /** The clock (src/domain/clock.ts): every use case reads the time from it, never from the process. */
  now: Now;
  log: Logger;
}

export type AuditEvent = Omit<AuditEntry, "at" | "cprHash"> & { cpr?: string | undefined };
