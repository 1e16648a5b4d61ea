// A compose request (CONTRACT.md §2): who may send is decided first, then the request is read, the answered or
// forwarded message looked up, the receiver checked, and the CareCommunication built and validated like any other.
import type { Caller } from "../../access/clients.js";
import { GatewayError, fail } from "../../errors.js";
import { buildCareCommunication } from "../../medcom/builders/index.js";
import { parseComposeRequest } from "../../medcom/compose/index.js";
import { describeMessage } from "../../medcom/readers/index.js";
import type { UseCaseDeps } from "../deps.js";
import type { DetachedAttachments } from "../../medcom/detached.js";
import type { Bundle } from "../../medcom/model/index.js";
import { isValidSor } from "../../medcom/identifiers.js";
import type { Location } from "../../routing/directory.js";
import { requireReceiver, requireSenderLocation } from "./checks.js";
import { previousMessage, requireLatestInThread } from "./conversation.js";
import { carriedAttachments } from "./carried-attachments.js";
import { withForwardedAttachments } from "./forward-attachments.js";
import type { Letter } from "./letter.js";
import { measuredLetter } from "./letter-size.js";
import { contentOf } from "./record-for.js";
import { validateInput } from "./validate-input.js";

export async function composeLetter(
  caller: Caller,
  body: unknown,
  idempotencyKey: string | undefined,
  deps: UseCaseDeps,
  detached?: DetachedAttachments,
): Promise<Letter> {
  // Who may send is decided first (issue 11, point 19): a caller that may not send as this sender learns that (403),
  // not what else is wrong with its request (422), and nothing is read on its behalf. A sender that is not text is
  // no sender: the request's own check says so.
  const claimed = senderOf(body);
  const sender = claimed === undefined ? undefined : requireSenderLocation(caller, claimed, "/sender", deps);
  const parsed = parseComposeRequest(body, detached);
  if (!parsed.ok) throw new GatewayError("invalid", parsed.issues);
  const request = parsed.value;
  if (!sender) throw new Error("a valid compose request names its sender");
  const previous = request.inReplyTo ? await previousMessage(caller, request.inReplyTo, "/inReplyTo", deps) : undefined;
  if (request.kind === "reply" && previous) await requireLatestInThread(caller, previous, "/inReplyTo", deps);
  const receiverGln = request.receiver ?? previous?.sender.gln;
  if (!receiverGln) fail("invalid", "receiver-missing", "/receiver", "A new message needs a receiver GLN.");
  const found = requireReceiver(receiverGln, "/receiver", deps);
  // A forward carries its attachments' data, also those a forwarded reply carries by identifier only (issue 13).
  const previousContent = previous ? await contentOf(previous.id, deps) : undefined;
  const receiver = knownReceiver(found, previousContent);
  const answered =
    previous && previousContent && request.kind === "forward"
      ? await withForwardedAttachments(caller, previousContent, previous, deps)
      : previousContent;
  const bundle = buildCareCommunication(request, {
    newId: deps.newId,
    now: deps.now().toISOString(),
    parties: { sender, receiver },
    ...(answered ? { previous: answered } : {}),
  });
  // The gateway never sends what it would reject: also not a letter over MedCom's size limit, which only the built
  // letter has (its attachments' base64 plus the envelope the gateway adds). A forward's attachments copied from the
  // stored letter may be tokens of its blobs: known by reading them once. A new letter holds only what this request,
  // the directory and the builder put in it: the checks of the builder's own work are left out (ValidateOptions.built,
  // issue 17 point 3).
  const carried = await carriedAttachments(bundle, detached, deps);
  const known = carried ? new Map([...(detached ?? []), ...carried]) : detached;
  const measured = measuredLetter(bundle, known);
  validateInput(bundle, measured.size, {
    ...(known ? { detached: known } : {}),
    built: request.kind === "new" && answered === undefined,
  });
  return {
    bundle,
    described: describeMessage(bundle),
    sender,
    receiver,
    minted: true,
    ...(idempotencyKey ? { idempotencyKey } : {}),
    retry: idempotencyKey ? "idempotency-key" : "none",
    idPath: "Idempotency-Key",
    labels: { topic: "/topic" },
    ...(detached ? { detached } : {}),
    ...(carried ? { carried } : {}),
    contentJson: measured.json,
  };
}

/** The sender a compose request names, when it names one as text: authorised before the request is validated. */
function senderOf(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const sender: unknown = Object.hasOwn(body, "sender") ? (body as Record<string, unknown>).sender : undefined;
  return typeof sender === "string" ? sender : undefined;
}

/**
 * A receiver reached by the default route is known only by its GLN, but MedCom's messaging Organization needs its SOR
 * id and name (medcom-messaging-organization). A reply to a letter that came from it takes both from that letter's
 * sender; a new letter or a forward to it is refused with what to do instead.
 */
function knownReceiver(receiver: Location, answered: Bundle | undefined): Location {
  if (receiver.origin !== "default-route") return receiver;
  const from = answered ? describeMessage(answered).sender : undefined;
  if (from && from.gln === receiver.gln && isValidSor(from.sor) && from.name) {
    return { ...receiver, sor: from.sor, name: from.name };
  }
  return fail(
    "invalid",
    "receiver-sor-unknown",
    "/receiver",
    `The receiver ${receiver.gln} is reached through the network, but the gateway knows only its GLN, not its SOR id and name, which a CareCommunication names: import the directory that lists it (medcom-gateway directory import), or reply to a letter it sent.`,
  );
}
