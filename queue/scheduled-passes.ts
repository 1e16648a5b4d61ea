// The background passes (src/background/: outbox hand-over, audit drain, retention sweep, file-drop inboxes) as BullMQ
// job schedulers (issue 14, point 6), one per pass in the `background` queue. The schedule lives in Redis: with
// several worker processes each tick runs once, in whichever process takes its job (each process used to run its own
// setInterval loop of every pass); it survives restarts; and every pass shows in the queue board. A failed pass is a
// failed job (kept, visible, logged) and is not retried: the next tick is the retry.
import { Queue, Worker, type ConnectionOptions, type Job } from "bullmq";
import type { Logger } from "../src/log.js";

const BACKGROUND_QUEUE = "background";

export interface ScheduledPass {
  /** The scheduler's id and its jobs' name: one scheduler per kind of pass. */
  readonly name: string;
  readonly everyMs: number;
  /** One pass; safe to run again at once, and in another process at the same time (each pass says why). */
  readonly run: () => Promise<unknown>;
}

/** Jobs kept for the board: enough to see the last minutes of each pass, not a growing history. */
const KEEP_COMPLETED = { count: 50 };
const KEEP_FAILED = { count: 200, age: 7 * 24 * 3600 };

/** How long a stop waits for the schedulers' registration to be written. */
const REGISTRATION_WAIT_MS = 2_000;

export function createBackgroundQueue(connection: ConnectionOptions, prefix: string, onError?: (err: Error) => void) {
  const queue = new Queue(BACKGROUND_QUEUE, { connection, prefix });
  // Without a listener BullMQ prints every connection error to stderr.
  queue.on("error", onError ?? (() => undefined));
  return queue;
}

export interface ScheduledPasses {
  /** Stop taking passes; resolves once the running ones are over (a shutdown never cuts a pass in half). */
  stop(): Promise<void>;
}

/**
 * Register (upsert) a scheduler for each pass and run this process's share of them. `retired` names passes this
 * configuration does not have (say, no file-drop inbox): their schedulers are removed.
 */
export function startScheduledPasses(
  options: { connection: ConnectionOptions; prefix: string },
  passes: readonly ScheduledPass[],
  log: Logger,
  retired: readonly string[] = [],
): ScheduledPasses {
  const byName = new Map(passes.map((p) => [p.name, p]));
  // Within one process a pass never overlaps itself (as the loops guaranteed): a tick that finds its pass still
  // running here is skipped, the running pass covers it.
  const running = new Set<string>();
  const queue = createBackgroundQueue(options.connection, options.prefix);
  const worker = new Worker(
    BACKGROUND_QUEUE,
    async (job: Job) => {
      const pass = byName.get(job.name);
      if (!pass) throw new Error(`no background pass named ${job.name} in this process`);
      if (running.has(pass.name)) return "skipped: still running";
      running.add(pass.name);
      try {
        return await pass.run();
      } finally {
        running.delete(pass.name);
      }
    },
    // Each pass its own slot: a slow inbox does not hold up the outbox.
    { connection: options.connection, prefix: options.prefix, concurrency: Math.max(1, passes.length) },
  );
  worker.on("error", (err) => log.warn({ err: String(err) }, "background worker error"));
  worker.on("failed", (job, err) => log.warn({ err: String(err) }, `${job?.name ?? "background"} pass failed`));
  // Upserting the same scheduler from every process is idempotent. On the worker connection (retries forever) these
  // wait out a Redis outage instead of failing; a failure still only means this process did not (re)register them.
  const registered = Promise.all([
    ...passes.map((p) =>
      queue.upsertJobScheduler(
        p.name,
        { every: p.everyMs },
        { name: p.name, data: {}, opts: { attempts: 1, removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_FAILED } },
      ),
    ),
    ...retired.filter((name) => !byName.has(name)).map((name) => queue.removeJobScheduler(name)),
  ]).catch((err: unknown) => log.warn({ err: String(err) }, "background passes not scheduled"));
  return {
    async stop() {
      await worker.close();
      // The schedulers stay in Redis (the other processes, and this one after a restart, keep running them). A
      // registration still under way is waited for a moment; one still waiting then (Redis away) is given up by the
      // close, and logged.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([registered, new Promise((resolve) => (timer = setTimeout(resolve, REGISTRATION_WAIT_MS)))]);
      clearTimeout(timer);
      await queue.close();
      await registered;
    },
  };
}
