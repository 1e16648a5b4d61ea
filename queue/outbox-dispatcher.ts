// The transactional outbox's dispatcher. A message is stored (status `accepted`) in one atomic step and handed to
// BullMQ in a second; if the process dies in between, the message waits in the `accepted` index and this loop hands
// it over. Handing over twice is harmless: the job id is the message id.
import type { Logger } from "../src/log.js";
import type { MessageStore } from "../src/store/message-store.js";
import type { DeliveryQueue } from "./delivery-queue.js";
import { OUTBOX_GRACE_MS, OUTBOX_POLL_MS } from "./policy.js";

export interface OutboxDeps {
  store: MessageStore;
  queue: DeliveryQueue;
  now: () => Date;
  log: Logger;
}

/**
 * Queue send number `send` of one accepted message and mark it queued (the API's fast path, resends and the
 * dispatcher's loop all use this).
 */
export async function handOver(id: string, send: number, deps: Omit<OutboxDeps, "log">): Promise<void> {
  await deps.queue.enqueue(id, send);
  await deps.store.transition(id, "accepted", "queued", { at: deps.now().toISOString(), type: "queued" });
}

/** Hand over everything that has waited longer than the grace period; returns how many. */
export async function drainOutbox(deps: OutboxDeps, graceMs = OUTBOX_GRACE_MS): Promise<number> {
  let total = 0;
  for (;;) {
    const ids = await deps.store.outbox(graceMs, deps.now().getTime(), 100);
    for (const id of ids) {
      // The send number is the record's: a resend waiting here gets its own job, not the first send's.
      const record = await deps.store.get(id);
      await handOver(id, record?.resends ?? 0, deps);
    }
    total += ids.length;
    if (ids.length < 100) break;
  }
  if (total > 0) deps.log.info({ count: total }, "outbox: handed waiting messages to the queue");
  return total;
}

/** Run the dispatcher until stopped; resolves when the current pass has finished. */
export function startOutboxDispatcher(deps: OutboxDeps, pollMs = OUTBOX_POLL_MS): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(() =>
      drainOutbox(deps).catch((err: unknown) => deps.log.warn({ err: String(err) }, "outbox pass failed")),
    );
  }, pollMs);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
