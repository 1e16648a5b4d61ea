// What the use cases need, built once in main.ts and passed down (no module singletons).
import type { ClientRegistry } from "../access/clients.js";
import type { Policy } from "../config/schema.js";
import type { Logger } from "../log.js";
import type { RegionalRules } from "../regional/rules.js";
import type { Directory } from "../routing/directory.js";
import type { MailboxStore } from "../store/mailbox-store.js";
import type { AuditEntry, AuditLog } from "../store/audit-log.js";
import type { BreakerStore } from "../store/breaker-store.js";
import type { Counters } from "../store/counters.js";
import type { MessageStore } from "../store/message-store.js";
import type { OutboxParking } from "../store/outbox-parking.js";
import type { RateLimiter } from "../store/rate-limiter.js";
import type { ResendReason } from "./steps/technical-resend.js";

export interface UseCaseDeps {
  store: MessageStore;
  mailboxes: MailboxStore;
  directory: Directory;
  clients: ClientRegistry;
  rateLimiter: RateLimiter;
  policy: Policy;
  /** The regional rules compiled from the configuration (issue 13); absent: the defaults. */
  regional?: RegionalRules;
  /** Hand send number `send` of an accepted message to the delivery queue (the outbox fast path). */
  handOver: (id: string, send: number) => Promise<void>;
  /** Resend a message after `delayMs` unless acknowledged by then (the acknowledgement deadline queue). */
  scheduleResend: (id: string, send: number, delayMs: number, reason: ResendReason) => Promise<void>;
  /** Append to the audit trail; `cpr` is turned into a keyed hash before anything is stored. */
  audit: (event: AuditEvent) => Promise<void>;
  /** The entry `audit` would append (time set, CPR hashed), for writing it as pending with a store step. */
  auditEntry: (event: AuditEvent) => AuditEntry;
  auditLog: AuditLog;
  counters: Counters;
  /** Messages the outbox dispatcher parked (issue 11, point 10); an administrator's retry releases one. */
  outboxParking?: OutboxParking;
  /** The receiving locations' circuit breakers (issue 12, point 4): shown to administrators. */
  breakers?: BreakerStore;
  newId: () => string;
  now: () => Date;
  log: Logger;
}

export type AuditEvent = Omit<AuditEntry, "at" | "cprHash"> & { cpr?: string | undefined };
