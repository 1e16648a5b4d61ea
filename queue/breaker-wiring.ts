// Builds the delivery worker's circuit-breaker gate from the policy and the shared services (issue 12, point 4).
import type { Redis } from "ioredis";
import type { Logger } from "../src/log.js";
import type { Services } from "../src/services.js";
import { createBreakerStore } from "../src/store/breaker-store.js";
import { createBreakerGate, type BreakerGate, type JobWaker } from "./breaker-gate.js";
import type { BreakerPolicy } from "../src/domain/circuit-breaker.js";
import type { Policy } from "../src/config/schema.js";
import { DELIVERY_CONCURRENCY } from "./policy.js";

/** Longer than the webhook timeout (15 s): a probe still running is not mistaken for a lost one. */
const PROBE_LEASE_MS = 30_000;
/** After an opening lapses, the oldest waiting letter has this long to become the probe before any other may. */
const HEAD_GRACE_MS = 2_000;
/** Fairness (issue 12, point 4): deliveries to one location at once, across all workers. Half of one worker's
 *  slots: a slow receiver holds at most these, the rest keep flowing to everyone else. */
const IN_FLIGHT_PER_LOCATION = Math.max(1, Math.floor(DELIVERY_CONCURRENCY / 2));
/** A letter over its location's limit is woken when a slot frees; it looks again after about this long regardless. */
const BUSY_MS = 2_000;
/** A waiting letter behind the head looks again at most this often, to heal a line whose head was lost. */
const MAX_RECHECK_MS = 60_000;

function breakerPolicy(policy: Policy): BreakerPolicy {
  return {
    threshold: policy.breakerFailures,
    openMs: policy.breakerOpenMinutes * 60_000,
    maxOpenMs: Math.max(policy.breakerOpenMinutes, policy.breakerMaxOpenMinutes) * 60_000,
    probeLeaseMs: PROBE_LEASE_MS,
    headGraceMs: HEAD_GRACE_MS,
  };
}

export function breakerGateFor(redis: Redis, services: Services, now: () => Date, log: Logger): BreakerGate {
  const { deps, queue } = services;
  const policy = breakerPolicy(deps.policy);
  const waker: JobWaker = {
    async wake(jobId) {
      const job = await queue.queue.getJob(jobId);
      if (!job) return "gone";
      const state = await job.getState();
      if (state === "delayed") {
        // Promoting races with the job's own wake-up; either way it runs.
        await job.promote().catch(() => undefined);
        return "woken";
      }
      return state === "completed" || state === "failed" || state === "unknown" ? "gone" : "running";
    },
  };
  return createBreakerGate({
    store: deps.breakers ?? createBreakerStore(redis, services.keys),
    waker,
    policy,
    recheckMs: Math.min(MAX_RECHECK_MS, Math.max(1_000, policy.openMs)),
    inFlight: { limit: IN_FLIGHT_PER_LOCATION, leaseMs: PROBE_LEASE_MS, busyMs: BUSY_MS },
    now: () => now().getTime(),
    log,
  });
}
