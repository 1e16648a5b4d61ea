// Issue 12, point 7: an acknowledgement deadline whose job was taken by a worker process that then died, twice in a
// row, still fires. A deadline job lost to BullMQ's "stalled more than allowable limit" would leave the message
// `delivered` for ever: never resent, never failed (DOMAIN.md §2.9 KR7, MR5–MR7). A worker that dies is modelled by
// a deadline worker whose job never finishes, closed without waiting (its lock is no longer renewed, as when the
// process is killed).
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createDeadlineQueue, createDeadlineWorker } from "../../../queue/ack-deadline-queue.js";
import type { DeadlineDeps } from "../../../src/usecases/resend/resend-unanswered.js";
import { silentLogger } from "../../../src/log.js";
import { eventually, uniquePrefix } from "../../support/gateway.js";

const connections: Redis[] = [];
const connect = () => {
  const redis = new Redis(inject("redisUrl"), { maxRetriesPerRequest: null });
  connections.push(redis);
  return redis;
};
afterAll(() => {
  for (const c of connections) c.disconnect();
});

/** Deadline-worker dependencies whose store read never answers (the job stays active) or records the id. */
function deps(read: (id: string) => Promise<undefined>): DeadlineDeps {
  return {
    store: { get: read, content: () => Promise.resolve(undefined), transition: () => Promise.resolve("changed") },
    handOver: () => Promise.resolve(),
    maxResends: 2,
    ackTimeoutMs: 0,
    newId: randomUUID,
    now: () => new Date(),
    log: silentLogger(),
  } as unknown as DeadlineDeps;
}

describe("a deadline job whose worker dies", () => {
  it("fires after its worker died twice while holding it", async () => {
    const prefix = uniquePrefix();
    const messageId = randomUUID();
    const deadlines = createDeadlineQueue(connect(), prefix, silentLogger());
    await deadlines.schedule(messageId, 0, 0, "no-acknowledgement");

    for (let death = 1; death <= 2; death++) {
      let taken!: () => void;
      const took = new Promise<void>((r) => (taken = r));
      const dying = createDeadlineWorker(
        connect(),
        prefix,
        deps(() => {
          taken();
          return new Promise<undefined>(() => undefined);
        }),
      );
      await took;
      await dying.close(true);
    }

    const handled: string[] = [];
    const survivor = createDeadlineWorker(
      connect(),
      prefix,
      deps((id) => {
        handled.push(id);
        return Promise.resolve(undefined);
      }),
    );
    const job = await deadlines.queue.getJob(`deadline-${messageId}-0`);
    await eventually(
      async () => (handled.length > 0 || (await job?.isFailed()) ? true : undefined),
      90_000,
      "the deadline to fire or fail",
    );
    expect(await job?.isFailed(), job?.failedReason).toBe(false);
    expect(handled).toEqual([messageId]);
    await survivor.close();
    await deadlines.close();
  }, 120_000);
});
