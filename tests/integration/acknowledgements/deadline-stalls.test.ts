// Issue 12, point 7: an acknowledgement deadline whose run was taken by a worker process that then died, twice in a
// row, still fires. A deadline lost that way would leave the message `delivered` for ever: never resent, never failed
// (DOMAIN.md §2.9 KR7, MR5–MR7). Since issue 17 a deadline is a member of a sorted set claimed under a lease by the
// sweep (queue/ack-deadlines.ts); a worker that dies is modelled by a sweep whose run never finishes (its claim is
// never settled, as when the process is killed). Deadlines stored before as BullMQ delayed jobs are drained by the
// former queue's worker, with the same stall settings: a worker that dies there is one whose job never finishes,
// closed without waiting (its lock is no longer renewed).
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { Queue } from "bullmq";
import {
  ACK_DEADLINE_QUEUE,
  createLegacyDeadlineWorker,
  type DeadlineJobData,
} from "../../../queue/ack-deadline-queue.js";
import { sweepAckDeadlines } from "../../../queue/ack-deadline-sweep.js";
import { createAckDeadlines } from "../../../queue/ack-deadlines.js";
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const LEASE_MS = 500;

describe("a deadline whose worker dies", () => {
  it("fires after its worker died twice while holding it", async () => {
    const prefix = uniquePrefix();
    const messageId = randomUUID();
    const deadlines = createAckDeadlines(connect(), prefix, () => new Date(), { leaseMs: LEASE_MS });
    await deadlines.schedule({ messageId, send: 0, reason: "no-acknowledgement" }, 0);

    for (let death = 1; death <= 2; death++) {
      let taken = false;
      const dying = createAckDeadlines(connect(), prefix, () => new Date(), { leaseMs: LEASE_MS });
      const hanging = deps(() => {
        taken = true;
        return new Promise<undefined>(() => undefined);
      });
      // The dying worker sweeps each tick until it takes the deadline (the earlier holder's lease lapsed); that sweep
      // never ends and is simply abandoned, as a killed process's would be.
      while (!taken) {
        void sweepAckDeadlines(dying, hanging);
        await sleep(100);
      }
    }

    const handled: string[] = [];
    const survivor = deps((id) => {
      handled.push(id);
      return Promise.resolve(undefined);
    });
    await eventually(
      async () => {
        await sweepAckDeadlines(deadlines, survivor);
        return handled.length > 0 || (await deadlines.counts()).failed > 0 ? true : undefined;
      },
      10_000,
      "the deadline to fire or fail",
    );
    expect(await deadlines.failures()).toEqual([]);
    expect(handled).toEqual([messageId]);
    await sleep(LEASE_MS + 100);
    await sweepAckDeadlines(deadlines, survivor);
    expect(handled, "once").toEqual([messageId]);
    expect(await deadlines.counts()).toEqual({ scheduled: 0, claimed: 0, failed: 0 });
  }, 30_000);
});

describe("a deadline job stored in the former BullMQ queue", () => {
  it("fires after its worker died twice while holding it", async () => {
    const prefix = uniquePrefix();
    const messageId = randomUUID();
    // As the BullMQ deadline queue scheduled it before issue 17.
    const queue = new Queue<DeadlineJobData>(ACK_DEADLINE_QUEUE, {
      connection: connect(),
      prefix,
      defaultJobOptions: {
        attempts: 5,
        backoff: { type: "exponential", delay: 1000 },
        removeOnComplete: true,
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    });
    const jobId = `deadline-${messageId}-0`;
    await queue.add(
      "deadline",
      { messageId, send: 0, reason: "no-acknowledgement", dueAt: Date.now() },
      { jobId, delay: 0 },
    );

    for (let death = 1; death <= 2; death++) {
      let taken!: () => void;
      const took = new Promise<void>((r) => (taken = r));
      const dying = createLegacyDeadlineWorker(
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
    const survivor = createLegacyDeadlineWorker(
      connect(),
      prefix,
      deps((id) => {
        handled.push(id);
        return Promise.resolve(undefined);
      }),
    );
    const job = await queue.getJob(jobId);
    await eventually(
      async () => (handled.length > 0 || (await job?.isFailed()) ? true : undefined),
      90_000,
      "the deadline to fire or fail",
    );
    expect(await job?.isFailed(), job?.failedReason).toBe(false);
    expect(handled).toEqual([messageId]);
    await survivor.close();
    await queue.close();
  }, 120_000);
});
