// The floor's worker process (issue 17, point 3): completes floor-server.ts's id-only jobs and counts them in Redis
// ({floor}:done), so the bench sees when every letter it sent has been through the queue. Environment: REDIS_URL.
import { Worker } from "bullmq";
import { Redis } from "ioredis";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379/0";
const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
const counter = new Redis(redisUrl);
const worker = new Worker(
  "floor",
  async () => {
    await counter.incr("{floor}:done");
  },
  { connection, prefix: "{floor}", concurrency: 16 },
);

process.once("SIGTERM", () => {
  void worker.close().then(() => Promise.all([connection.quit(), counter.quit()]).then(() => process.exit(0)));
});
