// "A new directory generation is current" between processes (issue 16): the swap script publishes the generation on
// the directory channel; every process listens on a connection of its own (a subscribed connection can do nothing
// else). ioredis subscribes again after a reconnect; a notice lost meanwhile is caught by the live directory's poll.
import type { Redis } from "ioredis";
import type { Logger } from "../log.js";
import type { DirectoryNotices } from "../routing/live-directory.js";
import { directoryKeys } from "./directory-store.js";

export function directoryNotices(redis: Redis, prefix: string, log: Logger): DirectoryNotices {
  const channel = directoryKeys(prefix).channel;
  return (onNotice) => {
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
    // Closable at once, even while the subscription waits for a Redis that is away (a start that fails meanwhile
    // must not leave a connection retrying for the life of the process).
    const ready = subscriber.subscribe(channel).then(
      () => undefined,
      (err: unknown) => log.warn({ err: String(err) }, "directory notices: not subscribed; the poll remains"),
    );
    return {
      ready,
      close: () => {
        subscriber.disconnect();
        return Promise.resolve();
      },
    };
  };
}
