// POST /v1/admin/messages/{id}/retry and …/resend (CONTRACT.md §2): an administrator sends a message again as a
// technical resend (new Bundle.id, same MessageHeader.id; DOMAIN.md §2.9) — a failed one once its receiver is back,
// or a delivered one whose acknowledgement is overdue. Both are audited with the message they touched.
import { authorize } from "../../access/authorize.js";
import type { Caller } from "../../access/clients.js";
import { fail } from "../../errors.js";
import type { MessageRecord, Status } from "../../domain/record.js";
import { messageAudit } from "../steps/audit-event.js";
import type { UseCaseDeps } from "../deps.js";
import { sendAgain, type ResendReason } from "../steps/technical-resend.js";

export type AdminSendAction = "retry" | "resend";

interface ActionRule {
  from: "failed" | "delivered";
  reason: ResendReason & `admin-${AdminSendAction}`;
  refusal: string;
}

const RULES: Record<AdminSendAction, ActionRule> = {
  retry: { from: "failed", reason: "admin-retry", refusal: "Only a failed message can be retried" },
  resend: {
    from: "delivered",
    reason: "admin-resend",
    refusal: "Only a delivered message still waiting for its acknowledgement can be resent",
  },
};

/** Why `action` is not allowed for a message as it is now; undefined when it is. */
function refusalOf(action: AdminSendAction, m: Pick<MessageRecord, "id" | "status" | "kind">) {
  const rule = RULES[action];
  // An acknowledgement is never acknowledged (DOMAIN.md §3, KR2): there is nothing to wait for, so nothing to resend.
  if (action === "resend" && m.kind === "acknowledgement")
    return {
      code: "acknowledgement-not-acknowledged",
      path: "id",
      message: "An acknowledgement is never acknowledged.",
    };
  if (m.status !== rule.from)
    return { code: `not-${rule.from}`, path: "status", message: `${rule.refusal}; ${m.id} is ${m.status}.` };
  return undefined;
}

/** The actions a message allows now: what the console offers; adminSendAgain decides again when one is asked for. */
export function allowedActions(m: Pick<MessageRecord, "id" | "status" | "kind">): AdminSendAction[] {
  return (Object.keys(RULES) as AdminSendAction[]).filter((action) => refusalOf(action, m) === undefined);
}

export interface SendAgainAnswer {
  id: string;
  status: Status;
  resends: number;
  bundleId: string;
}

export async function adminSendAgain(
  caller: Caller,
  id: string,
  action: AdminSendAction,
  deps: Pick<UseCaseDeps, "store" | "handOver" | "counters" | "audit" | "newId" | "now" | "log" | "outboxParking">,
): Promise<SendAgainAnswer> {
  if (!authorize(caller, { do: "administer" }))
    fail("forbidden", "admin-only", "Authorization", "This needs the admin role.");
  const rule = RULES[action];
  const record = await deps.store.get(id);
  if (!record) fail("not-found", "message-unknown", "id", `There is no message ${id}.`);
  const refusal = refusalOf(action, record);
  if (refusal) fail("wrong-state", refusal.code, refusal.path, refusal.message);
  const sent = await sendAgain(record, rule.from, rule.reason, deps, caller.id);
  if (sent.outcome === "content-gone")
    fail("not-found", "content-expired", "id", `The content of ${id} is no longer kept; it cannot be sent again.`);
  if (sent.outcome === "changed") {
    const now = await deps.store.get(id);
    fail("wrong-state", `not-${rule.from}`, "status", `${rule.refusal}; ${id} is ${now?.status ?? "gone"} now.`);
  }
  // A message the outbox parked is on its way again: it no longer counts as parked (issue 11, point 10).
  await deps.outboxParking?.release(id);
  await deps.audit(messageAudit(caller, `admin-${action}`, record));
  return { id, status: "accepted", resends: sent.resends, bundleId: sent.bundleId };
}
