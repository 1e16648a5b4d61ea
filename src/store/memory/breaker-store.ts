// The circuit breakers' store port in memory: one state per location, waiting lines and leased delivery slots.
/* eslint-disable @typescript-eslint/require-await -- the ports are asynchronous; memory answers at once */
import { CLOSED, type BreakerState } from "../../domain/breaker.js";
import type { BreakerStore } from "../../domain/ports/breaker-store.js";
import { SortedSets } from "./sorted-set.js";

export function createMemoryBreakerStore(): BreakerStore {
  const states = new Map<string, BreakerState>();
  const lines = new SortedSets();
  const waitingFor = (gln: string) => lines.of(`waiting:${gln}`);
  const inFlight = (gln: string) => lines.of(`inflight:${gln}`);
  const busy = (gln: string) => lines.of(`busy:${gln}`);
  return {
    read: async (gln) => states.get(gln) ?? CLOSED,
    async update(gln, step) {
      // One step at a time in one process: no other writer can come in between, so no compare-and-set round.
      const { next, result } = step(states.get(gln) ?? CLOSED);
      if (next !== undefined) states.set(gln, next);
      return result;
    },
    async wait(gln, jobId, acceptedAt) {
      waitingFor(gln).add(jobId, acceptedAt, true);
    },
    async leave(gln, jobId) {
      waitingFor(gln).remove(jobId);
    },
    head: async (gln) => waitingFor(gln).range()[0]?.id,
    waiting: async (gln) => waitingFor(gln).size,
    async acquire(gln, jobId, now, leaseUntil, limit) {
      const slots = inFlight(gln);
      slots.removeBelow(now + 1); // leases that ended at or before now (ZREMRANGEBYSCORE -inf now)
      if (slots.score(jobId) === undefined && slots.size >= limit) return false;
      slots.add(jobId, leaseUntil);
      return true;
    },
    async release(gln, jobId) {
      inFlight(gln).remove(jobId);
    },
    async queueForSlot(gln, jobId, acceptedAt) {
      busy(gln).add(jobId, acceptedAt, true);
    },
    async leaveSlotQueue(gln, jobId) {
      busy(gln).remove(jobId);
    },
    async nextForSlot(gln) {
      const first = busy(gln).range()[0];
      if (first) busy(gln).remove(first.id);
      return first?.id;
    },
  };
}
