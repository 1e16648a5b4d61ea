// Issue 12, point 6: a process started while its external Redis is away (a host reboot brings the gateway up before
// Redis, an orchestrator starts everything at once) waits for it instead of dying with a stack trace after ~13 s.
// It retries with a capped backoff, says so in one log line every few seconds, and stops cleanly when asked to.
import { Redis } from "ioredis";
import type { Logger } from "../log.js";

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 5000;
/** At most one "still waiting" line per this interval: readable, yet the operator sees it is alive. */
const LOG_EVERY_MS = 5000;

/** The wait before try `attempt` (1-based): 0.5 s, 1 s, 2 s, 4 s, then 5 s for ever. */
export function retryDelayMs(attempt: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(attempt - 1, 0), MAX_RETRY_MS);
}

/** host:port/db of a Redis URL for the log: never its user name or password. */
export function describeRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "6379"}${u.pathname && u.pathname !== "/" ? u.pathname : ""}`;
  } catch {
    return "(unparsable REDIS_URL)";
  }
}

/** One try: undefined when Redis answers PONG, else why not (an error code or Redis's reply, never a stack). */
export type RedisProbe = () => Promise<string | undefined>;

function pingProbe(url: string): RedisProbe {
  return async () => {
    const probe = new Redis(url, {
      lazyConnect: true,
      connectTimeout: 2000,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    // The socket's error (ECONNREFUSED, ENOTFOUND…) arrives as an event; connect() then only says "Connection is closed".
    let socketError: unknown;
    probe.on("error", (err: unknown) => (socketError ??= err));
    try {
      await probe.connect();
      return (await probe.ping()) === "PONG" ? undefined : "no PONG";
    } catch (thrown) {
      const err = socketError ?? thrown;
      const code = (err as NodeJS.ErrnoException).code;
      // A Redis loading its append-only file answers LOADING: it is there, but not ready.
      return code ?? (err instanceof Error ? err.message.split("\n")[0] : String(err));
    } finally {
      probe.disconnect();
    }
  };
}

export interface WaitForRedisOptions {
  url: string;
  log: Logger;
  /** SIGTERM/SIGINT: stop waiting and start nothing. */
  signal: AbortSignal;
  probe?: RedisProbe;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const abortableSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });

/** Wait until the external Redis answers. True when it does; false when `signal` aborted the wait first. */
export async function waitForExternalRedis(options: WaitForRedisOptions): Promise<boolean> {
  const { url, log, signal } = options;
  const probe = options.probe ?? pingProbe(url);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const redis = describeRedisUrl(url);
  const since = now();
  let lastLog: number | undefined;
  for (let attempt = 1; !signal.aborted; attempt += 1) {
    const reason = await probe();
    if (reason === undefined) {
      if (lastLog !== undefined) log.info({ redis, waitedSeconds: seconds(now() - since) }, "Redis is reachable");
      return true;
    }
    if (signal.aborted) break;
    const delay = retryDelayMs(attempt);
    if (lastLog === undefined || now() - lastLog >= LOG_EVERY_MS) {
      lastLog = now();
      log.warn(
        { redis, reason, attempt, waitedSeconds: seconds(now() - since), nextTryInMs: delay },
        "waiting for Redis: not reachable yet, retrying",
      );
    }
    await sleep(delay, signal);
  }
  return false;
}

const seconds = (ms: number): number => Math.round(ms / 100) / 10;
