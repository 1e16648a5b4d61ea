// Moving an in-process gateway's clock on (issue 14, point 4): instead of a fractional-minute policy and a real wait,
// a test gives the gateway an offset clock, advances it, and has BullMQ run at once the jobs the jump may have made
// due. Every delayed job decides again on the gateway's clock when it runs (a deadline not yet due, or a parked
// letter whose location is still down, waits again), so running one early is always safe. Acknowledgement deadlines
// are scored by their due time on the gateway's clock (queue/ack-deadlines.ts): the deadline sweep, within a second,
// runs the ones the jump made due.
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { ACK_DEADLINE_QUEUE, type DeadlineJobData } from "../../queue/ack-deadline-queue.js";
import { deadlineKeys } from "../../queue/ack-deadlines.js";
import { DELIVERY_QUEUE } from "../../queue/policy.js";
import type { FakeClock } from "./clock.js";

interface Where {
  redisUrl: string;
  prefix: string;
}

async function withQueue<T>(gateway: Where, name: string, use: (queue: Queue) => Promise<T>): Promise<T> {
  const connection = new Redis(gateway.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection, prefix: gateway.prefix });
  try {
    return await use(queue);
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** Advance `clock` by `ms`; how many deadlines it made due (those the sweep has still to run; and any job of the former
 *  deadline queue, each carrying its due time, promoted). */
export async function advanceClock(gateway: Where, clock: FakeClock, ms: number): Promise<number> {
  clock.advance(ms);
  const promoted = await withQueue(gateway, ACK_DEADLINE_QUEUE, async (queue) => {
    const jobs = (await queue.getDelayed()) as { data: DeadlineJobData; promote(): Promise<void> }[];
    const due = jobs.filter((job) => (job.data.dueAt ?? Infinity) <= clock.ms());
    for (const job of due) await job.promote();
    return due.length;
  });
  const redis = new Redis(gateway.redisUrl);
  try {
    return promoted + (await redis.zcount(deadlineKeys(gateway.prefix).due, "-inf", clock.ms()));
  } finally {
    redis.disconnect();
  }
}

/** Run every delayed delivery job now (parked letters, retries): each decides again on the gateway's clock. */
export async function promoteDeliveries(gateway: Where): Promise<number> {
  return withQueue(gateway, DELIVERY_QUEUE, async (queue) => {
    const jobs = await queue.getDelayed();
    // A job may have left the delayed set meanwhile (it ran): that is what promoting wanted.
    await Promise.all(jobs.map((job) => job.promote().catch(() => undefined)));
    return jobs.length;
  });
}
