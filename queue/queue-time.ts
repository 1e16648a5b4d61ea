// BullMQ keeps its own time (Date.now() in the worker and in its Lua scripts): the moment a job was added, started,
// is due. The gateway's decisions are made on the injected clock (src/domain/clock.ts). A time decided on the gateway's
// clock is handed to BullMQ as a delay from now on that clock, laid on the job's own timestamp of this run — so a
// clock that is not the system's (a test's, a skewed one) never makes BullMQ wait for a time it will not reach, or
// fire at once.

/** When BullMQ should run this job again, for a time `until` (ms) on the gateway's clock that reads `now` (ms). */
export function queueTimeFor(job: { processedOn?: number | undefined; timestamp: number }, until: number, now: number) {
  return (job.processedOn ?? job.timestamp) + Math.max(0, until - now);
}
