// The delivery processor with fakes through its deps (no Redis): what it does for each adapter outcome, and that a
// second run of the same job does nothing.
import { UnrecoverableError } from "bullmq";
import { describe, expect, it } from "vitest";
import type { DeliveryAdapter, DeliveryOutcome } from "../../../adapters/types.js";
import { processDelivery, type DeliveryDeps, type DeliveryStore } from "../../../queue/delivery-processor.js";
import { silentLogger } from "../../../src/log.js";
import { createDirectory } from "../../../src/routing/directory.js";
import { StoredValueCorrupt } from "../../../src/store/corrupt.js";
import type { MessageEvent, MessageRecord, Status } from "../../../src/domain/record.js";
import { demoLocations } from "../../support/config.js";

const ID = "00000000-0000-4000-8000-000000000001";

function fakeStore(status: Status): DeliveryStore & { record: MessageRecord; appended: MessageEvent[] } {
  const record: MessageRecord = {
    id: ID,
    bundleId: "b",
    kind: "new",
    sender: { gln: "5790001348120", name: "PPR" },
    receiver: { gln: "5790000209354", name: "GP" },
    status,
    createdAt: "",
    updatedAt: "",
    deliveryAttempts: 0,
    resends: 0,
    submittedBy: "t",
    fingerprint: "f",
  };
  const appended: MessageEvent[] = [];
  let started = 0;
  return {
    record,
    appended,
    get: () => Promise.resolve({ ...record }),
    content: () => Promise.resolve('{"resourceType":"Bundle","type":"message"}'),
    transition(_id, from, to, event, { fields = {} } = {}) {
      if (!(typeof from === "string" ? [from] : from).includes(record.status)) return Promise.resolve(record.status);
      Object.assign(record, { status: to }, fields);
      appended.push(event);
      return Promise.resolve("ok");
    },
    startAttempt: () => Promise.resolve(record.status === "queued" ? ++started : 0),
    recordAttempt(_id, event) {
      if (record.status !== "queued") return Promise.resolve(0);
      appended.push(event);
      return Promise.resolve(++record.deliveryAttempts);
    },
  };
}

function run(status: Status, outcome: DeliveryOutcome | Error, attemptsMade = 0, attempts = 3) {
  const store = fakeStore(status);
  const calls: string[] = [];
  const adapter: DeliveryAdapter = {
    name: "fake",
    deliver(d) {
      calls.push(d.messageId);
      return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome);
    },
  };
  const deps: DeliveryDeps = {
    store,
    directory: createDirectory(demoLocations()),
    adapterFor: () => adapter,
    scheduleAckDeadline: () => Promise.resolve(),
    now: () => new Date("2026-11-22T10:00:00Z"),
    log: silentLogger(),
  };
  const result = processDelivery({ data: { messageId: ID }, attemptsMade, opts: { attempts } }, deps);
  return { result, store, calls };
}

describe("processDelivery", () => {
  it("delivers a queued message and records the attempt and the delivery", async () => {
    const { result, store } = run("queued", { outcome: "delivered" });
    await expect(result).resolves.toBe("delivered");
    expect(store.record.status).toBe("delivered");
    expect(store.appended.map((e) => e.type)).toEqual(["delivery-attempt", "delivered"]);
  });

  it("queues an accepted message first (the outbox hand-over may not have run yet)", async () => {
    const { result, store } = run("accepted", { outcome: "delivered" });
    await expect(result).resolves.toBe("delivered");
    expect(store.appended.map((e) => e.type)).toEqual(["queued", "delivery-attempt", "delivered"]);
  });

  it.each(["delivered", "failed", "acknowledged"] as const)("does nothing for a message already %s", async (status) => {
    const { result, calls, store } = run(status, { outcome: "delivered" });
    await expect(result).resolves.toBe("skipped");
    expect(calls).toEqual([]);
    expect(store.appended).toEqual([]);
  });

  it("throws a plain error for a retryable outcome so BullMQ retries with backoff", async () => {
    const { result, store } = run("queued", { outcome: "retry", reason: "HTTP 503" });
    await expect(result).rejects.toThrow("HTTP 503");
    await expect(result).rejects.not.toBeInstanceOf(UnrecoverableError);
    expect(store.record.status).toBe("queued");
  });

  it("fails the message for good on the last attempt, with the reason", async () => {
    const { result, store } = run("queued", { outcome: "retry", reason: "HTTP 503" }, 2, 3);
    await expect(result).rejects.toBeInstanceOf(UnrecoverableError);
    expect(store.record).toMatchObject({ status: "failed", failureReason: "gave up after 3 attempts: HTTP 503" });
  });

  it("fails the message at once when the receiver rejects it", async () => {
    const { result, store } = run("queued", { outcome: "rejected", reason: "HTTP 400" });
    await expect(result).rejects.toBeInstanceOf(UnrecoverableError);
    expect(store.record).toMatchObject({ status: "failed", failureReason: "HTTP 400" });
  });

  it("records an adapter that throws as a retryable attempt with the error as the reason", async () => {
    const { result, store } = run("queued", new Error("disk on fire"));
    await expect(result).rejects.toThrow("fake adapter failed: disk on fire");
    expect(store.appended[0]?.detail).toMatchObject({ outcome: "retry", reason: "fake adapter failed: disk on fire" });
  });

  it("fails the message for good when its stored content fails its integrity check (issue 11, point 8)", async () => {
    const store = fakeStore("queued");
    store.content = () => Promise.reject(new StoredValueCorrupt(ID, "content", "not-sealed"));
    const handedOver: string[] = [];
    const adapter: DeliveryAdapter = {
      name: "fake",
      async deliver(d) {
        handedOver.push(...(await d.documents()).map((doc) => doc.part));
        return { outcome: "delivered" };
      },
    };
    const result = processDelivery(
      { data: { messageId: ID }, attemptsMade: 0, opts: { attempts: 3 } },
      {
        store,
        directory: createDirectory(demoLocations()),
        adapterFor: () => adapter,
        scheduleAckDeadline: () => Promise.resolve(),
        now: () => new Date("2026-11-22T10:00:00Z"),
        log: silentLogger(),
      },
    );
    await expect(result).rejects.toBeInstanceOf(UnrecoverableError);
    expect(handedOver).toEqual([]);
    expect(store.record).toMatchObject({
      status: "failed",
      failureReason: "the stored content fails its integrity check",
    });
  });
});
