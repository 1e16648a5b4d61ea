// /readyz (issue: operations): Redis reachable, the queues not paused, the encryption keys loaded, and the node not
// shutting down. A 503 names the failing part first, so a load balancer (and its operator) sees why, and drains the
// node before it stops.
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Sealer } from "../crypto/keyring.js";
import type { ReadinessCheck } from "./health.js";

export interface ReadinessSources {
  redis: Redis;
  queues: readonly Queue[];
  sealer: Sealer;
  draining: () => boolean;
}

export function readinessCheck({ redis, queues, sealer, draining }: ReadinessSources): ReadinessCheck {
  return async () => {
    const checks: Record<string, string> = {};
    checks.shutdown = draining() ? "draining" : "ok";
    const redisOk = await redis.ping().then(
      () => true,
      () => false,
    );
    checks.redis = redisOk ? "ok" : "unreachable";
    for (const queue of queues) {
      const paused = redisOk ? await queue.isPaused().catch(() => undefined) : undefined;
      checks[`queue:${queue.name}`] = paused === undefined ? "unknown" : paused ? "paused" : "ok";
    }
    checks.keys = sealer.currentKeyId ? "ok" : "missing";
    const failing = Object.entries(checks).find(([, state]) => state !== "ok")?.[0];
    return { ready: failing === undefined, checks, ...(failing ? { failing } : {}) };
  };
}
