// "A new directory generation is current" between processes (issue 16): the swap script publishes the generation on
// the directory channel; every process listens on a connection of its own (a subscribed connection can do nothing
// else). ioredis subscribes again after a reconnect; a notice lost meanwhile is caught by the live directory's poll.
import type { Redis } from "ioredis";
import type { Logger } from "../log.js";
import type { DirectoryNotices } from "../routing/live-directory.js";
import { directoryKeys } from "./directory-store.js";

export function directoryNotices(redis: Redis, prefix: string, log: Logger): DirectoryNotices {
  const channel = directoryKeys(prefix).channel;
  return async (onNotice) => {
    const subscriber = redis.duplicate({
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      commandTimeout: undefined,
    });
    subscriber.on("error", (err: Error) => log.debug({ err: err.message }, "directory notices: connection error"));
    // The message itself is not trusted or needed: the live directory reads the meta and decides.
    subscriber.on("message", (from: string) => {
      if (from === channel) onNotice();
    });
    await subscriber.subscribe(channel);
    return async () => {
      await subscriber.quit().catch(() => subscriber.disconnect());
    };
  };
}
