// POST /v1/mailboxes/{gln}/messages/{id}/acknowledgement (CONTRACT.md §2): the receiving system says ok,
// transient-error or fatal-error; the gateway builds the MedCom Acknowledgement 2.0 for it (DOMAIN.md §3), checks it
// with the same validator as everything else, and routes it to the original sender.
import { authorize } from "../../access/authorize.js";
import type { Caller } from "../../access/clients.js";
import { GatewayError, fail } from "../../errors.js";
import { ACKNOWLEDGEMENT_CODES } from "../../domain/record.js";
import {
  buildAcknowledgement,
  type AcknowledgementCode,
  type AcknowledgementIssue,
} from "../../medcom/builders/index.js";
import type { MessageRecord } from "../../domain/record.js";
import { bodyCheck, type JsonSchema } from "../../util/json-schema.js";
import { describeMessage } from "../../medcom/readers/index.js";
import { acceptAcknowledgement, type AcknowledgementAnswer } from "../steps/accept-acknowledgement.js";
import type { UseCaseDeps } from "../deps.js";
import { messageInMailbox, requireKnownLocation } from "../steps/mailbox.js";
import { contentOf } from "../steps/record-for.js";
import { validateInput } from "../steps/validate-input.js";

const MAX_ISSUES = 50;
const SAY_WHY = { code: "required", message: "A negative acknowledgement says why: give at least one issue." };

interface AcknowledgeRequest {
  code: AcknowledgementCode;
  issues?: { code: string; message: string }[];
}

/** The receiving system's answer (CONTRACT.md §2), as a JSON Schema: checked here, published in /openapi.json. */
export const ACKNOWLEDGE_REQUEST_SCHEMA: JsonSchema = {
  type: "object",
  title: "Acknowledge request",
  description: "The receiving system's answer; the gateway builds the MedCom Acknowledgement 2.0 from it.",
  properties: {
    code: {
      type: "string",
      enum: [...ACKNOWLEDGEMENT_CODES],
      description: "ok: received and accepted; transient-error: try again later; fatal-error: refused for good.",
    },
    issues: {
      type: "array",
      maxItems: MAX_ISSUES,
      description: "Why, when the code is not ok (required then): MedCom acknowledgement codes and explanations.",
      items: {
        type: "object",
        properties: {
          code: {
            type: "string",
            pattern: "^[\\w.-]{1,64}$",
            description: "e.g. MSG_Receiver_Identifier_UNKNOWN",
            "x-issues": { pattern: { code: "issue-code", message: "code must be 1–64 letters, digits, _ . or -." } },
          },
          message: { type: "string", minLength: 1, maxLength: 1000, description: "A sentence a person can act on." },
        },
        required: ["code", "message"],
        additionalProperties: false,
      },
    },
  },
  required: ["code"],
  additionalProperties: false,
  // A negative answer says why (DOMAIN.md §3.4).
  if: { properties: { code: { enum: ["transient-error", "fatal-error"] } }, required: ["code"] },
  then: {
    required: ["issues"],
    properties: { issues: { type: "array", minItems: 1, "x-issues": { minItems: SAY_WHY } } },
    "x-issues": { required: SAY_WHY },
  },
};

const schema = bodyCheck<AcknowledgeRequest>(ACKNOWLEDGE_REQUEST_SCHEMA);

/** Check the request body, reporting every problem with its JSON pointer. */
export function parseAcknowledgeRequest(body: unknown): Required<AcknowledgeRequest> {
  const result = schema.check(body);
  if (!result.ok) throw new GatewayError("invalid", result.issues);
  return { code: result.value.code, issues: result.value.issues ?? [] };
}

export async function acknowledgeReceived(
  caller: Caller,
  gln: string,
  id: string,
  body: unknown,
  deps: UseCaseDeps,
): Promise<AcknowledgementAnswer> {
  const request = parseAcknowledgeRequest(body);
  // Only the receiving location's own system answers for it; not another location, not an administrator. Whoever
  // may answer for a location may read its mailbox: the message is looked up there without asking again.
  if (!authorize(caller, { do: "acknowledge-as", gln }))
    fail("forbidden", "acknowledge-not-yours", "gln", `This client may not acknowledge for ${gln}.`);
  requireKnownLocation(gln, deps);
  const original = await messageInMailbox(gln, id, deps);
  if (original.kind === "acknowledgement") {
    fail("invalid", "acknowledgement-acknowledged", "id", "An acknowledgement is never acknowledged (MedCom KR2).");
  }
  return acknowledgeMessage(caller, original, request, deps);
}

/**
 * The receiving location's answer to `original` (a message delivered to it): the MedCom Acknowledgement built over
 * the stored message, checked with the same validator as everything else, and routed to the original sender. Also
 * the way a legacy receiver's XCTL receipts become an Acknowledgement (issue 15, src/usecases/legacy/receive-xctl.ts).
 */
export async function acknowledgeMessage(
  caller: Caller,
  original: MessageRecord,
  request: { code: AcknowledgementCode; issues: readonly AcknowledgementIssue[] },
  deps: UseCaseDeps,
): Promise<AcknowledgementAnswer> {
  const bundle = buildAcknowledgement({
    message: await contentOf(original.id, deps),
    code: request.code,
    issues: request.issues,
    newId: deps.newId,
    now: deps.now().toISOString(),
  });
  // The gateway never sends what it would reject.
  validateInput(bundle);
  return acceptAcknowledgement({ bundle, described: describeMessage(bundle) }, original, caller.id, deps);
}
