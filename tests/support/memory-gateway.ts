// The use cases' dependencies on the in-memory ports and a fake clock: a gateway without Redis, queues or workers,
// for use-case unit tests that run in milliseconds. What the queues do is played by hand, through the same ports:
// `handOver` moves a message to `queued` (as the outbox's hand-over does), `deliver` is the mailbox worker's atomic
// hand-over plus the acknowledgement deadline it schedules first, and `runDueDeadlines` is the deadline worker firing
// every job whose time (on the fake clock) has come.
import { createHmac, randomUUID } from "node:crypto";
import { createClientRegistry, type Caller } from "../../src/access/clients.js";
import type { GatewayConfig } from "../../src/config/schema.js";
import type { ResendReason } from "../../src/domain/scheduling.js";
import { silentLogger } from "../../src/log.js";
import { createDirectory } from "../../src/routing/directory.js";
import { createMemoryStores, type MemoryStores } from "../../src/store/memory/index.js";
import type { UseCaseDeps } from "../../src/usecases/deps.js";
import { resendUnanswered } from "../../src/usecases/resend/resend-unanswered.js";
import { fakeClock, type FakeClock } from "./clock.js";
import { demoConfig } from "./config.js";

interface Deadline {
  id: string;
  send: number;
  reason: ResendReason;
  dueAt: number;
}

export interface MemoryGateway {
  deps: UseCaseDeps;
  ports: MemoryStores;
  clock: FakeClock;
  config: GatewayConfig;
  caller(clientId: string): Caller;
  /** The mailbox worker's delivery of a queued message: deadline scheduled first, then the atomic hand-over. */
  deliver(id: string): Promise<void>;
  /** The deadline worker: run every deadline due by the fake clock; what each returned, in order. */
  runDueDeadlines(): Promise<string[]>;
  /** Deadlines still waiting. */
  readonly deadlines: readonly Deadline[];
}

/** `configure`: changes to the demo configuration (say, a location that speaks OIOXML: formats "xdis91"). */
export function memoryGateway(
  policy: Partial<GatewayConfig["policy"]> = {},
  configure: (config: GatewayConfig) => GatewayConfig = (config) => config,
): MemoryGateway {
  const config = configure(demoConfig({}, policy));
  const clock = fakeClock();
  const ports = createMemoryStores(clock.now);
  const { store } = ports;
  const deadlines: Deadline[] = [];
  const auditKey = Buffer.alloc(32, 1);
  const auditEntry: UseCaseDeps["auditEntry"] = ({ cpr, ...event }) => ({
    at: clock.now().toISOString(),
    ...event,
    ...(cpr ? { cprHash: createHmac("sha256", auditKey).update(`cpr:${cpr}`).digest("hex") } : {}),
  });
  const handOver = async (id: string) => {
    await store.transition(id, "accepted", "queued", { at: clock.now().toISOString(), type: "queued" });
  };
  const scheduleResend = async (id: string, send: number, delayMs: number, reason: ResendReason) => {
    // One deadline per message, send and reason, as the BullMQ job id makes it.
    if (deadlines.some((d) => d.id === id && d.send === send && d.reason === reason)) return;
    deadlines.push({ id, send, reason, dueAt: clock.ms() + delayMs });
    return Promise.resolve();
  };
  const deps: UseCaseDeps = {
    store,
    mailboxes: ports.mailboxes,
    directory: createDirectory(config.locations),
    clients: createClientRegistry(config.clients),
    rateLimiter: ports.rateLimiter,
    policy: config.policy,
    handOver,
    scheduleResend,
    audit: async (event) => {
      await ports.auditLog.append(auditEntry(event));
    },
    auditEntry,
    auditLog: ports.auditLog,
    counters: ports.counters,
    outboxParking: ports.outboxParking,
    breakers: ports.breakers,
    legacyIds: ports.legacyIds,
    legacyPairing: ports.legacyPairing,
    legacyReceipts: ports.legacyReceipts,
    vansSent: ports.vansSent,
    vansReceived: ports.vansReceived,
    blobs: ports.blobs,
    newId: randomUUID,
    now: clock.now,
    log: silentLogger(),
  };
  const ackTimeoutMs = config.policy.ackTimeoutMinutes * 60_000;
  return {
    deps,
    ports,
    clock,
    config,
    deadlines,
    caller(clientId) {
      const caller = deps.clients.byId(clientId);
      if (!caller) throw new Error(`no client ${clientId} in the demo configuration`);
      return caller;
    },
    async deliver(id) {
      const record = await store.get(id);
      if (!record) throw new Error(`no message ${id}`);
      if (record.kind !== "acknowledgement")
        await scheduleResend(id, record.resends, ackTimeoutMs, "no-acknowledgement");
      const at = clock.now().toISOString();
      const result = await ports.mailboxes.deliver(record.receiver.gln, id, randomUUID(), {
        attempt: { at, type: "delivery-attempt", detail: { adapter: "mailbox", outcome: "delivered" } },
        delivered: { at, type: "delivered" },
      });
      if (result.outcome !== "handed-over") throw new Error(`not delivered: ${JSON.stringify(result)}`);
    },
    async runDueDeadlines() {
      const outcomes: string[] = [];
      const due = deadlines.filter((d) => d.dueAt <= clock.ms()).sort((a, b) => a.dueAt - b.dueAt);
      for (const d of due) {
        deadlines.splice(deadlines.indexOf(d), 1);
        const outcome = await resendUnanswered(d.id, d.send, d.reason, {
          ...deps,
          maxResends: config.policy.maxResends,
          ackTimeoutMs,
        });
        if (typeof outcome === "string") outcomes.push(outcome);
        else {
          deadlines.push({ ...d, dueAt: outcome.postponedUntil });
          outcomes.push("postponed");
        }
      }
      return outcomes;
    },
  };
}
