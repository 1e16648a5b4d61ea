// The hand-overs of one process, batched (issue 17, point 3): each accepted message used to cost two Redis writes of
// its own after the accept script — its BullMQ job, then its `accepted → queued` transition — and under Redis's
// `appendfsync always` every write that does not share Redis's event-loop turn with another pays a disk sync
// (≈ 270 µs of Redis CPU against ≈ 28 µs for a read, BENCH_E2E_REDIS_STATS=1). Here the hand-overs asked for in the
// same event-loop turn, or while the previous batch is in flight, go as one addBulk (one round trip) followed by one
// pipeline of transitions.
//
// The order of each message's two steps is kept: a message is marked queued only after its own job was added (the
// `accepted` index is the outbox: a message whose hand-over fails stays there and the dispatcher hands it over).
// One message's failure is its own: when the bulk add fails, each job of the batch is added again on its own (adding
// the same job twice is harmless: the job id is the message and send), and only those that fail are reported failed.
import type { TransitionResult } from "../domain/ports/message-store.js";
import type { StatusChange } from "../store/message-store.js";

export interface HandOverBatcher {
  /** Queue send number `send` of an accepted message, then mark it queued; rejects when either step failed. */
  handOver(id: string, send: number): Promise<void>;
  /** Resolves once every hand-over asked for so far has finished (a graceful shutdown waits for it). */
  idle(): Promise<void>;
}

export interface HandOverBatchDeps {
  enqueue(messageId: string, send: number): Promise<void>;
  enqueueMany(sends: readonly { messageId: string; send: number }[]): Promise<void>;
  transitionMany(changes: readonly StatusChange[]): Promise<(TransitionResult | Error)[]>;
  now: () => Date;
  /** The most hand-overs in one batch. */
  maxBatch?: number;
}

interface Waiting {
  messageId: string;
  send: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const MAX_BATCH = 100;

export function createHandOverBatcher(deps: HandOverBatchDeps): HandOverBatcher {
  const maxBatch = deps.maxBatch ?? MAX_BATCH;
  const waiting: Waiting[] = [];
  let running: Promise<void> | undefined;

  /** Add the batch's jobs; answers those whose job is surely in the queue (the others are rejected). */
  const enqueue = async (batch: readonly Waiting[]): Promise<Waiting[]> => {
    try {
      await deps.enqueueMany(batch);
      return [...batch];
    } catch {
      const added = await Promise.all(
        batch.map((w) =>
          deps.enqueue(w.messageId, w.send).then(
            () => w,
            (err: unknown) => {
              w.reject(err);
              return undefined;
            },
          ),
        ),
      );
      return added.filter((w) => w !== undefined);
    }
  };

  const markQueued = async (batch: readonly Waiting[]): Promise<void> => {
    if (batch.length === 0) return;
    const at = deps.now().toISOString();
    // The same transition as markQueued (usecases/steps/hand-over.ts): a second writer finds it no longer `accepted`.
    const results = await deps
      .transitionMany(
        batch.map((w) => ({ id: w.messageId, from: "accepted", to: "queued", event: { at, type: "queued" } })),
      )
      .catch((err: unknown) => batch.map(() => (err instanceof Error ? err : new Error(String(err)))));
    batch.forEach((w, i) => {
      const result = results[i];
      if (result instanceof Error) w.reject(result);
      else w.resolve();
    });
  };

  const run = async (): Promise<void> => {
    // One turn of the event loop first: the hand-overs of requests answered in the same turn join this batch.
    await new Promise((r) => setImmediate(r));
    for (;;) {
      // Cleared in the same synchronous step as the check: a hand-over asked for after it starts a new run.
      if (waiting.length === 0) {
        running = undefined;
        return;
      }
      const batch = waiting.splice(0, maxBatch);
      try {
        await markQueued(await enqueue(batch));
      } catch (err) {
        for (const w of batch) w.reject(err); // a settled promise ignores a second answer
      }
    }
  };

  return {
    handOver(messageId, send) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ messageId, send, resolve, reject });
        running ??= run();
      });
    },
    async idle() {
      while (running) await running;
    },
  };
}
