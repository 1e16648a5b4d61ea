// The gateway's own negative answer to a message it refused from a sender it cannot answer synchronously: a
// fatal-error (or transient-error) Acknowledgement over the refused message, carrying the issues (DOMAIN.md §3.5,
// KR6), accepted like any acknowledgement and routed back to the sender. Used for a refused file dropped in a
// file-drop inbox, and for an OIOXML letter whose conversion the gateway refuses (issue 15 plan, decision 4: it
// becomes an XCTL02 on the way out).
import type { AcknowledgementCode, AcknowledgementIssue } from "../../medcom/builders/index.js";
import { buildAcknowledgement } from "../../medcom/builders/index.js";
import { isMessageId } from "../../medcom/ids.js";
import type { Bundle } from "../../medcom/model/index.js";
import { describeMessage } from "../../medcom/readers/index.js";
import { validateMessage } from "../../medcom/validate/index.js";
import { hasErrors, type Issue } from "../../util/issues.js";
import type { UseCaseDeps } from "../deps.js";
import { acceptAcknowledgement } from "./accept-acknowledgement.js";

const MAX_ACK_ISSUES = 50;

/** A refused message's error issues as acknowledgement issues ("path: message (rule)"). */
export function refusalIssues(issues: readonly Issue[]): AcknowledgementIssue[] {
  return issues
    .filter((i) => i.severity === "error")
    .slice(0, MAX_ACK_ISSUES)
    .map((i) => ({
      code: i.code,
      // The builder adds the code itself; a rule named like its code is not said twice.
      message: `${i.path ? `${i.path}: ` : ""}${i.message}${i.rule && i.rule !== i.code ? ` (${i.rule})` : ""}`,
    }));
}

/**
 * Answer `message` (refused) to `gln`, its sender; the Acknowledgement's id, or undefined when no answer can be
 * addressed (the message is too broken, does not come from `gln`, or its id cannot be quoted).
 */
export async function acknowledgeRefusal(
  gln: string,
  message: Bundle,
  code: AcknowledgementCode,
  issues: readonly AcknowledgementIssue[],
  submittedBy: string,
  deps: UseCaseDeps,
): Promise<string | undefined> {
  // MedCom's answer quotes the message's MessageHeader.id in response.identifier, and MedCom's message ids are UUIDs
  // (DOMAIN.md §1.11, §2.4); the gateway's validator refuses an acknowledgement quoting anything else, and the gateway
  // never sends what it would refuse. An id that is not a UUID (a path, a line break, 65+ characters, or merely
  // another FHIR id) cannot be quoted in an answer, and quoting a hostile one would carry it into the answer, the store
  // and the audit trail (issue 11, point 1). Such a message is refused without an answer.
  const header = message.entry?.find((e) => e.resource?.resourceType === "MessageHeader")?.resource;
  if (!isMessageId(header?.id)) return undefined;
  let ack: Bundle;
  try {
    ack = buildAcknowledgement({ message, code, issues, newId: deps.newId, now: deps.now().toISOString() });
  } catch {
    return undefined; // too broken to address an answer to
  }
  // The answer goes to whoever sent the message; a message claiming another sender is refused without an answer.
  const described = describeMessage(ack);
  if (described.receiver.gln !== gln || hasErrors(validateMessage(ack).issues)) return undefined;
  const answer = await acceptAcknowledgement({ bundle: ack, described }, undefined, submittedBy, deps, { route: true });
  return answer.body.id;
}
