// Who may add to a conversation, and where (issue 11, point 7). A conversation (thread, Communication.identifier) is
// a Redis list the gateway keeps; a message joins it by carrying its id. A composed message gets its thread from the
// gateway; a raw Bundle names its own, so the same rules are checked for both here, or an outsider could post into
// another conversation and block its parties' replies as "not the latest".
import type { LetterKind } from "../domain/record.js";
import { authorize } from "../access/authorize.js";
import type { Caller } from "../access/clients.js";
import { fail } from "../errors.js";
import { isMessageId, shownValue } from "../medcom/ids.js";
import type { MessageRecord } from "../domain/record.js";
import type { UseCaseDeps } from "./deps.js";

type Deps = Pick<UseCaseDeps, "store">;

const mayRead = (caller: Caller, r: MessageRecord) =>
  authorize(caller, { do: "read-message", sender: r.sender.gln, receiver: r.receiver.gln });

/**
 * The answered or forwarded message: known, a CareCommunication, and the caller's to read. Anything else is answered
 * alike (`previous-unknown`), so a caller learns nothing about messages it is no party to.
 */
export async function previousMessage(caller: Caller, id: string, path: string, deps: Deps): Promise<MessageRecord> {
  const record = isMessageId(id) ? await deps.store.get(id) : undefined;
  if (!record || record.kind === "acknowledgement" || !mayRead(caller, record))
    fail(
      "invalid",
      "previous-unknown",
      path,
      `There is no message ${shownValue(id)} this client can answer or forward.`,
    );
  return record;
}

/**
 * Governance rules 3 and 5 (DOMAIN.md §1.13): a reply answers the new message or the latest reply or forward of its
 * conversation; answering an older one is not allowed — that starts a new conversation instead. "Latest" among the
 * messages the caller may read: a message it cannot see never blocks it (nor tells it that there is one).
 */
export async function requireLatestInThread(
  caller: Caller,
  answered: MessageRecord,
  path: string,
  deps: Deps,
): Promise<void> {
  const ids = answered.thread ? await deps.store.thread(answered.thread) : [];
  const visible = (await deps.store.getMany(ids)).filter(
    (r): r is MessageRecord => r !== undefined && r.kind !== "acknowledgement" && mayRead(caller, r),
  );
  const latest = visible[visible.length - 1];
  if (latest !== undefined && latest.id !== answered.id) {
    fail(
      "invalid",
      "reply-not-latest",
      path,
      `${answered.id} is not the latest message of its conversation (${latest.id} is); answer the latest, or send a new message to start a new conversation.`,
      "carecommunication-governance-5",
    );
  }
}

export interface ConversationClaim {
  id: string;
  kind: LetterKind;
  thread?: string;
  previousId?: string;
}

const HEADER = "Bundle.entry[0].resource";
const THREAD_PATH = "Communication.identifier";

/**
 * A raw Bundle's place in a conversation, checked as compose decides it: a new message and a forward start a
 * conversation of their own (a thread id nobody uses yet); a reply continues the conversation of the message it
 * answers, which must be the caller's to read and the latest of it. The same message again (a duplicate, DOMAIN.md
 * §2.9) is already in its thread: the store answers it as the duplicate it is.
 */
export async function requireConversation(caller: Caller, claim: ConversationClaim, deps: Deps): Promise<void> {
  const members = claim.thread ? await deps.store.thread(claim.thread) : [];
  if (members.includes(claim.id)) return;
  if (claim.kind === "new" || claim.kind === "forward") {
    if (members.length > 0)
      fail(
        "invalid",
        "thread-in-use",
        THREAD_PATH,
        `A ${claim.kind === "new" ? "new message" : "forward"} starts a new conversation: its Communication.identifier must be a new urn:uuid:, not one already in use.`,
        // Governance 1: a new message gets a new identifier (a forward too: governance 14–19, DOMAIN.md §1.13).
        claim.kind === "new" ? "carecommunication-governance-1" : undefined,
      );
    if (claim.kind === "new") return;
  }
  const previousPath = `${HEADER} (Provenance.entity revision)`;
  const previous = await previousMessage(caller, claim.previousId ?? "", previousPath, deps);
  if (claim.kind === "forward") return;
  if (previous.thread !== claim.thread)
    fail(
      "invalid",
      "thread-not-answered",
      THREAD_PATH,
      "A reply continues the conversation of the message it answers: its Communication.identifier must be that message's.",
      "carecommunication-governance-3",
    );
  await requireLatestInThread(caller, previous, previousPath, deps);
}
