// Issue 12, point 7: an acknowledgement deadline counts from the recorded delivery, even when a worker died between
// scheduling it and marking the letter delivered. The deadline job is scheduled before the status change (so a crash
// repeats it, never skips it); the repeated delivery, 10–15 s later after stall recovery, schedules the same job id
// again, a no-op. Seen in the fault suite: a resend 57 ms after the `delivered` event. DOMAIN.md §2.9 KR7/MR5: the
// sender waits the full acknowledgement time after the send before sending again. Real redis-server, real store,
// real deadline set (queue/ack-deadlines.ts) swept as the worker role does; the killed worker is a delivery run whose scheduleAckDeadline throws after
// scheduling.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { mailboxAdapter } from "../../../adapters/mailbox.js";
import { createDeadlineQueue } from "../../../queue/ack-deadline-queue.js";
import { deadlineKeys, deadlineMember } from "../../../queue/ack-deadlines.js";
import { sweepAckDeadlines } from "../../../queue/ack-deadline-sweep.js";
import { processDelivery, type DeliveryDeps } from "../../../queue/delivery-processor.js";
import { createSealer } from "../../../src/crypto/keyring.js";
import { silentLogger } from "../../../src/log.js";
import { createDirectory } from "../../../src/routing/directory.js";
import { createMailboxStore } from "../../../src/store/mailbox-store.js";
import { createMessageStore } from "../../../src/store/message-store.js";
import type { MessageRecord } from "../../../src/domain/record.js";
import type { DeadlineDeps } from "../../../src/usecases/resend/resend-unanswered.js";
import { demoLocations } from "../../support/config.js";
import { eventually, newTestKeyring, rawRedis, uniquePrefix } from "../../support/gateway.js";
import { acceptInput } from "../../support/store.js";

const ACK_TIMEOUT_MS = 1500;
const SWEEP_MS = 100;
const url = inject("redisUrl");
const redis = rawRedis(url);
const sealer = createSealer(newTestKeyring());
const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  redis.disconnect();
});
/** A connection as BullMQ wants it (commands wait for a reconnect). */
const bullConnection = () => {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  closers.unshift(() => Promise.resolve(connection.disconnect()));
  return connection;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function setup() {
  const prefix = uniquePrefix();
  const store = createMessageStore(redis, prefix, sealer);
  const deadlines = createDeadlineQueue(bullConnection(), prefix, silentLogger());
  closers.push(() => deadlines.close());
  const schedule = (record: MessageRecord) =>
    deadlines.schedule(record.id, record.resends, ACK_TIMEOUT_MS, "no-acknowledgement");
  const delivery = (scheduleAckDeadline: DeliveryDeps["scheduleAckDeadline"]): DeliveryDeps => ({
    store,
    directory: createDirectory(demoLocations()),
    adapterFor: () => mailboxAdapter(createMailboxStore(redis, prefix)),
    scheduleAckDeadline,
    now: () => new Date(),
    log: silentLogger(),
  });
  /** A delivery run killed after scheduling the deadline, before the mailbox hand-over and the status change. */
  const killedDelivery = async (id: string) => {
    const run = processDelivery(
      { data: { messageId: id }, attemptsMade: 0, opts: { attempts: 8 } },
      delivery(async (record) => {
        await schedule(record);
        throw new Error("worker killed");
      }),
    );
    await expect(run).rejects.toThrow("worker killed");
  };
  const deliver = (id: string, scheduleAckDeadline = schedule) =>
    processDelivery({ data: { messageId: id }, attemptsMade: 1, opts: { attempts: 8 } }, delivery(scheduleAckDeadline));
  const handedOver: { id: string; send: number; at: number }[] = [];
  const startDeadlineWorker = (onRead: () => void = () => undefined) => {
    const deadlineDeps: DeadlineDeps = {
      store: {
        get: (id: string) => {
          onRead();
          return store.get(id);
        },
        content: (id: string) => store.content(id),
        transition: store.transition.bind(store),
      },
      handOver: (id, send) => {
        handedOver.push({ id, send, at: Date.now() });
        return Promise.resolve();
      },
      maxResends: 2,
      ackTimeoutMs: ACK_TIMEOUT_MS,
      newId: randomUUID,
      now: () => new Date(),
      log: silentLogger(),
    };
    // The worker role's pass, every SWEEP_MS here.
    let stopped = false;
    const sweeping = (async () => {
      while (!stopped) {
        await sweepAckDeadlines(deadlines.deadlines, deadlineDeps);
        await sleep(SWEEP_MS);
      }
    })();
    closers.push(async () => {
      stopped = true;
      await sweeping;
    });
  };
  const accept = async () => {
    const input = acceptInput();
    await store.accept(input);
    return input.record.id;
  };
  /** The time of the letter's `delivered` and `resend` events, once it has been resent. */
  const resentAfter = async (id: string, timeoutMs: number) => {
    const events = await eventually(
      async () => {
        const all = await store.events(id);
        return all.some((e) => e.type === "resend") ? all : undefined;
      },
      timeoutMs,
      "the resend",
    );
    const time = (type: string) => Date.parse(events.find((e) => e.type === type)?.at ?? "");
    return { deliveredAt: time("delivered"), resendAt: time("resend") };
  };
  /** A delivery as the worker role makes it: the mailbox hand-over schedules the deadline in its own step. */
  const deliverScheduling = (id: string) =>
    processDelivery(
      { data: { messageId: id }, attemptsMade: 0, opts: { attempts: 8 } },
      {
        ...delivery(() => Promise.reject(new Error("scheduled by the hand-over, not before it"))),
        ackDeadlineFor: (record) =>
          deadlines.scheduleWrite(record.id, record.resends, ACK_TIMEOUT_MS, "no-acknowledgement"),
      },
    );
  const deadlineAt = (id: string) =>
    redis.zscore(deadlineKeys(prefix).due, deadlineMember({ messageId: id, send: 0, reason: "no-acknowledgement" }));
  return {
    store,
    schedule,
    accept,
    killedDelivery,
    deliver,
    deliverScheduling,
    deadlineAt,
    startDeadlineWorker,
    handedOver,
    resentAfter,
  };
}

describe("an acknowledgement deadline scheduled before a delivery that a killed worker left unfinished", () => {
  it("counts from the later delivery, not from the first scheduling", async () => {
    const t = setup();
    const id = await t.accept();
    await t.killedDelivery(id);
    // The first deadline is due by now; the letter is delivered only now (stall recovery took this long).
    await sleep(ACK_TIMEOUT_MS + 100);
    await expect(t.deliver(id)).resolves.toBe("delivered");
    t.startDeadlineWorker();

    const { deliveredAt, resendAt } = await t.resentAfter(id, ACK_TIMEOUT_MS + 10_000);
    expect(resendAt - deliveredAt, "the resend waits the full acknowledgement time").toBeGreaterThanOrEqual(
      ACK_TIMEOUT_MS,
    );
    // None fires twice: one resend, one hand-over, for this send.
    await sleep(ACK_TIMEOUT_MS + 500);
    expect(t.handedOver.map((h) => [h.id, h.send])).toEqual([[id, 1]]);
    expect((await t.store.get(id))?.resends).toBe(1);
  }, 30_000);

  it("is kept when it comes while the repeated delivery is between its scheduling and the status change", async () => {
    const t = setup();
    const id = await t.accept();
    await t.killedDelivery(id);
    let read!: () => void;
    const deadlineRead = new Promise<void>((r) => (read = r));
    t.startDeadlineWorker(() => read());
    // The repeated delivery schedules the same job (a no-op: it exists), and the deadline fires before the status
    // changes: the letter is still `queued` when the deadline reads it.
    const delivered = t.deliver(id, async (record) => {
      expect((await t.store.get(id))?.status).toBe("queued");
      await t.schedule(record);
      await deadlineRead;
      await sleep(200); // the deadline job has finished with what it read
    });
    await expect(delivered).resolves.toBe("delivered");

    // Not resent early, and not lost: resent once, a full acknowledgement time after the delivery.
    const { deliveredAt, resendAt } = await t.resentAfter(id, 2 * ACK_TIMEOUT_MS + 10_000);
    expect(resendAt - deliveredAt).toBeGreaterThanOrEqual(ACK_TIMEOUT_MS);
    await sleep(ACK_TIMEOUT_MS + 500);
    expect(t.handedOver.map((h) => [h.id, h.send])).toEqual([[id, 1]]);
  }, 30_000);
});

describe("an acknowledgement deadline scheduled by the mailbox hand-over itself (issue 17, point 3)", () => {
  it("is written in the step that marks the letter delivered, due the acknowledgement time after it, and fires once", async () => {
    const t = setup();
    const id = await t.accept();
    const before = Date.now();
    await expect(t.deliverScheduling(id)).resolves.toBe("delivered");
    const due = Number(await t.deadlineAt(id));
    expect(due).toBeGreaterThanOrEqual(before + ACK_TIMEOUT_MS);
    expect(due).toBeLessThanOrEqual(Date.now() + ACK_TIMEOUT_MS);
    // A second run of the job finds the letter delivered and writes nothing, the deadline included.
    await expect(t.deliverScheduling(id)).resolves.toBe("skipped");
    expect(Number(await t.deadlineAt(id))).toBe(due);
    t.startDeadlineWorker();

    const { deliveredAt, resendAt } = await t.resentAfter(id, ACK_TIMEOUT_MS + 10_000);
    expect(resendAt - deliveredAt).toBeGreaterThanOrEqual(ACK_TIMEOUT_MS);
    await sleep(ACK_TIMEOUT_MS + 500);
    expect(t.handedOver.map((h) => [h.id, h.send])).toEqual([[id, 1]]);
  }, 30_000);

  it("is not written when the hand-over does not happen (the letter is no longer queued)", async () => {
    const t = setup();
    const id = await t.accept();
    await t.store.transition(id, "accepted", "failed", { at: new Date().toISOString(), type: "failed" });
    await expect(t.deliverScheduling(id)).resolves.toBe("skipped");
    expect(await t.deadlineAt(id)).toBeNull();
  });
});
