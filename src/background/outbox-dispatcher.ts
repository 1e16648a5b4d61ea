// The transactional outbox's dispatcher. A message is stored (status `accepted`) in one atomic step and handed to
// BullMQ in a second; if the process dies in between, the message waits in the `accepted` index and this loop hands
// it over (a scheduled pass, queue/scheduled-passes.ts). Handing over twice is harmless: the job id is the message id.
//
// One message that cannot be handed over must not stop the others (issue 11, point 10): each entry is tried on its
// own; one that fails for a reason of its own (a malformed id, a missing or unreadable record, a job the queue keeps
// refusing) is parked with that reason, and the pass goes on. A failure of Redis itself ends the pass (nothing is
// parked for it): the next pass tries again.
import type { Logger } from "../log.js";
import { isMessageId, shownValue } from "../medcom/ids.js";
import type { MessageStore } from "../domain/ports/index.js";
import type { OutboxParking, ParkReason } from "../domain/ports/index.js";
import { markQueued } from "../usecases/steps/hand-over.js";
import type { DeliveryQueue } from "../../queue/delivery-queue.js";
import { OUTBOX_ENQUEUE_STRIKES, OUTBOX_GRACE_MS } from "../../queue/policy.js";

export interface OutboxDeps {
  store: MessageStore;
  queue: DeliveryQueue;
  parking: OutboxParking;
  now: () => Date;
  log: Logger;
  /** Whether Redis answers: tells a refusal of one message from an outage of the store. */
  reachable: () => Promise<boolean>;
}

/**
 * Queue send number `send` of one accepted message and mark it queued (the API's fast path, resends and the
 * dispatcher's loop all use this).
 */
export async function handOver(id: string, send: number, deps: Pick<OutboxDeps, "store" | "queue" | "now">) {
  await deps.queue.enqueue(id, send);
  await markQueued(id, deps);
}

const BATCH = 100;

async function redisAnswers(deps: OutboxDeps): Promise<boolean> {
  return deps.reachable().catch(() => false);
}

/** Hand over everything that has waited longer than the grace period; returns how many were handed over. */
export async function drainOutbox(
  deps: OutboxDeps,
  graceMs = OUTBOX_GRACE_MS,
  strikes: Map<string, number> = new Map(),
): Promise<number> {
  let total = 0;
  const seen = new Set<string>();
  for (;;) {
    const ids = await deps.store.outbox(graceMs, deps.now().getTime(), BATCH + seen.size);
    const fresh = ids.filter((id) => !seen.has(id));
    for (const id of fresh) {
      seen.add(id);
      if (await handOverOne(id, deps, strikes)) total += 1;
    }
    // Entries tried in this pass that stay in the index (waiting for another strike) are counted in the limit, so
    // fewer than BATCH new ones means none is left.
    if (fresh.length < BATCH) break;
  }
  if (total > 0) deps.log.info({ count: total }, "outbox: handed waiting messages to the queue");
  return total;
}

async function park(id: string, reason: ParkReason, deps: OutboxDeps, err?: unknown): Promise<false> {
  await deps.parking.park(id, reason, deps.now());
  // The id as shown (short, escaped) and the error's first line: never a record field or content.
  deps.log.warn(
    {
      id: shownValue(id),
      reason,
      ...(err ? { err: shownValue((err instanceof Error ? err.message : "unknown").split("\n")[0] ?? "") } : {}),
    },
    "outbox: parked a message that cannot be handed over",
  );
  return false;
}

/** One outbox entry: true when handed over, false when parked or left for a later pass. */
async function handOverOne(id: string, deps: OutboxDeps, strikes: Map<string, number>): Promise<boolean> {
  // Checked before the id is used in a key or a job id (issue 11, point 1): BullMQ refuses ":" in job ids forever.
  if (!isMessageId(id)) return park(id, "id-malformed", deps);
  let record;
  try {
    record = await deps.store.get(id);
  } catch (err) {
    if (!(await redisAnswers(deps))) throw err;
    return park(id, "record-unreadable", deps, err);
  }
  if (!record) return park(id, "record-missing", deps);
  try {
    // The send number is the record's: a resend waiting here gets its own job, not the first send's.
    await handOver(id, record.resends, deps);
    strikes.delete(id);
    return true;
  } catch (err) {
    if (!(await redisAnswers(deps))) throw err;
    const count = (strikes.get(id) ?? 0) + 1;
    strikes.set(id, count);
    if (count < OUTBOX_ENQUEUE_STRIKES) return false;
    strikes.delete(id);
    // The record exists: it becomes `failed` with the reason, where the console shows it and a retry can start it.
    const reason = "parked:enqueue-refused";
    await deps.store.transition(
      id,
      "accepted",
      "failed",
      { at: deps.now().toISOString(), type: "failed", detail: { reason } },
      { fields: { failureReason: reason } },
    );
    return park(id, "enqueue-refused", deps, err);
  }
}

/**
 * The dispatcher's pass as scheduled (queue/scheduled-passes.ts, every OUTBOX_POLL_MS): failed hand-overs are counted
 * per message across this process's passes (a message is parked after OUTBOX_ENQUEUE_STRIKES of them). Two passes at
 * once (two processes) are harmless: a hand-over's job id is the message id, and the transition checks `accepted`.
 */
export function outboxPass(deps: OutboxDeps): () => Promise<number> {
  const strikes = new Map<string, number>();
  return () => drainOutbox(deps, OUTBOX_GRACE_MS, strikes);
}
