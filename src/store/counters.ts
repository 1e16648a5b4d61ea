// Operational counters kept in Redis, so every process (API and workers) adds to the same figures and any API process
// can report them on /metrics. Labels are location numbers, outcomes and reasons: never message ids or patient data.
import type { Redis } from "ioredis";
import type { Counters, RecentDeliveries } from "../domain/ports/counters.js";

export type * from "../domain/ports/counters.js";

/** Acknowledgement latency buckets, seconds (from delivery to the receiver's answer). */
export const ACK_LATENCY_BUCKETS = [1, 5, 30, 60, 300, 900, 1800, 3600, 7200, 21600, 86400] as const;

const HOUR_MS = 3600_000;
/** Hourly delivery buckets are kept a little over a day: the console's "last 24 hours" reads them. */
const HOURLY_KEEP_SECONDS = 26 * 3600;

/** A counter's hash (the message store's DUPLICATE script counts duplicates in the step that records them). */
export const counterKey = (prefix: string, name: string): string => `${prefix}:counters:${name}`;

export function createCounters(redis: Redis, prefix: string, now: () => Date = () => new Date()): Counters {
  const key = (name: string) => counterKey(prefix, name);
  const hourKey = (hour: number) => key(`deliveries:h:${hour}`);
  const bump = async (name: string, field: string, by = 1) => {
    await redis.hincrbyfloat(key(name), field, by);
  };
  return {
    async deliveryOutcome(receiver, outcome) {
      const at = now();
      const field = `${receiver}|${outcome}`;
      const hour = hourKey(Math.floor(at.getTime() / HOUR_MS));
      await redis
        .pipeline()
        .hincrbyfloat(key("deliveries"), field, 1)
        .hincrby(hour, field, 1)
        .expire(hour, HOURLY_KEEP_SECONDS)
        .hset(key("last-delivery"), field, at.toISOString())
        .exec();
    },
    async recentDeliveries(hours) {
      const current = Math.floor(now().getTime() / HOUR_MS);
      const pipeline = redis.pipeline();
      for (let h = current - hours + 1; h <= current; h++) pipeline.hgetall(hourKey(h));
      pipeline.hgetall(key("last-delivery"));
      const replies = ((await pipeline.exec()) ?? []).map(([, v]) => (v ?? {}) as Record<string, string>);
      const last = replies.pop() ?? {};
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
    },
    duplicate: () => bump("duplicates", "all"),
    resend: (reason) => bump("resends", reason),
    regionalRule: (rule) => bump("regional-rules", rule),
    async ackLatency(seconds, code) {
      const le = ACK_LATENCY_BUCKETS.find((b) => seconds <= b);
      const pipeline = redis.pipeline();
      pipeline.hincrbyfloat(key("ack-latency"), `${code}|${le ?? "+Inf"}`, 1);
      pipeline.hincrbyfloat(key("ack-latency"), `${code}|sum`, seconds);
      await pipeline.exec();
    },
    async read() {
      const [deliveries, duplicates, resends, latency, regional] = await Promise.all(
        ["deliveries", "duplicates", "resends", "ack-latency", "regional-rules"].map((n) => redis.hgetall(key(n))),
      );
      const ackLatency = new Map<
        string,
        { code: string; buckets: Record<string, number>; count: number; sum: number }
      >();
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
    },
  };
}
