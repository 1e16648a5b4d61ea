// The audit event for something done to one message: who, what, which message between which locations, and — when
// the content was at hand — its patient (hashed before it is stored; see services.ts).
import type { Caller } from "../access/clients.js";
import { patientIdOf } from "../medcom/builders/index.js";
import type { Bundle } from "../medcom/model/index.js";
import type { AuditAction } from "../domain/audit.js";
import type { MessageRecord } from "../domain/record.js";
import type { AuditEvent } from "./deps.js";

export function messageAudit(caller: Caller, action: AuditAction, record: MessageRecord, content?: Bundle): AuditEvent {
  return {
    client: caller.id,
    action,
    messageId: record.id,
    sender: record.sender.gln,
    receiver: record.receiver.gln,
    ...(content ? { cpr: patientIdOf(content) } : {}),
  };
}
