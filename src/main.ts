// The composition root (ARCHITECTURE.md): config → Redis → stores and queue → HTTP and workers → ordered shutdown.
// Roles: `all` (one process does everything, the default), `api` (HTTP only), `worker` (deliveries and the outbox).
import { existsSync } from "node:fs";
import type { Server as HttpServer } from "node:http";
import { join, resolve } from "node:path";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import type { Redis } from "ioredis";
import { keyringPathOf, type GatewayEnv } from "./config/load.js";
import { RedisLostAtStartup, StartupError } from "./startup-error.js";
import { createSealer, newKeyringFile, writeKeyringFile, type Sealer } from "./crypto/keyring.js";
import { createPkcs7Signer, type Pkcs7Signer } from "./crypto/pkcs7.js";
import type { GatewayConfig } from "./config/schema.js";
import type { Hono } from "hono";
import { createApp } from "./http/app.js";
import type { AppEnv } from "./http/env.js";
import { createMetrics } from "./http/metrics.js";
import { readinessCheck } from "./http/readiness.js";
import { applyServerLimits, DEFAULT_HTTP_LIMITS, serverOptionsOf } from "./http/server-limits.js";
import { readKeyAndCertificate, refreshTlsFiles, tlsServerOptions } from "./http/tls.js";
import { createServices } from "./services.js";
import { gatewayDirectory } from "./gateway-directory.js";
import { createSessionStore } from "./store/session-store.js";
import { deriveAuditKeys } from "./store/audit-chain.js";
import { createAuditCheckpoints } from "./store/audit-checkpoints.js";
import { openBlobFiles } from "./store/blob-files.js";
import { startWorkers } from "./workers.js";
import { createBackgroundQueue } from "../queue/scheduled-passes.js";
import { breakerViews } from "./usecases/admin/directory-health.js";
import { systemClock, type Clock } from "./domain/clock.js";
import type { Logger } from "./log.js";
import {
  checkExternalRedis,
  closeConnection,
  isRedisUnavailable,
  producerConnection,
  RedisNotReadyError,
  whenReady,
  workerConnection,
  type RedisTarget,
} from "./redis/connections.js";
import {
  REDIS_MISSING_MESSAGE,
  redisServerAvailable,
  startEmbeddedRedis,
  type EmbeddedRedis,
} from "./redis/embedded.js";

export type Role = "all" | "api" | "worker";

export interface GatewayOptions {
  env: GatewayEnv;
  config: GatewayConfig;
  role: Role;
  log: Logger;
  /** Tests shorten the retry backoff; production keeps queue/policy.ts's. */
  retryBaseDelayMs?: number;
  /** The clock every part reads the time from (issue 14, point 4); default: the system clock. */
  clock?: Clock;
}

export interface RunningGateway {
  /** The HTTP port (api and all roles). */
  port?: number;
  /** The HTTP app (api and all roles): its route table is what /openapi.json must describe. */
  app?: Hono<AppEnv>;
  embeddedRedis?: EmbeddedRedis;
  stop(): Promise<void>;
}

export { StartupError };

/** Redis not answering or the connection dropped, as opposed to a refusal or a bug (see isRedisUnavailable). */
const redisGone = (err: unknown): boolean => err instanceof RedisNotReadyError || isRedisUnavailable(err);

async function redisTarget(env: GatewayEnv, log: Logger): Promise<{ target: RedisTarget; embedded?: EmbeddedRedis }> {
  if (env.redisUrl) return { target: { url: env.redisUrl } };
  if (!redisServerAvailable()) throw new StartupError(REDIS_MISSING_MESSAGE);
  const embedded = await startEmbeddedRedis(env.dataDir, log);
  return { target: { path: embedded.socketPath }, embedded };
}

/**
 * The keyring: GATEWAY_ENCRYPTION_KEY_FILE, or — for the self-contained embedded set-up only — one generated in the
 * data directory on first start. With an external Redis the key must be given: several processes share it.
 */
function keyringPath(env: GatewayEnv, log: Logger): string {
  if (env.encryptionKeyFile) return env.encryptionKeyFile;
  if (env.redisUrl) {
    throw new StartupError(
      "With REDIS_URL set, GATEWAY_ENCRYPTION_KEY_FILE must name the keyring every gateway process shares; " +
        "create one with `medcom-gateway keys init <file>`.",
    );
  }
  const path = keyringPathOf(env);
  if (!existsSync(path)) {
    writeKeyringFile(path, newKeyringFile(), { exclusive: true });
    log.warn({ path }, "generated a new encryption keyring; back it up: without it stored messages cannot be read");
  }
  return path;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { env, config, role, log } = options;
  const clock = options.clock ?? systemClock;
  if (role !== "all" && !env.redisUrl) {
    throw new StartupError(`--role ${role} shares a Redis with other processes: set REDIS_URL.`);
  }
  let sealer: Sealer;
  try {
    sealer = createSealer(keyringPath(env, log));
  } catch (err) {
    if (err instanceof StartupError) throw err;
    throw new StartupError(`Cannot read the encryption keyring: ${err instanceof Error ? err.message : String(err)}`);
  }
  let tls: ReturnType<typeof tlsServerOptions> | undefined;
  let pkcs7: Pkcs7Signer | undefined;
  try {
    tls = env.tls ? tlsServerOptions(env.tls) : undefined;
    // The gateway signs with GATEWAY_SIGNING_CERT, or else with its TLS server certificate.
    const signing = env.signing ?? env.tls;
    pkcs7 = signing ? createPkcs7Signer(readKeyAndCertificate(signing)) : undefined;
  } catch (err) {
    throw new StartupError(`Cannot read the TLS or signing files: ${err instanceof Error ? err.message : String(err)}`);
  }
  // GATEWAY_BLOB_DIR (issue 17): large attachments' chunks as files, one folder every role
  // of this host shares; opened before anything that would need closing if it fails.
  const blobFiles = env.blobDir
    ? await openBlobFiles(resolve(env.blobDir)).catch((err: unknown) => {
        throw new StartupError(`GATEWAY_BLOB_DIR is not usable: ${(err as Error).message}`);
      })
    : undefined;
  const wantsPkcs7 = config.locations.find((l) => l.delivery.adapter === "webhook" && l.delivery.signature === "pkcs7");
  if (wantsPkcs7 && !pkcs7) {
    throw new StartupError(
      `${wantsPkcs7.name} asks for PKCS#7 signatures: set GATEWAY_SIGNING_CERT and GATEWAY_SIGNING_KEY (or TLS_CERT).`,
    );
  }
  const { target, embedded } = await redisTarget(env, log);
  const producer = producerConnection(target, log);
  const connections: Redis[] = [producer];
  const closers: (() => Promise<void>)[] = [];
  try {
    await whenReady(producer);
    if (!embedded) {
      const check = await checkExternalRedis(producer, env.acceptRedisDataLoss === true);
      for (const warning of check.warnings) log.warn(warning);
      if (check.refuse) throw new StartupError(check.refuse);
    }
  } catch (err) {
    await closeConnection(producer);
    await embedded?.stop();
    if (err instanceof StartupError) throw err;
    // Redis gone again between `serve`'s wait and here: `serve` waits for it again. Anything else (a Redis that
    // refuses INFO, say) is a one-line message and exit 1, not a stack trace.
    const message = `Redis is not usable: ${(err as Error).message}`;
    throw redisGone(err) && !embedded ? new RedisLostAtStartup(message) : new StartupError(message);
  }

  const prefix = env.keyPrefix;
  // The audit trail's anchor outside Redis (issue 11, point 5): one per process, shared by its API and workers.
  const auditCheckpoints = createAuditCheckpoints({
    file: join(resolve(env.dataDir), "audit", "checkpoints.jsonl"),
    prefix,
    key: deriveAuditKeys(sealer.auditKey).checkpoint,
    log,
    now: clock.now,
  });
  closers.push(() => auditCheckpoints.close());
  // The imported directory is read before anything routes (a letter to an imported location must not meet a
  // directory without it); Redis failing here fails the start like the queues below.
  const directory = gatewayDirectory(producer, prefix, config, log);
  closers.push(() => directory.stop());
  const serviceOptions = {
    ...(blobFiles ? { blobFiles } : {}),
    directory,
    auditCheckpoints,
    clock,
    prefix,
    config,
    log,
    sealer,
    ...(pkcs7 ? { pkcs7 } : {}),
    ...(options.retryBaseDelayMs !== undefined ? { retryBaseDelayMs: options.retryBaseDelayMs } : {}),
  };
  const api = createServices({ redis: producer, ...serviceOptions });
  closers.push(() => api.close());
  // Answered requests' audit moves and hand-overs (issue 17, point 3) finish before the checkpoints and queues close.
  closers.unshift(() => api.idle());
  try {
    // BullMQ reads the server's version once when a queue is made; on this fail-fast connection a drop in that round
    // trip would leave the queue refusing every job for the life of the process (BullMQ keeps the failed start).
    await Promise.all([api.queue.queue.waitUntilReady(), api.deadlines.queue.waitUntilReady(), directory.start()]);
  } catch (err) {
    for (const close of closers) await close().catch(() => undefined);
    await closeConnection(producer);
    await embedded?.stop();
    const message = `Redis is not usable: ${(err as Error).message}`;
    throw redisGone(err) && !embedded ? new RedisLostAtStartup(message) : new StartupError(message);
  }

  if (role !== "api") {
    const workerRedis = workerConnection(target, log);
    connections.push(workerRedis);
    const background = createServices({ redis: workerRedis, ...serviceOptions });
    const stopWorkers = startWorkers(workerRedis, prefix, background, {
      inboxMaxBytes: env.maxBodyBytes,
      ...(env.maxLargeDeliveries !== undefined ? { maxLargeDeliveries: env.maxLargeDeliveries } : {}),
      ...(blobFiles ? { blobFiles } : {}),
    });
    // Stop taking jobs and let running ones finish (BullMQ's close waits for them) before the queues close.
    closers.unshift(stopWorkers, () => background.close());
  }

  let server: ServerType | undefined;
  let draining = false;
  let port: number | undefined;
  let app: Hono<AppEnv> | undefined;
  if (role !== "worker") {
    const queues = [api.queue.queue, api.deadlines.queue];
    // The background passes' queue is shown in the board (their schedulers and last runs), not in readiness or
    // metrics: a pass late by a tick is no reason to refuse requests.
    const backgroundQueue = createBackgroundQueue(producer, prefix);
    closers.push(() => backgroundQueue.close());
    const parking = api.deps.outboxParking;
    const metrics = createMetrics(
      {
        counters: api.deps.counters,
        queues,
        overdueAcknowledgements: () =>
          api.deps.store.countAwaitingAckSince(clock.now().getTime() - config.policy.ackTimeoutMinutes * 60_000),
        ...(parking ? { outboxParked: () => parking.countByReason() } : {}),
        locationBreakers: () => breakerViews(api.deps),
        legacyPairsWaiting: () => api.deps.legacyPairing.count(),
        ackDeadlines: () => api.deadlines.deadlines.counts(),
      },
      env.metricsToken !== undefined ? { token: env.metricsToken } : {},
    );
    const httpLimits = { ...DEFAULT_HTTP_LIMITS, ...env.httpLimits };
    const httpApp = createApp({
      httpLimits,
      ...(env.trustedProxies ? { trustedProxies: env.trustedProxies } : {}),
      ...(env.authFailuresPerMinute !== undefined ? { authFailuresPerMinute: env.authFailuresPerMinute } : {}),
      deps: api.deps,
      sessions: createSessionStore(producer, prefix, sealer),
      queues: [...queues, backgroundQueue],
      metrics,
      maxBodyBytes: env.maxBodyBytes,
      log,
      readiness: readinessCheck({
        redis: producer,
        queues,
        sealer,
        draining: () => draining,
      }),
    });
    server = await new Promise<ServerType>((resolve) => {
      const serverOptions = serverOptionsOf(httpLimits);
      const options = tls
        ? { createServer: createHttpsServer, serverOptions: { ...tls, ...serverOptions } }
        : { serverOptions };
      const s = serve({ fetch: httpApp.fetch, port: env.port, ...options }, () => resolve(s));
    });
    applyServerLimits(server as HttpServer, httpLimits);
    app = httpApp;
    if (tls && env.tls?.clientCrlFile) {
      const stopRefresh = refreshTlsFiles(server as HttpsServer, env.tls, log); // a new CRL without a restart
      closers.unshift(() => Promise.resolve(stopRefresh()));
    }
    port = (server.address() as AddressInfo).port;
    log.info({ port, role, tls: tls !== undefined }, "medcom-gateway listening");
  }

  let stopping: Promise<void> | undefined;
  const stop = async () => {
    // Not ready any more (a load balancer stops sending), then stop accepting (in-flight requests finish), then
    // workers, queues, connections, and our Redis last.
    draining = true;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    for (const close of closers) await close().catch((err: unknown) => log.warn({ err: String(err) }, "close failed"));
    for (const redis of connections) await closeConnection(redis);
    await embedded?.stop();
    log.info("medcom-gateway stopped");
  };
  return {
    ...(port !== undefined ? { port } : {}),
    ...(app ? { app } : {}),
    ...(embedded ? { embeddedRedis: embedded } : {}),
    stop: () => (stopping ??= stop()),
  };
}
