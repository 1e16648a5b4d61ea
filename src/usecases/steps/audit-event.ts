// The audit event for something done to one message: who, what, which message between which locations, and — when
// the content was at hand — its patient (hashed before it is stored; see services.ts).
import type { Caller } from "../../access/clients.js";
import type { AuditAction } from "../../domain/audit.js";
import type { MessageRecord } from "../../domain/record.js";
import type { AuditEvent } from "../deps.js";

/** `patient`: the message's CPR, as the one reader (describeMessage) finds it. */
export function messageAudit(caller: Caller, action: AuditAction, record: MessageRecord, patient?: string): AuditEvent {
  return {
    client: caller.id,
    action,
    messageId: record.id,
    sender: record.sender.gln,
    receiver: record.receiver.gln,
    ...(patient !== undefined ? { cpr: patient } : {}),
  };
}
