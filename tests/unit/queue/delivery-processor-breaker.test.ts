// Issue 12, point 4: the delivery processor's hook into the circuit breaker, with fakes (no Redis): a letter to a
// location that is down is parked without an attempt; a retryable failure that leaves the location down parks instead
// of spending the retry budget; the delivery window fails a letter with the reason.
import { DelayedError, UnrecoverableError } from "bullmq";
import { describe, expect, it } from "vitest";
import type { DeliveryOutcome } from "../../../adapters/types.js";
import type { BreakerGate, GateDecision } from "../../../queue/breaker-gate.js";
import type { BreakerState } from "../../../src/domain/circuit-breaker.js";
import { processDelivery, type DeliveryStore } from "../../../queue/delivery-processor.js";
import { silentLogger } from "../../../src/log.js";
import { createDirectory } from "../../../src/routing/directory.js";
import type { MessageEvent, MessageRecord } from "../../../src/domain/record.js";
import { webhookLocation } from "../../support/receivers.js";

const ID = "00000000-0000-4000-8000-000000000001";
const GLN = "5790000900015";
const NOW = Date.parse("2026-11-22T10:00:00Z");

function fakeStore(createdAt: string) {
  const record: MessageRecord = {
    id: ID,
    bundleId: "b",
    kind: "new",
    sender: { gln: "5790001348120", name: "PPR" },
    receiver: { gln: GLN, name: "GP" },
    status: "queued",
    createdAt,
    updatedAt: createdAt,
    deliveryAttempts: 0,
    resends: 0,
    submittedBy: "t",
    fingerprint: "f",
  };
  const appended: MessageEvent[] = [];
  let started = 0;
  const store: DeliveryStore = {
    get: () => Promise.resolve({ ...record }),
    content: () => Promise.resolve('{"resourceType":"Bundle","type":"message"}'),
    transition(_id, _from, to, event, { fields = {} } = {}) {
      Object.assign(record, { status: to }, fields);
      appended.push(event);
      return Promise.resolve("ok");
    },
    recordAttempt(_id, event) {
      appended.push(event);
      return Promise.resolve(++record.deliveryAttempts);
    },
    startAttempt: () => Promise.resolve(record.status === "queued" ? ++started : 0),
  };
  return { store, record, appended };
}

function run(
  decision: GateDecision,
  outcome: DeliveryOutcome,
  after: BreakerState,
  createdAt = "2026-11-22T09:00:00Z",
  /** Another run of the same job has finished the letter meanwhile: its attempt does not start (startAttempt 0). */
  finishedElsewhere = false,
) {
  const { store, record } = fakeStore(createdAt);
  if (finishedElsewhere) store.startAttempt = () => Promise.resolve(0);
  const parked: number[] = [];
  const calls: string[] = [];
  const gate: BreakerGate = {
    admit: () => Promise.resolve(decision),
    report(_gln, _job, o) {
      calls.push(`report ${o}`);
      return Promise.resolve(after);
    },
    done: () => Promise.resolve(void calls.push("done")),
    abandon: () => Promise.resolve(void calls.push("abandon")),
  };
  const result = processDelivery(
    { id: "deliver-1", data: { messageId: ID }, attemptsMade: 2, opts: { attempts: 3 } },
    {
      store,
      directory: createDirectory([webhookLocation(GLN, "100000000000091", "http://127.0.0.1:9/medcom")]),
      adapterFor: () => ({
        name: "webhook",
        deliver() {
          calls.push("deliver");
          return Promise.resolve(outcome);
        },
      }),
      scheduleAckDeadline: () => Promise.resolve(),
      now: () => new Date(NOW),
      log: silentLogger(),
      breaker: gate,
      deliveryWindowMs: 2 * 3_600_000,
    },
    { park: (until) => Promise.resolve(void parked.push(until)) },
  );
  return { result, record, parked, calls };
}

const OPEN: BreakerState = { state: "open", since: NOW, until: NOW + 30_000, opens: 1 };

describe("the breaker hook", () => {
  it("parks a letter to a location that is down: no attempt, no call to the receiver", async () => {
    const { result, record, parked, calls } = run({ go: false, until: NOW + 5_000 }, { outcome: "delivered" }, OPEN);
    await expect(result).rejects.toBeInstanceOf(DelayedError);
    expect(parked).toEqual([NOW + 5_000]);
    expect(calls).toEqual([]);
    expect(record.deliveryAttempts).toBe(0);
    expect(record.status).toBe("queued");
  });

  it("parks, not fails, a letter on its last attempt when the location is now down", async () => {
    const retry: DeliveryOutcome = { outcome: "retry", reason: "receiver answered HTTP 500" };
    const { result, record, parked, calls } = run({ go: true, probe: false }, retry, OPEN);
    await expect(result).rejects.toBeInstanceOf(DelayedError);
    expect(calls).toEqual(["deliver", "report failed"]);
    expect(parked).toEqual([NOW + 30_000]);
    expect(record.status).toBe("queued");
  });

  it("gives the delivery slot back when an admitted letter is not tried (another run finished it)", async () => {
    const { result, calls } = run(
      { go: true, probe: false },
      { outcome: "delivered" },
      { state: "closed", failures: 0 },
      undefined,
      true,
    );
    await expect(result).resolves.toBe("skipped");
    // Before, the slot stayed taken until its lease (30 s) ran out: a few such letters held a location's slots.
    expect(calls).toEqual(["abandon"]);
  });

  it("fails on the retry budget as before while the location is up", async () => {
    const retry: DeliveryOutcome = { outcome: "retry", reason: "receiver answered HTTP 500" };
    const { result, record } = run({ go: true, probe: false }, retry, { state: "closed", failures: 1 });
    await expect(result).rejects.toBeInstanceOf(UnrecoverableError);
    expect(record.failureReason).toBe("gave up after 3 attempts: receiver answered HTTP 500");
  });

  it("parks no later than the end of the delivery window, and fails a letter whose window is over", async () => {
    const early = run({ go: false, until: NOW + 5 * 3_600_000 }, { outcome: "delivered" }, OPEN);
    await expect(early.result).rejects.toBeInstanceOf(DelayedError);
    expect(early.parked).toEqual([Date.parse("2026-11-22T11:00:00Z")]);
    const late = run({ go: false, until: NOW + 5_000 }, { outcome: "delivered" }, OPEN, "2026-11-22T07:59:59Z");
    await expect(late.result).rejects.toBeInstanceOf(UnrecoverableError);
    expect(late.record.status).toBe("failed");
    expect(late.record.failureReason).toBe(
      "not delivered within the delivery window (2 h after acceptance): the receiving location did not take it",
    );
    expect(late.calls).toEqual(["done"]);
  });

  it("tells the breaker the receiver answered and lets the next waiting letter go once delivered", async () => {
    const { result, calls } = run(
      { go: true, probe: true },
      { outcome: "delivered" },
      { state: "closed", failures: 0 },
    );
    await expect(result).resolves.toBe("delivered");
    expect(calls).toEqual(["deliver", "report answered", "done"]);
  });
});
