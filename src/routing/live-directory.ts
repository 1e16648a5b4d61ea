// The directory every process routes with (issue 16, point 3): the configured locations, the current imported
// generation and the default route, as one synchronous Directory whose contents are swapped whole when another
// process imports. A process hears of an import at once (the store's notice: Redis pub/sub) and, should a notice be
// lost (a reconnect), from a poll of the import's meta every 10 s. A reload that fails keeps the directory it has and
// says so in the log: routing never falls back to "nothing imported" because Redis blinked.
import type { DirectoryStore } from "../domain/ports/directory-store.js";
import type { Logger } from "../log.js";
import { createDirectory, type Directory, type DirectoryOptions, type Location } from "./directory.js";

export const DIRECTORY_POLL_MS = 10_000;

/** Subscribe to "a new generation is current": `ready` once subscribed, `close` at any time (also before). */
export type DirectoryNotices = (onNotice: () => void) => { ready: Promise<void>; close: () => Promise<void> };

export interface LiveDirectoryOptions {
  locations: readonly Location[];
  defaultRoute?: DirectoryOptions["defaultRoute"];
  store: DirectoryStore;
  notices?: DirectoryNotices;
  pollMs?: number;
  log: Logger;
}

export interface LiveDirectory extends Directory {
  /** Load the store's current generation if it is not the one held; true when the directory changed. Throws when
   *  the store cannot be read (start-up decides what that means; the watchers log it and keep the old one). */
  reload(): Promise<boolean>;
  /** First load, then watch for imports (notices and poll). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createLiveDirectory(options: LiveDirectoryOptions): LiveDirectory {
  const { locations, store, log } = options;
  const defaultRoute = options.defaultRoute ? { defaultRoute: options.defaultRoute } : {};
  let current = createDirectory(locations, defaultRoute);
  let running: Promise<boolean> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => Promise<void>) | undefined;

  const loadOnce = async (): Promise<boolean> => {
    const meta = await store.meta();
    if (meta === undefined || meta.generation === current.lastImport()?.generation) return false;
    const imported = await store.entries();
    if (!imported || imported.meta.generation === current.lastImport()?.generation) return false;
    current = createDirectory(locations, { ...defaultRoute, imported });
    log.info(
      { generation: imported.meta.generation, entries: imported.meta.entries },
      "directory: imported generation loaded",
    );
    return true;
  };
  // One load at a time; a notice during a load runs one more after it (the import it announces may be newer).
  const reload = (): Promise<boolean> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        let changed = await loadOnce();
        while (again) {
          again = false;
          changed = (await loadOnce()) || changed;
        }
        return changed;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const watch = () => {
    reload().catch((err: unknown) =>
      log.warn(
        { err: err instanceof Error ? err.message : String(err) },
        "directory: reload failed; keeping the directory loaded before",
      ),
    );
  };

  return {
    get: (gln) => current.get(gln),
    resolveRoute: (gln) => current.resolveRoute(gln),
    search: (query) => current.search(query),
    all: () => current.all(),
    configured: () => current.configured(),
    lastImport: () => current.lastImport(),
    reload,
    async start() {
      await reload();
      timer = setInterval(watch, options.pollMs ?? DIRECTORY_POLL_MS);
      timer.unref();
      const notices = options.notices?.(watch);
      unsubscribe = notices?.close;
      await notices?.ready;
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await unsubscribe?.();
      unsubscribe = undefined;
      await running?.catch(() => undefined);
    },
  };
}
