// The counters port in memory: the same hashes as the Redis counters (field → count), read through the same figures
// (counter-figures.ts). Hourly buckets are kept forever: a test lives less than a day.
/* eslint-disable @typescript-eslint/require-await -- the ports are asynchronous; memory answers at once */
import type { Now } from "../../domain/clock.js";
import type { Counters } from "../../domain/ports/counters.js";
import { ACK_LATENCY_BUCKETS, HOUR_MS, recentFrom, snapshotFrom } from "../counter-figures.js";
import { bump, createMemoryState, type MemoryState } from "./state.js";

/** One delivery outcome counted: total, hour bucket, last time (the memory mailbox's hand-over counts with it, as the
 *  Redis script does). */
export function countDelivery(state: MemoryState, field: string, at: Date): void {
  bump(state, "deliveries", field);
  bump(state, `deliveries:h:${Math.floor(at.getTime() / HOUR_MS)}`, field);
  state.lastDelivery.set(field, at.toISOString());
}

export function createMemoryCounters(state: MemoryState = createMemoryState(), now: Now = () => new Date()): Counters {
  const hash = (name: string): Record<string, string> =>
    Object.fromEntries([...(state.counters.get(name) ?? new Map<string, number>())].map(([k, v]) => [k, String(v)]));
  return {
    async deliveryOutcome(receiver, outcome) {
      countDelivery(state, `${receiver}|${outcome}`, now());
    },
    async recentDeliveries(hours) {
      const current = Math.floor(now().getTime() / HOUR_MS);
      const buckets = [];
      for (let h = current - hours + 1; h <= current; h++) buckets.push(hash(`deliveries:h:${h}`));
      return recentFrom(buckets, Object.fromEntries(state.lastDelivery));
    },
    duplicate: async () => bump(state, "duplicates", "all"),
    resend: async (reason) => bump(state, "resends", reason),
    regionalRule: async (rule) => bump(state, "regional-rules", rule),
    async ackLatency(seconds, code) {
      const le = ACK_LATENCY_BUCKETS.find((b) => seconds <= b);
      bump(state, "ack-latency", `${code}|${le ?? "+Inf"}`);
      bump(state, "ack-latency", `${code}|sum`, seconds);
    },
    async read() {
      return snapshotFrom({
        deliveries: hash("deliveries"),
        duplicates: hash("duplicates"),
        resends: hash("resends"),
        latency: hash("ack-latency"),
        regional: hash("regional-rules"),
      });
    },
  };
}
