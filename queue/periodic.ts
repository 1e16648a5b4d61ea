// A background pass run every `everyMs` in one process, never two passes of it at once (each waits for the one before),
// and a failed pass logged and not fatal: the next one tries again. `stop()` resolves once the running pass is over,
// so a shutdown never cuts a pass in half.
import type { Logger } from "../src/log.js";

export interface Periodic {
  stop(): Promise<void>;
}

export function runPeriodically(pass: () => Promise<unknown>, everyMs: number, log: Logger, what: string): Periodic {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(() => pass().catch((err: unknown) => log.warn({ err: String(err) }, `${what} failed`)));
  }, everyMs);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
