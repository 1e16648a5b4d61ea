// Acknowledgement deadlines (DOMAIN.md §2.9 KR7, MR5–MR7) as delayed BullMQ jobs: they live in Redis, survive restarts
// and fire in whichever worker is running; nothing depends on a timer in one process. A deadline job that fires after
// the acknowledgement came, or after a newer send, finds nothing to do.
import { DelayedError, Queue, Worker, type ConnectionOptions } from "bullmq";
import { systemClock, type Now } from "../src/domain/clock.js";
import type { Logger } from "../src/log.js";
import { resendUnanswered, type DeadlineDeps, type ResendReason } from "../src/usecases/resend/resend-unanswered.js";
import { DEADLINE_MAX_STALLS, DELIVERY_LOCK_MS, STALLED_CHECK_MS } from "./policy.js";
import { queueTimeFor } from "./queue-time.js";

export const ACK_DEADLINE_QUEUE = "ack-deadline";

export interface DeadlineJobData {
  messageId: string;
  /** Which send of the message the deadline belongs to (0 = the first, n = the n-th resend). */
  send: number;
  reason: ResendReason;
  /** When it is due on the gateway's clock (ms): a clock moved on (a test's) finds the jobs it has made due. */
  dueAt?: number;
}

export interface DeadlineQueue {
  /** Resend `messageId` after `delayMs` unless it has been acknowledged (or sent again) by then. */
  schedule(messageId: string, send: number, delayMs: number, reason: ResendReason): Promise<void>;
  readonly queue: Queue<DeadlineJobData>;
  close(): Promise<void>;
}

export function createDeadlineQueue(
  connection: ConnectionOptions,
  prefix: string,
  log: Logger,
  now: Now = systemClock.now,
): DeadlineQueue {
  const queue = new Queue<DeadlineJobData>(ACK_DEADLINE_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 5,
      backoff: { type: "exponential", delay: 1000 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
  queue.on("error", (err) => log.debug({ err: err.message }, "deadline queue connection error"));
  return {
    queue,
    async schedule(messageId, send, delayMs, reason) {
      // One job per message, send and reason: scheduling again (a retried delivery job) is a no-op.
      const jobId = `${reason === "transient-error" ? "transient" : "deadline"}-${messageId}-${send}`;
      const delay = Math.max(0, Math.round(delayMs));
      await queue.add("deadline", { messageId, send, reason, dueAt: now().getTime() + delay }, { jobId, delay });
    },
    close: () => queue.close(),
  };
}

export function createDeadlineWorker(
  connection: ConnectionOptions,
  prefix: string,
  deps: DeadlineDeps,
): Worker<DeadlineJobData> {
  const worker = new Worker<DeadlineJobData>(
    ACK_DEADLINE_QUEUE,
    async (job, token) => {
      const outcome = await resendUnanswered(job.data.messageId, job.data.send, job.data.reason, deps);
      if (typeof outcome === "string") return outcome;
      // Not due yet (the delivery came later than the scheduling): the same job waits, so there is still exactly
      // one deadline for this send. The move is one script: a worker killed before it leaves the job to stall
      // recovery, which runs it again and decides again; after it, the job is delayed and nothing else is left.
      // It spends no attempt (BullMQ: patterns/process-step-jobs).
      await job.moveToDelayed(queueTimeFor(job, outcome.postponedUntil, deps.now().getTime()), token);
      throw new DelayedError();
    },
    {
      connection,
      prefix,
      concurrency: 4,
      // A killed worker's deadline jobs are taken over as soon as its deliveries are (BullMQ's defaults wait 30 s and
      // fail a job that stalls twice: a lost deadline), issue 12 point 7.
      lockDuration: DELIVERY_LOCK_MS,
      stalledInterval: STALLED_CHECK_MS,
      maxStalledCount: DEADLINE_MAX_STALLS,
    },
  );
  worker.on("error", (err) => deps.log.warn({ err: err.message }, "deadline worker error"));
  return worker;
}
