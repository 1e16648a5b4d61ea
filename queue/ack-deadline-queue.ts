// Acknowledgement deadlines (DOMAIN.md §2.9 KR7, MR5–MR7): scheduled in the sorted set of queue/ack-deadlines.ts and
// run by the sweep pass (queue/ack-deadline-sweep.ts, wired in src/workers.ts). They live in Redis, survive restarts and
// fire in whichever worker is running; nothing depends on a timer in one process. A deadline that fires after the
// acknowledgement came, or after a newer send, finds nothing to do.
//
// Until issue 17 each deadline was a delayed job in the BullMQ queue `ack-deadline`. Deadlines a deployment stored that
// way (and any an older process still adds during a rolling upgrade) must still fire: the worker role keeps a worker
// on that queue draining them (createLegacyDeadlineWorker below), rather than migrating them once at start, which an
// older process adding jobs after the migration would defeat. It costs an idle BullMQ worker (a blocking wait and a
// stall check every few seconds). The queue itself stays on the board, in readiness and in /metrics for as long.
import { DelayedError, Queue, Worker, type ConnectionOptions } from "bullmq";
import type { Redis } from "ioredis";
import { systemClock, type Now } from "../src/domain/clock.js";
import type { Logger } from "../src/log.js";
import { resendUnanswered, type DeadlineDeps, type ResendReason } from "../src/usecases/resend/resend-unanswered.js";
import type { AckDeadlineWrite } from "../src/domain/ports/index.js";
import { createAckDeadlines, type AckDeadlines } from "./ack-deadlines.js";
import { DEADLINE_MAX_STALLS, DELIVERY_LOCK_MS, STALLED_CHECK_MS } from "./policy.js";
import { queueTimeFor } from "./queue-time.js";

/** The BullMQ queue the deadlines were jobs in before issue 17: only drained now. */
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
  /** The ZADD NX `schedule` would make, for a script to make in its own step (the mailbox hand-over's). */
  scheduleWrite(messageId: string, send: number, delayMs: number, reason: ResendReason): AckDeadlineWrite;
  /** The deadlines themselves: claimed and settled by the sweep, counted for /metrics. */
  readonly deadlines: AckDeadlines;
  /** The former BullMQ queue, still drained (see above): shown on the board, checked by readiness. */
  readonly queue: Queue<DeadlineJobData>;
  close(): Promise<void>;
}

export function createDeadlineQueue(
  redis: Redis,
  prefix: string,
  log: Logger,
  now: Now = systemClock.now,
): DeadlineQueue {
  const deadlines = createAckDeadlines(redis, prefix, now);
  // Nothing is added to it any more; it is made for the board, readiness and metrics, and to read old jobs.
  const queue = new Queue<DeadlineJobData>(ACK_DEADLINE_QUEUE, { connection: redis, prefix });
  queue.on("error", (err) => log.debug({ err: err.message }, "deadline queue connection error"));
  return {
    deadlines,
    queue,
    // One deadline per message, send and reason: scheduling again (a retried delivery job) is a no-op.
    schedule: (messageId, send, delayMs, reason) => deadlines.schedule({ messageId, send, reason }, delayMs),
    scheduleWrite: (messageId, send, delayMs, reason) => deadlines.scheduleWrite({ messageId, send, reason }, delayMs),
    close: () => queue.close(),
  };
}

/** The drain of the former queue's delayed jobs (see above); unchanged from when every deadline was one. */
export function createLegacyDeadlineWorker(
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
