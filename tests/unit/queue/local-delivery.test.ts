// The delivery processor with a local (mailbox) adapter and fakes (no Redis): the hand-over, attempt and status are
// the adapter's one atomic step (issue 12, point 3), so the processor writes nothing after it; and the attempt number
// a receiver is told comes from the store's count of started attempts, not BullMQ's (issue 12, point 5).
import { describe, expect, it } from "vitest";
import type { DeliveryAdapter, LocalDeliveryAdapter } from "../../../adapters/types.js";
import { processDelivery, type DeliveryDeps, type DeliveryStore } from "../../../queue/delivery-processor.js";
import { silentLogger } from "../../../src/log.js";
import { createDirectory } from "../../../src/routing/directory.js";
import type { MailboxDeliveryEvents, MailboxDeliveryResult } from "../../../src/store/mailbox-delivery.js";
import type { MessageRecord } from "../../../src/domain/record.js";
import { demoLocations } from "../../support/config.js";

const ID = "00000000-0000-4000-8000-000000000002";

function setup(adapter: DeliveryAdapter, started = 0) {
  const record: MessageRecord = {
    id: ID,
    bundleId: "b",
    kind: "new",
    sender: { gln: "5790001348120", name: "PPR" },
    receiver: { gln: "5790000209354", name: "GP" },
    status: "queued",
    createdAt: "",
    updatedAt: "",
    deliveryAttempts: 0,
    resends: 0,
    submittedBy: "t",
    fingerprint: "f",
  };
  const writes: string[] = [];
  const starts: number[] = [];
  const store: DeliveryStore = {
    get: () => Promise.resolve({ ...record }),
    content: () => Promise.resolve('{"resourceType":"Bundle","type":"message"}'),
    startAttempt: () => {
      starts.push(++started);
      return Promise.resolve(started);
    },
    transition(_id, _from, to) {
      writes.push(`transition ${to}`);
      return Promise.resolve("ok");
    },
    recordAttempt(_id, event) {
      writes.push(`attempt ${String(event.detail?.outcome)}`);
      return Promise.resolve(1);
    },
  };
  const deps: DeliveryDeps = {
    store,
    directory: createDirectory(demoLocations()),
    adapterFor: () => adapter,
    scheduleAckDeadline: () => {
      writes.push("deadline");
      return Promise.resolve();
    },
    now: () => new Date("2026-12-05T10:00:00Z"),
    log: silentLogger(),
  };
  return { deps, writes, starts };
}

function localAdapter(
  result: MailboxDeliveryResult | Error,
  seen: MailboxDeliveryEvents[] = [],
  runs: string[] = [],
): LocalDeliveryAdapter {
  return {
    name: "mailbox",
    deliver: () => Promise.reject(new Error("the processor must not use the separate steps")),
    deliverAndMark(handOver, events) {
      seen.push(events);
      runs.push(handOver.run);
      return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
    },
  };
}

const job = (attemptsMade = 0) => ({ data: { messageId: ID }, attemptsMade, opts: { attempts: 3 } });

describe("a local (mailbox) delivery", () => {
  it("starts the attempt, hands over, counts and marks delivered in the adapter's one step, after scheduling the deadline", async () => {
    const seen: MailboxDeliveryEvents[] = [];
    const runs: string[] = [];
    const { deps, writes, starts } = setup(
      localAdapter({ outcome: "handed-over", attempts: 1, attempt: 1 }, seen, runs),
    );
    await expect(processDelivery(job(), deps)).resolves.toBe("delivered");
    await expect(processDelivery(job(), deps)).resolves.toBe("delivered");
    expect(writes).toEqual(["deadline", "deadline"]);
    // The step numbers the attempt itself (no separate start), and each run has its own token.
    expect(starts).toEqual([]);
    expect(runs).toHaveLength(2);
    expect(runs[0]).not.toBe(runs[1]);
    expect(seen[0]?.attempt).toMatchObject({ type: "delivery-attempt", detail: { outcome: "delivered" } });
    expect(seen[0]?.delivered).toMatchObject({ type: "delivered", at: "2026-12-05T10:00:00.000Z" });
  });

  it("lets the step schedule the deadline when the worker says which it is, and then schedules none before it", async () => {
    const seen: MailboxDeliveryEvents[] = [];
    const { deps, writes } = setup(localAdapter({ outcome: "handed-over", attempts: 1, attempt: 1 }, seen));
    const ackDeadline = { key: "{mg}:ack-deadlines", member: `no-acknowledgement:${ID}:0`, dueMs: 42 };
    await expect(processDelivery(job(), { ...deps, ackDeadlineFor: () => ackDeadline })).resolves.toBe("delivered");
    // An acknowledgement has no deadline: the step is given none.
    await expect(processDelivery(job(), { ...deps, ackDeadlineFor: () => undefined })).resolves.toBe("delivered");
    expect(writes).toEqual([]);
    expect(seen.map((e) => e.ackDeadline)).toEqual([ackDeadline, undefined]);
  });

  it("writes nothing when another run has handed the message over", async () => {
    const { deps, writes } = setup(localAdapter({ outcome: "not-queued", status: "delivered", inMailbox: true }));
    await expect(processDelivery(job(), deps)).resolves.toBe("skipped");
    expect(writes).toEqual(["deadline"]);
  });

  it("records a failed step as a retryable attempt, started after it, and leaves the status to the retry", async () => {
    const { deps, writes, starts } = setup(localAdapter(new Error("Connection is closed.")));
    await expect(processDelivery(job(), deps)).rejects.toThrow("mailbox adapter failed: Connection is closed.");
    expect(writes).toEqual(["deadline", "attempt retry"]);
    expect(starts).toEqual([1]);
  });
});

describe("an adapter whose effect is outside Redis (webhook, file-drop)", () => {
  it("changes the status only after the effect, and not when the effect failed", async () => {
    let fail = true;
    const sink: { writes: string[] } = { writes: [] };
    const adapter: DeliveryAdapter = {
      name: "webhook",
      deliver() {
        sink.writes.push(fail ? "effect failed" : "effect");
        return Promise.resolve(fail ? { outcome: "retry", reason: "HTTP 503" } : { outcome: "delivered" });
      },
    };
    const { deps, writes } = setup(adapter);
    sink.writes = writes;
    await expect(processDelivery(job(0), deps)).rejects.toThrow("HTTP 503");
    fail = false;
    await expect(processDelivery(job(1), deps)).resolves.toBe("delivered");
    expect(writes).toEqual([
      "effect failed",
      "attempt retry",
      "effect",
      "attempt delivered",
      "deadline",
      "transition delivered",
    ]);
  });
});

describe("the attempt number", () => {
  it("continues the store's count when BullMQ's starts again (a killed worker's stalled job)", async () => {
    const attempts: number[] = [];
    const adapter: DeliveryAdapter = {
      name: "fake",
      deliver(d) {
        attempts.push(d.attempt);
        return Promise.resolve({ outcome: "delivered" });
      },
    };
    const { deps } = setup(adapter, 1);
    await processDelivery(job(0), deps);
    expect(attempts).toEqual([2]);
  });
});
