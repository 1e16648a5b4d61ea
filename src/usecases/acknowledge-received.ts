// POST /v1/mailboxes/{gln}/messages/{id}/acknowledgement (CONTRACT.md §2): the receiving system says ok,
// transient-error or fatal-error; the gateway builds the MedCom Acknowledgement 2.0 for it (DOMAIN.md §3), checks it
// with the same validator as everything else, and routes it to the original sender.
import { authorize } from "../access/authorize.js";
import type { Caller } from "../access/clients.js";
import { GatewayError, fail } from "../errors.js";
import { buildAcknowledgement, type AcknowledgementCode } from "../medcom/build/index.js";
import { error, hasErrors, type Issue } from "../medcom/issues.js";
import { validateMessage } from "../medcom/validate/index.js";
import { storeAcknowledgement, type AcknowledgementAnswer } from "./acknowledgements.js";
import type { UseCaseDeps } from "./deps.js";
import { requireMailboxMessage } from "./mailbox.js";
import { contentOf } from "./record-for.js";

const CODES: readonly AcknowledgementCode[] = ["ok", "transient-error", "fatal-error"];
const MAX_ISSUES = 50;

interface AcknowledgeRequest {
  code: AcknowledgementCode;
  issues: { code: string; message: string }[];
}

/** Check the request body, reporting every problem with its JSON pointer. */
export function parseAcknowledgeRequest(body: unknown): AcknowledgeRequest {
  const problems: Issue[] = [];
  const input = (body !== null && typeof body === "object" && !Array.isArray(body) ? body : {}) as Record<
    string,
    unknown
  >;
  if (input !== body) problems.push(error("ack-request", "", "The body must be a JSON object { code, issues? }."));
  for (const key of Object.keys(input))
    if (key !== "code" && key !== "issues") problems.push(error("ack-request", `/${key}`, `Unknown key "${key}".`));
  const code = CODES.find((c) => c === input.code);
  if (!code) problems.push(error("ack-request", "/code", `code must be one of ${CODES.join(", ")}.`));
  const issues: AcknowledgeRequest["issues"] = [];
  if (input.issues !== undefined && (!Array.isArray(input.issues) || input.issues.length > MAX_ISSUES)) {
    problems.push(error("ack-request", "/issues", `issues must be a list of at most ${MAX_ISSUES} { code, message }.`));
  } else {
    ((input.issues as unknown[] | undefined) ?? []).forEach((issue, i) => {
      const { code: c, message } = (issue ?? {}) as Record<string, unknown>;
      if (typeof c !== "string" || !/^[\w.-]{1,64}$/.test(c))
        problems.push(error("ack-request", `/issues/${i}/code`, "code must be 1–64 letters, digits, _ . or -."));
      if (typeof message !== "string" || message.length === 0 || message.length > 1000)
        problems.push(error("ack-request", `/issues/${i}/message`, "message must be a text of 1–1000 characters."));
      if (typeof c === "string" && typeof message === "string") issues.push({ code: c, message });
    });
  }
  if (code && code !== "ok" && issues.length === 0)
    problems.push(error("ack-request", "/issues", `A ${code} acknowledgement says why: give at least one issue.`));
  if (problems.length > 0 || !code) throw new GatewayError("invalid", problems);
  return { code, issues };
}

export async function acknowledgeReceived(
  caller: Caller,
  gln: string,
  id: string,
  body: unknown,
  deps: UseCaseDeps,
): Promise<AcknowledgementAnswer> {
  const request = parseAcknowledgeRequest(body);
  // Only the receiving location's own system answers for it; not another location, not an administrator.
  if (!authorize(caller, { do: "acknowledge-as", gln }))
    fail("forbidden", "acknowledge-not-yours", "gln", `This client may not acknowledge for ${gln}.`);
  const original = await requireMailboxMessage(caller, gln, id, deps);
  if (original.kind === "acknowledgement") {
    fail("invalid", "acknowledgement-acknowledged", "id", "An acknowledgement is never acknowledged (MedCom KR2).");
  }
  const ack = buildAcknowledgement({
    message: await contentOf(id, deps),
    code: request.code,
    issues: request.issues,
    newId: deps.newId,
    now: deps.now().toISOString(),
  });
  // The gateway never sends what it would reject.
  const validation = validateMessage(ack);
  if (hasErrors(validation.issues)) throw new GatewayError("invalid", validation.issues);
  return storeAcknowledgement(ack, original, caller.id, deps);
}
