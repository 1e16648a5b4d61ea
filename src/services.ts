// The gateway's services on one Redis connection: stores, directory, queues and the use cases' dependencies. Built
// by main.ts once per connection (the API's fail-fast one, the workers' retry-forever one).
import { createHmac, randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { createDeadlineQueue, type DeadlineQueue } from "../queue/ack-deadline-queue.js";
import { createDeliveryQueue, type DeliveryQueue } from "../queue/delivery-queue.js";
import { handOver } from "./background/outbox-dispatcher.js";
import { createClientRegistry } from "./access/clients.js";
import type { GatewayConfig } from "./config/schema.js";
import type { Sealer } from "./crypto/keyring.js";
import type { Pkcs7Signer } from "./crypto/pkcs7.js";
import { systemClock, type Clock } from "./domain/clock.js";
import type { Logger } from "./log.js";
import { createDirectory, type Directory } from "./routing/directory.js";
import { createAuditLog } from "./store/audit-log.js";
import { createBlobStore } from "./store/blob-store.js";
import type { BlobFiles } from "./store/blob-files.js";
import { createBreakerStore } from "./store/breaker-store.js";
import type { AuditCheckpoints } from "./store/audit-checkpoints.js";
import { createCounters } from "./store/counters.js";
import { compileRegionalRules } from "./regional/rules.js";
import { createLegacyIds } from "./store/legacy-ids.js";
import { createLegacyPairing } from "./store/legacy-pairing.js";
import { createLegacyReceipts } from "./store/legacy-receipts.js";
import { createMailboxStore } from "./store/mailbox-store.js";
import type { Keys } from "./store/keys.js";
import { createMessageStore } from "./store/message-store.js";
import { createOutboxParking } from "./store/outbox-parking.js";
import { createVansEnvelopes } from "./store/vans-envelopes.js";
import { createRateLimiter } from "./store/rate-limiter.js";
import type { UseCaseDeps } from "./usecases/deps.js";

export interface Services {
  deps: UseCaseDeps;
  /** The Redis key names of this gateway's prefix (stores built beside the use cases' ones share them). */
  keys: Keys;
  /** The national network's configuration (issue 16): the workers build the one VANS transport from it. */
  network?: GatewayConfig["network"];
  pkcs7?: Pkcs7Signer;
  queue: DeliveryQueue;
  deadlines: DeadlineQueue;
  /** Resolves once the work answered requests left behind (audit moves, hand-overs) has finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface ServiceOptions {
  redis: Redis;
  prefix: string;
  config: GatewayConfig;
  log: Logger;
  sealer: Sealer;
  /** The gateway's PKCS#7 signer for webhook receivers that ask for it. */
  pkcs7?: Pkcs7Signer;
  retryBaseDelayMs?: number;
  /** The audit trail's checkpoints outside Redis, one per process (main.ts); default: in memory only. */
  auditCheckpoints?: AuditCheckpoints;
  /** GATEWAY_BLOB_DIR's chunk files (blob-files.ts), shared by the process's API and workers; default: in Redis. */
  blobFiles?: BlobFiles;
  /** The clock every use case, worker and counter reads (issue 14, point 4); default: the system clock. */
  clock?: Clock;
  /** The process's live directory (gateway-directory.ts), shared by its API and workers; default: the
   *  configuration's locations alone (and the default route). */
  directory?: Directory;
}

export function createServices({
  redis,
  prefix,
  config,
  log,
  sealer,
  pkcs7,
  retryBaseDelayMs,
  auditCheckpoints,
  clock = systemClock,
  directory,
  blobFiles,
}: ServiceOptions): Services {
  const store = createMessageStore(redis, prefix, sealer, (found) =>
    log.error(found, "a stored value fails its integrity check (issue 11, point 8): not served, not delivered"),
  );
  const { now } = clock;
  const queue = createDeliveryQueue({
    connection: redis,
    prefix,
    attempts: config.policy.deliveryAttempts,
    onError: (err) => log.debug({ err: err.message }, "delivery queue connection error"),
    ...(retryBaseDelayMs !== undefined ? { retryBaseDelayMs } : {}),
  });
  const deadlines = createDeadlineQueue(redis, prefix, log, now);
  // Work answers no longer wait for (usecases/steps/accept.ts): kept here until done, so shutdown can wait for it.
  const afterAnswer = new Set<Promise<void>>();
  const idle = async () => {
    while (afterAnswer.size > 0) await Promise.all(afterAnswer);
  };
  const auditLog = createAuditLog(redis, prefix, sealer.auditKey, auditCheckpoints, log);
  const cprHash = (cpr: string) => createHmac("sha256", sealer.auditKey).update(`cpr:${cpr}`).digest("hex");
  const auditEntry: UseCaseDeps["auditEntry"] = ({ cpr, ...event }) => ({
    at: now().toISOString(),
    ...event,
    ...(cpr ? { cprHash: cprHash(cpr) } : {}),
  });
  const vans = createVansEnvelopes(redis, store.keys, config.policy.retentionDays);
  const deps: UseCaseDeps = {
    store,
    mailboxes: createMailboxStore(redis, prefix),
    directory:
      directory ??
      createDirectory(
        config.locations,
        config.network?.defaultRoute ? { defaultRoute: config.network.defaultRoute } : {},
      ),
    clients: createClientRegistry(config.clients),
    rateLimiter: createRateLimiter(redis, prefix),
    policy: config.policy,
    ...(config.regional ? { regional: compileRegionalRules(config.regional) } : {}),
    handOver: (id, send) => handOver(id, send, { store, queue, now }),
    scheduleResend: (id, send, delayMs, reason) => deadlines.schedule(id, send, delayMs, reason),
    ackDeadlines: deadlines.deadlines,
    auditLog,
    afterAnswer(work) {
      // The work logs its own failures; this only keeps it until it is done.
      const kept = work.catch(() => undefined).finally(() => afterAnswer.delete(kept));
      afterAnswer.add(kept);
    },
    counters: createCounters(redis, prefix, now),
    outboxParking: createOutboxParking(redis, store.keys),
    breakers: createBreakerStore(redis, store.keys),
    legacyIds: createLegacyIds(redis, store.keys),
    legacyPairing: createLegacyPairing(redis, store.keys, sealer),
    legacyReceipts: createLegacyReceipts(redis, store.keys, sealer),
    vansSent: vans.sent,
    vansReceived: vans.received,
    // Every role gets it: the API writes blobs while bodies stream in, the workers and mailbox fetches read them.
    blobs: createBlobStore(redis, prefix, sealer, blobFiles),
    async audit(event) {
      await auditLog.append(auditEntry(event));
    },
    auditEntry,
    newId: randomUUID,
    now,
    log,
  };
  return {
    deps,
    keys: store.keys,
    ...(config.network ? { network: config.network } : {}),
    ...(pkcs7 ? { pkcs7 } : {}),
    queue,
    deadlines,
    idle,
    async close() {
      // Work still in flight finishes before its queue closes (a graceful shutdown abandons none of it).
      await idle();
      await queue.close();
      await deadlines.close();
    },
  };
}
