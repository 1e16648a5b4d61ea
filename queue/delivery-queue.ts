// The BullMQ delivery queue (producer side) and its worker. Built in main.ts and passed down: no module singletons.
import { Queue, Worker, type ConnectionOptions, type Job } from "bullmq";
import { processDelivery, type DeliveryDeps } from "./delivery-processor.js";
import { queueTimeFor } from "./queue-time.js";
import {
  DELIVERY_CONCURRENCY,
  DELIVERY_LOCK_MS,
  DELIVERY_QUEUE,
  RETRY_BASE_DELAY_MS,
  RETRY_JITTER,
  STALLED_CHECK_MS,
  deliveryJobId,
  type DeliveryJobData,
} from "./policy.js";

export interface DeliveryQueue {
  /** Hand a message to the queue; adding the same message and send again is a no-op (the job id is the key). */
  enqueue(messageId: string, send?: number): Promise<void>;
  readonly queue: Queue<DeliveryJobData>;
  close(): Promise<void>;
}

export interface QueueOptions {
  connection: ConnectionOptions;
  /** Connection trouble is reported here (the connection itself logs when Redis goes and comes back). */
  onError?: (err: Error) => void;
  prefix: string;
  attempts: number;
  retryBaseDelayMs?: number;
}

export function createDeliveryQueue(options: QueueOptions): DeliveryQueue {
  const queue = new Queue<DeliveryJobData>(DELIVERY_QUEUE, {
    connection: options.connection,
    prefix: options.prefix,
    defaultJobOptions: {
      attempts: options.attempts,
      backoff: { type: "exponential", delay: options.retryBaseDelayMs ?? RETRY_BASE_DELAY_MS, jitter: RETRY_JITTER },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
  // Without a listener BullMQ prints every connection error to stderr.
  queue.on("error", options.onError ?? (() => undefined));
  return {
    queue,
    async enqueue(messageId, send = 0) {
      await queue.add("deliver", { messageId }, { jobId: deliveryJobId(messageId, send) });
    },
    close: () => queue.close(),
  };
}

export interface WorkerOptions {
  connection: ConnectionOptions;
  prefix: string;
  concurrency?: number;
}

export function createDeliveryWorker(options: WorkerOptions, deps: DeliveryDeps): Worker<DeliveryJobData> {
  // A parked job (its location is down) moves to the delayed set without counting an attempt (issue 12, point 4).
  const processor = (job: Job<DeliveryJobData>, token?: string) =>
    processDelivery(job, deps, {
      park: (until) => job.moveToDelayed(queueTimeFor(job, until, deps.now().getTime()), token),
    });
  const worker = new Worker<DeliveryJobData>(DELIVERY_QUEUE, processor, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency ?? DELIVERY_CONCURRENCY,
    lockDuration: DELIVERY_LOCK_MS,
    stalledInterval: STALLED_CHECK_MS,
    // A job whose worker died is taken over again; our processor makes the second run harmless.
    maxStalledCount: 5,
  });
  worker.on("error", (err) => deps.log.warn({ err: err.message }, "delivery worker error"));
  return worker;
}
