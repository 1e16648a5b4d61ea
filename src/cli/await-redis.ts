// Before `serve` starts a process on an external Redis (REDIS_URL), wait for that Redis (issue 12, point 6): the
// HTTP port answers not-ready meanwhile (api and all roles), and SIGTERM or SIGINT during the wait ends the process
// cleanly, having started nothing. The embedded Redis needs no wait: the gateway starts it itself.
import type { ServerOptions } from "node:https";
import type { GatewayEnv } from "../config/load.js";
import { listenNotReady, type NotReadyServer } from "../http/not-ready-server.js";
import { tlsServerOptions } from "../http/tls.js";
import type { Logger } from "../log.js";
import type { Role } from "../main.js";
import { waitForExternalRedis } from "../redis/wait-for-redis.js";

/** True when Redis answers (go on and start); false when a signal asked the process to stop first. */
export async function awaitExternalRedis(env: GatewayEnv, role: Role, log: Logger): Promise<boolean> {
  if (!env.redisUrl) return true;
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    log.info({ signal }, "stopping while waiting for Redis; nothing was started");
    abort.abort();
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  let placeholder: NotReadyServer | undefined;
  try {
    if (role !== "worker") placeholder = await notReadyServer(env, log);
    return await waitForExternalRedis({ url: env.redisUrl, log, signal: abort.signal });
  } finally {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
    await placeholder?.close();
  }
}

async function notReadyServer(env: GatewayEnv, log: Logger): Promise<NotReadyServer | undefined> {
  let tls: ServerOptions | undefined;
  try {
    tls = env.tls ? tlsServerOptions(env.tls) : undefined;
    return await listenNotReady(env.port, tls);
  } catch (err) {
    // The gateway's own start reports a bad TLS file or a taken port with its usual message; no placeholder then.
    log.debug({ err: err instanceof Error ? err.message : String(err) }, "no not-ready listener while waiting");
    return undefined;
  }
}
