// Redis connections, as BullMQ's production guide advises: the API's producer connection fails fast (no offline
// queue, so a request while Redis is down gets a 503 at once and writes nothing), workers' connections retry forever
// (a worker waits out a Redis restart and carries on).
import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "../log.js";
import { judgeDurability, readPersistence } from "./durability.js";
import { judgeListpackValue, readListpackValue } from "./listpack.js";

export type RedisTarget = { url: string } | { path: string };

function optionsFor(target: RedisTarget): [string, RedisOptions] | [RedisOptions] {
  return "url" in target ? [target.url, {}] : [{ path: target.path }];
}

function connect(target: RedisTarget, extra: RedisOptions, name: string, log: Logger): Redis {
  const [first, base] = optionsFor(target);
  const options: RedisOptions = { ...(typeof first === "string" ? base : first), ...extra, connectionName: name };
  const redis = typeof first === "string" ? new Redis(first, options) : new Redis(options);
  let down = false;
  // Without a listener ioredis prints every failed reconnect; one line when the link drops and one when it returns.
  redis.on("error", (err: Error) => {
    if (!down) log.warn({ connection: name, err: err.message }, "redis connection lost");
    down = true;
  });
  redis.on("ready", () => {
    if (down) log.info({ connection: name }, "redis connection back");
    down = false;
  });
  return redis;
}

/**
 * A producer command not answered within this long fails (503) instead of holding the request for ever: a Redis that
 * is frozen or behind a dropped route sends no reset, and nothing else would end the wait (issue 12 leftover). Well
 * above any honest command: the largest value, a 140 MiB body, crosses a gigabit link in about a second.
 */
export const PRODUCER_COMMAND_TIMEOUT_MS = 10_000;

/** For the HTTP API and its stores: commands fail at once while Redis is unreachable. */
export function producerConnection(target: RedisTarget, log: Logger): Redis {
  return connect(
    target,
    {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: PRODUCER_COMMAND_TIMEOUT_MS,
      retryStrategy: (n) => Math.min(n * 100, 1000),
    },
    "producer",
    log,
  );
}

/** For BullMQ workers and the outbox dispatcher: every command waits until Redis is back. */
export function workerConnection(target: RedisTarget, log: Logger): Redis {
  return connect(
    target,
    { maxRetriesPerRequest: null, enableOfflineQueue: true, retryStrategy: (n) => Math.min(n * 200, 2000) },
    "worker",
    log,
  );
}

/** whenReady's timeout: Redis did not answer (a reason to wait for it again, not a refusal). */
export class RedisNotReadyError extends Error {}

/** Wait until a fail-fast connection is ready (start-up), or fail with the reason after `timeoutMs`. */
export async function whenReady(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === "ready") return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new RedisNotReadyError(`Redis did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off("ready", onReady);
    };
    redis.on("ready", onReady);
  });
}

/** Close a connection, politely if it is up, at once otherwise. */
export async function closeConnection(redis: Redis): Promise<void> {
  if (redis.status === "ready") await redis.quit().catch(() => redis.disconnect());
  else redis.disconnect();
}

export interface ExternalRedisCheck {
  refuse?: string;
  warnings: string[];
}

/**
 * An external Redis must never evict the gateway's keys (a queued message would vanish), and must sync every write
 * to disk (issue 12, point 2: see durability.ts); a small hash-max-listpack-value is a warning (listpack.ts). INFO for the eviction policy: managed Redis services often disable
 * CONFIG; durability.ts falls back to INFO the same way.
 */
export async function checkExternalRedis(redis: Redis, acceptDataLoss = false): Promise<ExternalRedisCheck> {
  const memory = await redis.info("memory");
  const policy = /maxmemory_policy:(\S+)/.exec(memory)?.[1];
  const durability = judgeDurability(await readPersistence(redis), acceptDataLoss);
  const listpack = judgeListpackValue(await readListpackValue(redis));
  const warnings = [durability.warning, listpack].filter((w): w is string => w !== undefined);
  const refusals = [
    ...(policy !== undefined && policy !== "noeviction"
      ? [`Redis maxmemory-policy is ${policy}: it may evict queued messages. Set maxmemory-policy noeviction.`]
      : []),
    ...(durability.refuse ? [durability.refuse] : []),
  ];
  return refusals.length > 0 ? { refuse: refusals.join("\n"), warnings } : { warnings };
}

/** Errors that mean "Redis is not there right now" (→ 503), as opposed to a bug. */
export function isRedisUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code ?? "";
  return (
    err.name === "MaxRetriesPerRequestError" ||
    ["ECONNREFUSED", "ECONNRESET", "ENOENT", "EPIPE", "ETIMEDOUT"].includes(code) ||
    /enableOfflineQueue|Connection is closed|Stream isn't writeable|LOADING|connect ETIMEDOUT|Command timed out/.test(
      err.message,
    )
  );
}
