// The hand-over of a stored message to the delivery queue, and the one writer of its `accepted → queued` step.
// Every use case that sends a message (a new message, an acknowledgement, a technical resend, an acknowledgement sent
// again for a duplicate) hands it over here. The message is already `accepted` in the store, which is the outbox: if
// the hand-over fails, the outbox dispatcher hands it over later, so a failure here is logged, never answered.
import type { MessageStore } from "../../domain/ports/index.js";
import type { TransitionResult } from "../../domain/ports/message-store.js";
import type { UseCaseDeps } from "../deps.js";

export async function handOverToQueue(
  id: string,
  send: number,
  deps: Pick<UseCaseDeps, "handOver" | "log">,
): Promise<void> {
  await deps
    .handOver(id, send)
    .catch((err: unknown) =>
      deps.log.warn({ messageId: id, send, err: String(err) }, "hand-over to the queue deferred to the outbox"),
    );
}

/**
 * `accepted → queued`: the message's job is in the delivery queue. Written by the hand-over once the job is queued,
 * and by the delivery job itself when it runs before the hand-over got that far (the job is queued first, so it may
 * start at once). Either way the same transition, once: the second finds the message no longer `accepted`.
 */
export async function markQueued(
  id: string,
  deps: { store: Pick<MessageStore, "transition">; now: () => Date },
): Promise<TransitionResult> {
  return deps.store.transition(id, "accepted", "queued", { at: deps.now().toISOString(), type: "queued" });
}
