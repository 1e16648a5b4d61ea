// The audit trail's words (issue: who did what; issue 11, point 5): what an entry records, how it is kept on the
// keyed chain, and what a verification can find wrong. The chain's MACs themselves are the store's business
// (src/store/audit-chain.ts); the use cases only name actions and entries.

export type AuditAction =
  | "submit"
  | "read-record"
  | "read-content"
  | "mailbox-list"
  | "mailbox-fetch"
  | "acknowledge"
  /** An administrator's view or request (detail: method and route). */
  | "admin"
  | "admin-retry"
  | "admin-resend"
  | "admin-sign-in"
  | "admin-sign-out";

export interface AuditEntry {
  at: string;
  client: string;
  action: AuditAction;
  messageId?: string;
  sender?: string;
  receiver?: string;
  /** HMAC-SHA256 of the patient's CPR under the audit key: the same patient gives the same value; never the CPR. */
  cprHash?: string;
  detail?: string;
}

export interface StoredAuditEntry {
  seq: number;
  /** The MAC of the entry before (GENESIS for the first). */
  prev: string;
  mac: string;
  entry: AuditEntry;
}

export type AuditProblemCode = "altered" | "removed" | "reordered" | "broken-chain" | "truncated" | "diverged";

export interface AuditProblem {
  seq: number;
  code: AuditProblemCode;
  problem: string;
}

export interface AuditCheckpoint {
  /** The gateway's key prefix: one data directory may serve gateways on several prefixes. */
  prefix: string;
  seq: number;
  mac: string;
  at: string;
  /** HMAC-SHA256 of the fields above under the checkpoint key (derived from the audit key). */
  sig: string;
}

/** The field a pending audit entry is kept under: one per action and message, so it reaches the chain once. */
export const pendingAuditField = (action: string, id: string): string => `${action}:${id}`;
/** The field of a technical resend's audit entry: one per message and Bundle.id. */
export const duplicateAuditField = (action: string, id: string, bundleId: string): string =>
  pendingAuditField(action, `${id}:duplicate:${bundleId}`);
