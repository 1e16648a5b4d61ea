// The one live directory of a gateway process (issue 16), shared by its API and its workers: the configuration's
// locations, the imported generation read from Redis, the default route; reloaded on every import's notice and by
// a 10 s poll.
import type { Redis } from "ioredis";
import type { GatewayConfig } from "./config/schema.js";
import type { Logger } from "./log.js";
import { createLiveDirectory, type LiveDirectory } from "./routing/live-directory.js";
import { directoryNotices } from "./store/directory-notices.js";
import { createDirectoryStore } from "./store/directory-store.js";

export function gatewayDirectory(redis: Redis, prefix: string, config: GatewayConfig, log: Logger): LiveDirectory {
  const defaultRoute = config.network?.defaultRoute;
  return createLiveDirectory({
    locations: config.locations,
    ...(defaultRoute ? { defaultRoute } : {}),
    store: createDirectoryStore(redis, prefix),
    notices: directoryNotices(redis, prefix, log),
    log,
  });
}
