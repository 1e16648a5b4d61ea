// An acknowledgement deadline's cost, before and after issue 17. Scheduling: a delayed BullMQ job (Queue.add with a job
// id and a delay) against one ZADD NX in the deadlines' sorted set (queue/ack-deadlines.ts). Firing (every letter's
// deadline comes due once, acknowledged or not; its run then skips): a BullMQ worker taking each due job against the
// sweep claiming and settling each member (queue/ack-deadline-sweep.ts), with a run that finds nothing to do. Prints
// Redis's own time per deadline (INFO commandstats: what the Redis process spends) and this process's CPU per deadline.
// Needs redis-server on the PATH; starts its own on a free port. `npx tsx bench/ack-deadline-schedule.ts`
import { spawn } from "node:child_process";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { sweepAckDeadlines } from "../queue/ack-deadline-sweep.js";
import { createAckDeadlines } from "../queue/ack-deadlines.js";
import { silentLogger } from "../src/log.js";
import type { DeadlineDeps } from "../src/usecases/resend/resend-unanswered.js";

const N = Number(process.env.N ?? 5000);
const PORT = 6390 + Math.floor(Math.random() * 500);

async function redisUsec(redis: Redis): Promise<number> {
  const info = await redis.info("commandstats");
  let total = 0;
  for (const m of info.matchAll(/usec=(\d+)/g)) total += Number(m[1]);
  return total;
}

async function measure(name: string, redis: Redis, one: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 500; i++) await one(-1 - i); // warm-up
  let next = 0;
  await measureAll(name, redis, () =>
    Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < N) await one(next++);
      }),
    ),
  );
}

async function measureAll(name: string, redis: Redis, all: () => Promise<unknown>) {
  await redis.config("RESETSTAT");
  const cpu = process.cpuUsage();
  await all();
  const used = process.cpuUsage(cpu);
  const usec = await redisUsec(redis);
  console.log(
    JSON.stringify({
      name,
      redisUsPerDeadline: +(usec / N).toFixed(1),
      clientUsPerDeadline: +((used.user + used.system) / N).toFixed(1),
    }),
  );
}

const server = spawn("redis-server", ["--port", String(PORT), "--save", "", "--appendonly", "no"], { stdio: "ignore" });
await new Promise((r) => setTimeout(r, 300));
const redis = new Redis(PORT, { maxRetriesPerRequest: null });
try {
  const queue = new Queue("ack-deadline", {
    connection: redis,
    prefix: "{mg}",
    defaultJobOptions: { attempts: 5, backoff: { type: "exponential", delay: 1000 }, removeOnComplete: true },
  });
  await queue.waitUntilReady();
  const id = (i: number) => `7c1e0f9a-5d1c-4c1b-9d0e-${String(i + 1_000_000).padStart(12, "0")}`;
  await measure("bullmq delayed job", redis, (i) =>
    queue.add(
      "deadline",
      { messageId: id(i), send: 0, reason: "no-acknowledgement", dueAt: Date.now() + 3_600_000 },
      { jobId: `deadline-${id(i)}-0`, delay: 3_600_000 },
    ),
  );
  // Firing: the jobs made due at once (as after an hour), then taken by a worker as the deadline worker was set up.
  await redis.config("RESETSTAT");
  const delayed = await queue.getDelayed(0, -1);
  await Promise.all(delayed.map((job) => job.promote()));
  let fired = 0;
  const workerRedis = new Redis(PORT, { maxRetriesPerRequest: null });
  await measureAll("bullmq worker takes each due job", redis, async () => {
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const worker = new Worker(
      "ack-deadline",
      () => {
        if (++fired === N + 500) done();
        return Promise.resolve("skipped");
      },
      { connection: workerRedis, prefix: "{mg}", concurrency: 4 },
    );
    await finished;
    await worker.close();
    workerRedis.disconnect();
  });
  await queue.close();
  const now = { at: Date.now() };
  const deadlines = createAckDeadlines(redis, "{mg}", () => new Date(now.at));
  await measure("sorted set ZADD NX", redis, (i) =>
    deadlines.schedule({ messageId: id(i), send: 0, reason: "no-acknowledgement" }, 3_600_000),
  );
  now.at += 3_600_000;
  // A run that finds nothing to do (the letter was acknowledged): one read of the record, as resendUnanswered does.
  const deps = {
    store: { get: (key: string) => redis.hgetall(`{mg}:msg:${key}`).then(() => undefined) },
    now: () => new Date(now.at),
    log: silentLogger(),
  } as unknown as DeadlineDeps;
  await measureAll("sweep claims and settles each due member", redis, async () => {
    while ((await deadlines.counts()).scheduled > 0) await sweepAckDeadlines(deadlines, deps);
  });
} finally {
  redis.disconnect();
  server.kill();
}
