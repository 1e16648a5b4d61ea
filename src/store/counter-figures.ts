// The counters' figures from their raw hashes (field → count), shared by the Redis counters and the in-memory ones so
// both report the same shapes: per-receiver recent deliveries and the /metrics snapshot.
import type { CounterSnapshot, RecentDeliveries } from "../domain/ports/counters.js";

/** Acknowledgement latency buckets, seconds (from delivery to the receiver's answer). */
export const ACK_LATENCY_BUCKETS = [1, 5, 30, 60, 300, 900, 1800, 3600, 7200, 21600, 86400] as const;

export const HOUR_MS = 3600_000;

type Hash = Record<string, string>;

/** Hourly buckets ("<receiver>|<outcome>" → count) and the last time of each: per receiving location. */
export function recentFrom(replies: readonly Hash[], last: Hash): Map<string, RecentDeliveries> {
  const byReceiver = new Map<string, RecentDeliveries>();
  const entry = (receiver: string) => {
    const found = byReceiver.get(receiver) ?? { counts: {}, lastAt: {} };
    byReceiver.set(receiver, found);
    return found;
  };
  for (const bucket of replies) {
    for (const [field, count] of Object.entries(bucket)) {
      const [receiver = "", outcome = ""] = field.split("|");
      const counts = entry(receiver).counts;
      counts[outcome] = (counts[outcome] ?? 0) + Number(count);
    }
  }
  for (const [field, at] of Object.entries(last)) {
    const [receiver = "", outcome = ""] = field.split("|");
    entry(receiver).lastAt[outcome] = at;
  }
  return byReceiver;
}

export interface CounterHashes {
  deliveries?: Hash | undefined;
  duplicates?: Hash | undefined;
  resends?: Hash | undefined;
  latency?: Hash | undefined;
  regional?: Hash | undefined;
}

export function snapshotFrom({ deliveries, duplicates, resends, latency, regional }: CounterHashes): CounterSnapshot {
  const ackLatency = new Map<string, { code: string; buckets: Record<string, number>; count: number; sum: number }>();
  for (const [field, value] of Object.entries(latency ?? {})) {
    const [code = "", le = ""] = field.split("|");
    const entry = ackLatency.get(code) ?? { code, buckets: {}, count: 0, sum: 0 };
    if (le === "sum") entry.sum = Number(value);
    else {
      entry.buckets[le] = Number(value);
      entry.count += Number(value);
    }
    ackLatency.set(code, entry);
  }
  // Buckets as Prometheus wants them: cumulative.
  for (const entry of ackLatency.values()) {
    let running = 0;
    const cumulative: Record<string, number> = {};
    for (const le of [...ACK_LATENCY_BUCKETS.map(String), "+Inf"]) {
      running += entry.buckets[le] ?? 0;
      cumulative[le] = running;
    }
    entry.buckets = cumulative;
  }
  return {
    deliveries: Object.entries(deliveries ?? {}).map(([field, count]) => {
      const [receiver = "", outcome = ""] = field.split("|");
      return { receiver, outcome, count: Number(count) };
    }),
    duplicates: Number(duplicates?.all ?? 0),
    resends: Object.entries(resends ?? {}).map(([reason, count]) => ({ reason, count: Number(count) })),
    regionalRules: Object.entries(regional ?? {}).map(([rule, count]) => ({ rule, count: Number(count) })),
    ackLatency: [...ackLatency.values()],
  };
}
