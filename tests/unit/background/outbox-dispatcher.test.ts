// The outbox dispatcher through fake dependencies (issue 11, point 10): a job the queue keeps refusing is parked after
// a few passes and the messages behind it flow on; while Redis itself is down nothing is parked.
import { describe, expect, test } from "vitest";
import { drainOutbox, type OutboxDeps } from "../../../src/background/outbox-dispatcher.js";
import { OUTBOX_ENQUEUE_STRIKES } from "../../../queue/policy.js";
import type { DeliveryQueue } from "../../../queue/delivery-queue.js";
import { silentLogger } from "../../../src/log.js";
import type { MessageStore } from "../../../src/domain/ports/index.js";
import type { OutboxParking, ParkReason } from "../../../src/domain/ports/index.js";
import type { MessageRecord } from "../../../src/domain/record.js";

const REFUSED = "00000000-0000-4000-8000-000000000001";
const GOOD = "00000000-0000-4000-8000-000000000002";

function fakes(options: { redisUp: boolean }) {
  const outbox = [REFUSED, GOOD];
  const statuses = new Map<string, string>([
    [REFUSED, "accepted"],
    [GOOD, "accepted"],
  ]);
  const parked = new Map<string, ParkReason>();
  const enqueued: string[] = [];
  const store = {
    outbox: () => Promise.resolve([...outbox]),
    get: (id: string) => Promise.resolve({ id, resends: 0, status: statuses.get(id) } as MessageRecord),
    transition: (id: string, _from: unknown, to: string) => {
      statuses.set(id, to);
      outbox.splice(outbox.indexOf(id), 1);
      return Promise.resolve("ok" as const);
    },
  } as unknown as MessageStore;
  const queue = {
    enqueue: (id: string) => {
      if (id === REFUSED || !options.redisUp) return Promise.reject(new Error("refused"));
      enqueued.push(id);
      return Promise.resolve();
    },
  } as unknown as DeliveryQueue;
  const parking: OutboxParking = {
    park: (id, reason) => {
      parked.set(id, reason);
      if (outbox.includes(id)) outbox.splice(outbox.indexOf(id), 1);
      return Promise.resolve();
    },
    release: () => Promise.resolve(false),
    list: () => Promise.resolve([]),
    countByReason: () => Promise.reject(new Error("unused")),
    sweep: () => Promise.resolve(0),
  };
  const deps: OutboxDeps = {
    store,
    queue,
    parking,
    now: () => new Date(),
    log: silentLogger(),
    reachable: () => Promise.resolve(options.redisUp),
  };
  return { deps, parked, enqueued, statuses };
}

describe("outbox dispatcher", () => {
  test("a message whose job is refused is parked after a few passes; the one behind it is delivered at once", async () => {
    const { deps, parked, enqueued, statuses } = fakes({ redisUp: true });
    const strikes = new Map<string, number>();
    expect(await drainOutbox(deps, 0, strikes)).toBe(1);
    expect(enqueued).toEqual([GOOD]);
    for (let pass = 1; pass < OUTBOX_ENQUEUE_STRIKES; pass++) await drainOutbox(deps, 0, strikes);
    expect(parked.get(REFUSED)).toBe("enqueue-refused");
    expect(statuses.get(REFUSED)).toBe("failed");
  });

  test("while Redis does not answer, the pass ends and nothing is parked", async () => {
    const { deps, parked } = fakes({ redisUp: false });
    const strikes = new Map<string, number>();
    for (let pass = 0; pass < OUTBOX_ENQUEUE_STRIKES + 1; pass++)
      await expect(drainOutbox(deps, 0, strikes)).rejects.toThrow("refused");
    expect(parked.size).toBe(0);
  });
});
