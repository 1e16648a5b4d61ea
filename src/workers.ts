// The worker role: the delivery worker (and the drain of the former deadline queue), and the background passes
// (src/background: the acknowledgement deadlines' sweep, the outbox's hand-over, the audit drain, the retention sweep, the file-drop inboxes, the legacy pairing timeout, the VANS inbox) as BullMQ job schedulers. Returns
// one function that stops them in order (running jobs and passes finish first).
import { hostname } from "node:os";
import type { Redis } from "ioredis";
import { adapterCache, vansTransportFor } from "../adapters/loader.js";
import { drainPendingAudit } from "./background/audit-drainer.js";
import { createLegacyDeadlineWorker } from "../queue/ack-deadline-queue.js";
import { ACK_DEADLINE_SWEEP_MS, sweepAckDeadlines } from "../queue/ack-deadline-sweep.js";
import { createDeliveryWorker } from "../queue/delivery-queue.js";
import { breakerGateFor } from "../queue/breaker-wiring.js";
import { largeDeliverySlots } from "../queue/large-delivery-gate.js";
import { fileDropInboxes, INBOX_POLL_MS, pollInboxes } from "./background/inbox-poller.js";
import { pollVansInbox, VANS_INBOX_PASS } from "./background/vans-inbox.js";
import { createEnvelopeClaims } from "./store/vans-claims.js";
import { LEGACY_PAIRING_PASS_MS, timeOutLegacyPairs } from "./background/legacy-pairing-timeout.js";
import { outboxPass } from "./background/outbox-dispatcher.js";
import { RETENTION_SWEEP_MS, sweepRetention } from "./background/retention-sweeper.js";
import { BLOB_FILE_SWEEP_MS, sweepBlobFiles } from "./background/blob-file-sweeper.js";
import type { BlobFiles } from "./store/blob-files.js";
import { AUDIT_DRAIN_POLL_MS, OUTBOX_POLL_MS } from "../queue/policy.js";
import { keysFor } from "./store/keys.js";
import { startScheduledPasses, type ScheduledPass } from "../queue/scheduled-passes.js";
import { createOutboxParking } from "./store/outbox-parking.js";
import type { Services } from "./services.js";
import { MEDCOM_CONVERSIONS } from "./usecases/deliver/medcom-conversions.js";

const BLOB_FILES_PASS = "blob-files";

export function startWorkers(
  redis: Redis,
  prefix: string,
  services: Services,
  options: { inboxMaxBytes?: number; maxLargeDeliveries?: number; blobFiles?: BlobFiles } = {},
): () => Promise<void> {
  const { deps, queue, deadlines } = services;
  const { store, mailboxes, directory, policy, now, log } = deps;
  const ackTimeoutMs = policy.ackTimeoutMinutes * 60_000;
  const workerId = `${hostname()}:${process.pid}`;
  // The gateway's one VANS connection (issue 16): every remote location's deliveries go out through it.
  const vans = services.network?.vans;
  const vansTransport = vans ? vansTransportFor(vans) : undefined;
  const vansDeps = vansTransport && { transport: vansTransport, sent: deps.vansSent, now: () => now().getTime() };
  const delivery = createDeliveryWorker(
    { connection: redis, prefix },
    {
      store,
      directory,
      adapterFor: adapterCache({
        mailboxes,
        ...(services.pkcs7 ? { pkcs7: services.pkcs7 } : {}),
        ...(vansDeps ? { vans: vansDeps } : {}),
      }),
      // Acknowledgements are never acknowledged (KR2), so only CareCommunications wait for one.
      scheduleAckDeadline: (record) =>
        record.kind === "acknowledgement"
          ? Promise.resolve()
          : deadlines.schedule(record.id, record.resends, ackTimeoutMs, "no-acknowledgement"),
      // The same deadline, written by the mailbox hand-over in its own step (one round trip fewer, issue 17 point 3).
      ackDeadlineFor: (record) =>
        record.kind === "acknowledgement"
          ? undefined
          : deadlines.scheduleWrite(record.id, record.resends, ackTimeoutMs, "no-acknowledgement"),
      now,
      log,
      workerId,
      counters: deps.counters,
      breaker: breakerGateFor(redis, services, now, log),
      deliveryWindowMs: policy.deliveryWindowHours * 3_600_000,
      // Locations whose first format is "xdis91" get OIOXML, with the ids kept in the legacy id table (issue 15).
      legacy: { legacyIds: deps.legacyIds, conversions: MEDCOM_CONVERSIONS },
      convertLocally: vans?.convertLocally === true,
      // Letters with detached attachments stream from the blob store; at most a few large ones per process (issue 17).
      ...(deps.blobs ? { blobs: deps.blobs } : {}),
      largeSlots: largeDeliverySlots(options.maxLargeDeliveries),
    },
  );
  const deadlineDeps = {
    store,
    handOver: deps.handOver,
    maxResends: policy.maxResends,
    ackTimeoutMs,
    counters: deps.counters,
    newId: deps.newId,
    now,
    log,
  };
  // Deadlines stored as BullMQ delayed jobs before issue 17 (queue/ack-deadline-queue.ts says why a drain).
  const legacyDeadlines = createLegacyDeadlineWorker(redis, prefix, deadlineDeps);
  const parking = deps.outboxParking ?? createOutboxParking(redis, keysFor(prefix));
  const retention = {
    parking,
    store,
    mailboxes,
    auditLog: deps.auditLog,
    glns: directory.configured().map((l) => l.gln),
    retentionDays: policy.retentionDays,
    now,
    log,
  };
  const inboxes = fileDropInboxes(deps);
  // A dropped file is held to the same size limit as a posted body (issue 11, point 3).
  const inboxOptions = options.inboxMaxBytes !== undefined ? { maxBytes: options.inboxMaxBytes } : {};
  const vansClaims = createEnvelopeClaims(redis, prefix, workerId);
  const { blobFiles } = options;
  const passes: ScheduledPass[] = [
    {
      name: "outbox",
      everyMs: OUTBOX_POLL_MS,
      run: outboxPass({ store, queue, parking, now, log, reachable: async () => (await redis.ping()) === "PONG" }),
    },
    {
      name: "audit-drain",
      everyMs: AUDIT_DRAIN_POLL_MS,
      run: () => drainPendingAudit({ auditLog: deps.auditLog, now, log }),
    },
    // Acknowledgement deadlines (DOMAIN.md §2.9 KR7, MR5–MR7): the due ones claimed and run (queue/ack-deadline-sweep.ts).
    {
      name: "ack-deadlines",
      everyMs: ACK_DEADLINE_SWEEP_MS,
      run: () => sweepAckDeadlines(deadlines.deadlines, deadlineDeps),
    },
    { name: "retention", everyMs: RETENTION_SWEEP_MS, run: () => sweepRetention(retention) },
    // Chunk files whose blob expired (GATEWAY_BLOB_DIR, issue 17).
    ...(blobFiles
      ? [
          {
            name: BLOB_FILES_PASS,
            everyMs: BLOB_FILE_SWEEP_MS,
            run: () => sweepBlobFiles(blobFiles, redis, keysFor(prefix), log),
          },
        ]
      : []),
    // XDIS91 ⇄ XBIN01 pairs past MedCom's 60 minutes (issue 15, LEGACY.md §6.7).
    { name: "legacy-pairing", everyMs: LEGACY_PAIRING_PASS_MS, run: () => timeOutLegacyPairs(deps) },
    ...(inboxes.length > 0
      ? [{ name: "inbox", everyMs: INBOX_POLL_MS, run: () => pollInboxes(inboxes, deps, inboxOptions) }]
      : []),
    // The network's envelopes (issue 16), each claimed in Redis so two processes never answer one twice at once.
    ...(vans && vansTransport
      ? [
          {
            name: VANS_INBOX_PASS,
            everyMs: vans.pollSeconds * 1_000,
            run: () => pollVansInbox(vansTransport, deps, { claims: vansClaims }),
          },
        ]
      : []),
  ];
  // Without inboxes configured, a scheduler left from an earlier configuration is removed.
  const background = startScheduledPasses({ connection: redis, prefix }, passes, log, [
    "inbox",
    VANS_INBOX_PASS,
    BLOB_FILES_PASS,
  ]);
  return async () => {
    await background.stop();
    await Promise.all([delivery.close(), legacyDeadlines.close()]);
    await vansTransport?.close();
  };
}
