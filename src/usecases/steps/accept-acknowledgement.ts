// Accepting an acknowledgement, however it came (built by the gateway for a mailbox receiver, posted ready, dropped in
// a file-drop inbox, or the gateway's own answer to a dropped message it refused). It is stored like a message (kind
// `acknowledgement`) by the one accept step and delivered to the original sender; it is never itself acknowledged
// (KR2), so it gets no deadline. One acknowledgement per send of a message: the same one again answers with the first
// (200); a different one for the same send is a conflict (409), because a sender must never get a positive and then a
// negative answer to the same message (DOMAIN.md §2.9). Without the original message it is kept and reported, not
// routed — unless `route` says to answer its sender anyway.
import { createHash } from "node:crypto";
import { fail } from "../../errors.js";
import type { Bundle } from "../../medcom/model/index.js";
import { isGln, isMessageId } from "../../medcom/ids.js";
import { messageFingerprint, type MessageDescription } from "../../medcom/readers/index.js";
import type { MessageRecord } from "../../domain/record.js";
import type { UseCaseDeps } from "../deps.js";
import { acceptMessage } from "./accept.js";
import { applyAcknowledgement } from "./apply-acknowledgement.js";
import { storeFailure } from "./store-outcome.js";
import { isSameMessage } from "./same-message.js";

export interface AcknowledgementAnswer {
  status: 200 | 202;
  body: { id: string; code: string; acknowledges: string; matched: boolean };
}

/** The acknowledgement to accept: its Bundle, as the one reader describes it. */
export interface Acknowledgement {
  bundle: Bundle;
  described: MessageDescription;
}

export async function acceptAcknowledgement(
  ack: Acknowledgement,
  original: MessageRecord | undefined,
  submittedBy: string,
  deps: UseCaseDeps,
  options: { route?: boolean } = {},
): Promise<AcknowledgementAnswer> {
  const { described } = ack;
  const code = described.response?.code ?? "ok";
  const issues = described.response?.issues ?? [];
  const acknowledges = described.answers ?? "";
  const routed = original !== undefined || options.route === true;
  const now = deps.now().toISOString();
  const record = acknowledgementRecord(ack, submittedBy, now, deps);
  const result = await acceptMessage(
    {
      record,
      content: ack.bundle,
      audit: {
        client: submittedBy,
        action: "acknowledge",
        messageId: acknowledges,
        sender: record.sender.gln,
        receiver: record.receiver.gln,
        detail: `${code} ${record.id}`,
      },
      // One acknowledgement per send of a message and per answering location: an acknowledgement from anyone else for
      // the same id (kept as unmatched, issue 11 point 19) neither takes the receiver's place nor learns of it.
      idempotency: { scope: "ack", key: ackIdempotencyKey(acknowledges, original?.resends ?? 0, record.sender.gln) },
      retry: "same-acknowledgement",
      handOver: routed,
    },
    deps,
  );
  if (result.outcome === "duplicate" && !(await isSameMessage(result, record.fingerprint, deps)))
    fail(
      "conflict",
      "acknowledgement-differs",
      "code",
      `Message ${acknowledges} was already acknowledged differently; an acknowledgement is never changed.`,
    );
  // A duplicate is the same acknowledgement again: a retry after an unclear answer, whose first try may have stopped
  // after the store. What the first try did not finish is finished now (each step is idempotent); nothing is audited
  // again. An acknowledgement stored, but not applied, is answered with "send it again": the retry applies it.
  try {
    if (!routed) {
      // Kept and reported (GET /v1/admin/acknowledgements/unmatched), not dropped and not routed: nobody to route to.
      await deps.store.addUnmatchedAck(result.id, Date.parse(now));
      if (result.outcome === "accepted")
        deps.log.warn(
          { acknowledgementId: record.id, acknowledges, sender: record.sender.gln },
          "acknowledgement for an unknown message",
        );
    }
    if (original && original.ack?.id !== result.id)
      await applyAcknowledgement(original, { id: result.id, code, at: now, issues }, deps);
  } catch (err) {
    return storeFailure(err, "same-acknowledgement", true);
  }
  return {
    status: result.outcome === "accepted" ? 202 : 200,
    body: { id: result.id, code, acknowledges, matched: original !== undefined },
  };
}

function acknowledgementRecord(ack: Acknowledgement, submittedBy: string, now: string, deps: UseCaseDeps) {
  const { described } = ack;
  // The directory's names for the parties it knows; the message's own for the others (and for those known only by
  // the network's default route).
  const named = (p: { gln: string; name: string }) => {
    const known = deps.directory.get(p.gln);
    return { gln: p.gln, name: known?.origin === "default-route" || !known ? p.name : known.name };
  };
  const record: MessageRecord = {
    id: described.id,
    bundleId: described.bundleId,
    kind: "acknowledgement",
    sender: named(described.sender),
    receiver: named(described.receiver),
    acknowledges: described.answers ?? "",
    responseCode: described.response?.code ?? "ok",
    status: "accepted",
    createdAt: now,
    updatedAt: now,
    deliveryAttempts: 0,
    resends: 0,
    submittedBy,
    fingerprint: messageFingerprint(ack.bundle, described),
  };
  return record;
}

/** "<acknowledged id>:<send>:<answering GLN>"; when a part is not of its checked format (the gateway's own answer to a
 *  message it refused for its ids) the key is the hash of it, so no outside text reaches a Redis key. */
function ackIdempotencyKey(acknowledges: string, send: number, gln: string): string {
  const key = `${acknowledges}:${send}:${gln}`;
  return isMessageId(acknowledges) && isGln(gln) ? key : `sha256-${createHash("sha256").update(key).digest("hex")}`;
}
