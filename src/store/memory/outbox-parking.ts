// The outbox parking port in memory: parking takes the message off the outbox (the `accepted` index) in the same step.
/* eslint-disable @typescript-eslint/require-await -- the ports are asynchronous; memory answers at once */
import { PARK_REASONS, type OutboxParking, type ParkedEntry } from "../../domain/ports/outbox-parking.js";
import { createMemoryState, statusIndex, type MemoryState } from "./state.js";

export function createMemoryOutboxParking(state: MemoryState = createMemoryState()): OutboxParking {
  const parked = new Map<string, ParkedEntry>();
  return {
    async park(id, reason, at) {
      state.indexes.of(statusIndex("accepted")).remove(id);
      parked.set(id, { id, reason, at: at.toISOString() });
    },
    async release(id) {
      return parked.delete(id);
    },
    async list(limit) {
      return [...parked.values()].sort((a, b) => a.at.localeCompare(b.at)).slice(0, limit);
    },
    async countByReason() {
      const counts = Object.fromEntries(PARK_REASONS.map((r) => [r, 0])) as Record<ParkedEntry["reason"], number>;
      for (const e of parked.values()) counts[e.reason] += 1;
      return counts;
    },
    async sweep(before) {
      const old = [...parked.values()].filter((e) => !(Date.parse(e.at) >= before));
      for (const e of old) parked.delete(e.id);
      return old.length;
    },
  };
}
