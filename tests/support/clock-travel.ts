// Moving an in-process gateway's clock on (issue 14, point 4): instead of a fractional-minute policy and a real wait,
// a test gives the gateway an offset clock, advances it, and has BullMQ run at once the acknowledgement deadlines the
// jump made due (each job carries its due time on the gateway's clock). The worker then decides on the same clock.
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { ACK_DEADLINE_QUEUE, type DeadlineJobData } from "../../queue/ack-deadline-queue.js";
import type { FakeClock } from "./clock.js";

/** Advance `clock` by `ms` and promote the deadline jobs now due; how many were promoted. */
export async function advanceClock(
  gateway: { redisUrl: string; prefix: string },
  clock: FakeClock,
  ms: number,
): Promise<number> {
  clock.advance(ms);
  const connection = new Redis(gateway.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue<DeadlineJobData>(ACK_DEADLINE_QUEUE, { connection, prefix: gateway.prefix });
  try {
    const due = (await queue.getDelayed()).filter((job) => (job.data.dueAt ?? Infinity) <= clock.ms());
    for (const job of due) await job.promote();
    return due.length;
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
