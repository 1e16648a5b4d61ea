// The background passes as BullMQ job schedulers (issue 14, point 6), on a real redis-server: with two worker
// processes (two schedulers' workers on one prefix) each tick runs once, not once per process; the schedule is kept
// in Redis when the workers stop (a restart picks it up); a failed pass is a failed job and the next tick runs.
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { silentLogger } from "../../../src/log.js";
import { createBackgroundQueue, startScheduledPasses } from "../../../queue/scheduled-passes.js";
import { uniquePrefix } from "../../support/gateway.js";

const connections: Redis[] = [];
function workerRedis(): Redis {
  const redis = new Redis(inject("redisUrl"), { maxRetriesPerRequest: null });
  redis.on("error", () => undefined);
  connections.push(redis);
  return redis;
}
afterAll(async () => {
  for (const redis of connections) await redis.quit().catch(() => undefined);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const EVERY_MS = 200;

describe("scheduled background passes", () => {
  it("run each tick once across two processes, and keep their schedule when the processes stop", async () => {
    const prefix = uniquePrefix();
    const runs: number[] = [];
    const pass = (who: number) => ({
      name: "outbox",
      everyMs: EVERY_MS,
      run: () => {
        runs.push(who);
        return Promise.resolve(0);
      },
    });
    const one = startScheduledPasses({ connection: workerRedis(), prefix }, [pass(1)], silentLogger());
    const two = startScheduledPasses({ connection: workerRedis(), prefix }, [pass(2)], silentLogger());
    const started = Date.now();
    await sleep(2_000);
    await Promise.all([one.stop(), two.stop()]);
    const ticks = Math.floor((Date.now() - started) / EVERY_MS) + 1;
    // Per-process loops would have run about 2 × ticks passes.
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.length).toBeLessThanOrEqual(ticks);

    const queue = createBackgroundQueue(workerRedis(), prefix);
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => [s.key, Number(s.every)])).toEqual([["outbox", EVERY_MS]]);
    await queue.close();
  });

  it("records a failed pass as a failed job and runs the next tick", async () => {
    const prefix = uniquePrefix();
    let calls = 0;
    const passes = startScheduledPasses(
      { connection: workerRedis(), prefix },
      [
        {
          name: "retention",
          everyMs: EVERY_MS,
          run: () => {
            calls += 1;
            return calls === 1 ? Promise.reject(new Error("Redis away")) : Promise.resolve(0);
          },
        },
      ],
      silentLogger(),
    );
    const deadline = Date.now() + 10_000;
    while (calls < 2 && Date.now() < deadline) await sleep(50);
    await passes.stop();
    expect(calls).toBeGreaterThanOrEqual(2);
    const queue = createBackgroundQueue(workerRedis(), prefix);
    const failed = await queue.getFailed();
    expect(failed.map((j) => [j.name, j.failedReason])).toEqual([["retention", "Redis away"]]);
    await queue.close();
  });

  it("removes the scheduler of a pass this configuration no longer has", async () => {
    const prefix = uniquePrefix();
    const inbox = { name: "inbox", everyMs: 60_000, run: () => Promise.resolve(0) };
    await startScheduledPasses({ connection: workerRedis(), prefix }, [inbox], silentLogger()).stop();
    const queue = createBackgroundQueue(workerRedis(), prefix);
    expect(await queue.getJobSchedulersCount()).toBe(1);
    await startScheduledPasses({ connection: workerRedis(), prefix }, [], silentLogger(), ["inbox"]).stop();
    expect(await queue.getJobSchedulersCount()).toBe(0);
    await queue.close();
  });
});
