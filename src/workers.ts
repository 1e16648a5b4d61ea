// The worker role: delivery and acknowledgement-deadline workers, the outbox dispatcher, the retention sweeper and the
// file-drop inboxes. Returns one function that stops them in order (running jobs finish first).
import { hostname } from "node:os";
import type { Redis } from "ioredis";
import { adapterCache } from "../adapters/loader.js";
import { startAuditDrainer } from "../queue/audit-drainer.js";
import { createDeadlineWorker } from "../queue/ack-deadline-queue.js";
import { createDeliveryWorker } from "../queue/delivery-queue.js";
import { breakerGateFor } from "../queue/breaker-wiring.js";
import { startInboxPoller } from "../queue/inbox-poller.js";
import { startOutboxDispatcher } from "../queue/outbox-dispatcher.js";
import { startRetentionSweeper } from "../queue/retention-sweeper.js";
import { keysFor } from "./store/keys.js";
import { createOutboxParking } from "./store/outbox-parking.js";
import type { Services } from "./services.js";

export function startWorkers(
  redis: Redis,
  prefix: string,
  services: Services,
  options: { inboxMaxBytes?: number } = {},
): () => Promise<void> {
  const { deps, queue, deadlines } = services;
  const { store, mailboxes, directory, policy, now, log } = deps;
  const ackTimeoutMs = policy.ackTimeoutMinutes * 60_000;
  const delivery = createDeliveryWorker(
    { connection: redis, prefix },
    {
      store,
      directory,
      adapterFor: adapterCache({ mailboxes, ...(services.pkcs7 ? { pkcs7: services.pkcs7 } : {}) }),
      // Acknowledgements are never acknowledged (KR2), so only CareCommunications wait for one.
      beforeDelivered: (record) =>
        record.kind === "acknowledgement"
          ? Promise.resolve()
          : deadlines.schedule(record.id, record.resends, ackTimeoutMs, "no-acknowledgement"),
      now,
      log,
      workerId: `${hostname()}:${process.pid}`,
      counters: deps.counters,
      breaker: breakerGateFor(redis, services, now, log),
      deliveryWindowMs: policy.deliveryWindowHours * 3_600_000,
    },
  );
  const deadline = createDeadlineWorker(redis, prefix, {
    store,
    handOver: deps.handOver,
    maxResends: policy.maxResends,
    ackTimeoutMs,
    counters: deps.counters,
    newId: deps.newId,
    now,
    log,
  });
  const parking = deps.outboxParking ?? createOutboxParking(redis, keysFor(prefix));
  const dispatcher = startOutboxDispatcher({
    store,
    queue,
    parking,
    now,
    log,
    reachable: async () => (await redis.ping()) === "PONG",
  });
  const auditDrainer = startAuditDrainer({ auditLog: deps.auditLog, now, log });
  const sweeper = startRetentionSweeper({
    parking,
    store,
    mailboxes,
    auditLog: deps.auditLog,
    glns: directory.all().map((l) => l.gln),
    retentionDays: policy.retentionDays,
    now,
    log,
  });
  // A dropped file is held to the same size limit as a posted body (issue 11, point 3).
  const inboxes = startInboxPoller(deps, undefined, {
    ...(options.inboxMaxBytes !== undefined ? { maxBytes: options.inboxMaxBytes } : {}),
  });
  return async () => {
    sweeper.stop();
    await inboxes.stop();
    await dispatcher.stop();
    await auditDrainer.stop();
    await Promise.all([delivery.close(), deadline.close()]);
  };
}
