// `serve`'s start (issue 12, point 6): wait for the external Redis, then start; when Redis goes away again during the
// start (RedisLostAtStartup: a restart or power loss of Redis in that moment), wait for it again and start again,
// rather than exiting. Anything else the start refuses (a configuration or a Redis that will not do) still ends it.
import type { Logger } from "../log.js";
import { RedisLostAtStartup } from "../startup-error.js";

/** A pause before waiting again, so a Redis that answers PING yet drops every start cannot make a busy loop. */
export const RESTART_PAUSE_MS = 500;

/**
 * `wait` resolves true when Redis answers (false: a signal asked the process to stop); `start` starts the gateway.
 * Resolves with what `start` returned, or undefined when stopped while waiting.
 */
export async function startRetrying<T>(
  wait: () => Promise<boolean>,
  start: () => Promise<T>,
  log: Logger,
  pause: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T | undefined> {
  for (;;) {
    if (!(await wait())) return undefined;
    try {
      return await start();
    } catch (err) {
      if (!(err instanceof RedisLostAtStartup)) throw err;
      log.warn({ err: err.message }, "Redis went away while starting; waiting for it again");
      await pause(RESTART_PAUSE_MS);
    }
  }
}
