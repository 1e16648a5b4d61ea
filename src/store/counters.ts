// Operational counters kept in Redis, so every process (API and workers) adds to the same figures and any API process
// can report them on /metrics. Labels are location numbers, outcomes and reasons: never message ids or patient data.
import type { Redis } from "ioredis";
import { systemClock, type Now } from "../domain/clock.js";
import type { Counters } from "../domain/ports/counters.js";
import { recentFrom, snapshotFrom } from "./counter-figures.js";

import { ACK_LATENCY_BUCKETS, HOUR_MS } from "./counter-figures.js";

/** Hourly delivery buckets are kept a little over a day: the console's "last 24 hours" reads them. */
export const HOURLY_KEEP_SECONDS = 26 * 3600;

/** A counter's hash (the message store's DUPLICATE script counts duplicates in the step that records them). */
export const counterKey = (prefix: string, name: string): string => `${prefix}:counters:${name}`;

/** The three hashes one delivery outcome is counted in: the total, its hour's bucket, the last time (the mailbox
 *  hand-over counts its delivery in the same script, mailbox-delivery.ts). */
export function deliveryCounterKeys(prefix: string, atMs: number): { total: string; hour: string; last: string } {
  return {
    total: counterKey(prefix, "deliveries"),
    hour: counterKey(prefix, `deliveries:h:${Math.floor(atMs / HOUR_MS)}`),
    last: counterKey(prefix, "last-delivery"),
  };
}

export function createCounters(redis: Redis, prefix: string, now: Now = systemClock.now): Counters {
  const key = (name: string) => counterKey(prefix, name);
  const hourKey = (hour: number) => key(`deliveries:h:${hour}`);
  const bump = async (name: string, field: string, by = 1) => {
    await redis.hincrbyfloat(key(name), field, by);
  };
  return {
    async deliveryOutcome(receiver, outcome) {
      const at = now();
      const field = `${receiver}|${outcome}`;
      const keys = deliveryCounterKeys(prefix, at.getTime());
      await redis
        .pipeline()
        .hincrbyfloat(keys.total, field, 1)
        .hincrby(keys.hour, field, 1)
        .expire(keys.hour, HOURLY_KEEP_SECONDS)
        .hset(keys.last, field, at.toISOString())
        .exec();
    },
    async recentDeliveries(hours) {
      const current = Math.floor(now().getTime() / HOUR_MS);
      const pipeline = redis.pipeline();
      for (let h = current - hours + 1; h <= current; h++) pipeline.hgetall(hourKey(h));
      pipeline.hgetall(key("last-delivery"));
      const replies = ((await pipeline.exec()) ?? []).map(([, v]) => (v ?? {}) as Record<string, string>);
      const last = replies.pop() ?? {};
      return recentFrom(replies, last);
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
      return snapshotFrom({ deliveries, duplicates, resends, latency, regional });
    },
  };
}
