// Issue 12, point 4: the breaker gate's waiting line and delivery slots, over an in-memory store and a fake queue.
import { describe, expect, it } from "vitest";
import { createBreakerGate, type JobWaker } from "../../../queue/breaker-gate.js";
import { CLOSED, type BreakerPolicy, type BreakerState } from "../../../src/domain/circuit-breaker.js";
import { silentLogger } from "../../../src/log.js";
import type { BreakerStore } from "../../../src/domain/ports/index.js";

const GLN = "5790000209354";
const P: BreakerPolicy = { threshold: 2, openMs: 1_000, maxOpenMs: 4_000, probeLeaseMs: 500, headGraceMs: 100 };

function memoryStore(): BreakerStore & { line: Map<string, number>; slots: Map<string, number> } {
  let state: BreakerState = CLOSED;
  const line = new Map<string, number>();
  const slots = new Map<string, number>();
  const slotQueue = new Map<string, number>();
  const first = (m: Map<string, number>) => [...m].sort((a, b) => a[1] - b[1])[0]?.[0];
  return {
    line,
    slots,
    read: () => Promise.resolve(state),
    update(_gln, step) {
      const { next, result } = step(state);
      if (next) state = next;
      return Promise.resolve(result);
    },
    wait: (_g, id, at) => Promise.resolve(void (line.has(id) || line.set(id, at))),
    leave: (_g, id) => Promise.resolve(void line.delete(id)),
    head: () => Promise.resolve(first(line)),
    waiting: () => Promise.resolve(line.size),
    acquire(_g, id, now, leaseUntil, limit) {
      for (const [k, until] of slots) if (until <= now) slots.delete(k);
      if (!slots.has(id) && slots.size >= limit) return Promise.resolve(false);
      slots.set(id, leaseUntil);
      return Promise.resolve(true);
    },
    release: (_g, id) => Promise.resolve(void slots.delete(id)),
    queueForSlot: (_g, id, at) => Promise.resolve(void (slotQueue.has(id) || slotQueue.set(id, at))),
    leaveSlotQueue: (_g, id) => Promise.resolve(void slotQueue.delete(id)),
    nextForSlot() {
      const id = first(slotQueue);
      if (id !== undefined) slotQueue.delete(id);
      return Promise.resolve(id);
    },
  };
}

function setUp(jobs: Record<string, "delayed" | "active" | "gone">) {
  let now = 10_000;
  const woken: string[] = [];
  const waker: JobWaker = {
    wake(id) {
      const state = jobs[id] ?? "gone";
      if (state === "delayed") woken.push(id);
      return Promise.resolve(state === "delayed" ? "woken" : state === "active" ? "running" : "gone");
    },
  };
  const store = memoryStore();
  const gate = createBreakerGate({
    store,
    waker,
    policy: P,
    recheckMs: 5_000,
    inFlight: { limit: 2, leaseMs: 30_000, busyMs: 1_000 },
    now: () => now,
    log: silentLogger(),
  });
  return { gate, store, woken, tick: (ms: number) => (now += ms), at: () => now };
}

describe("breaker gate", () => {
  it("parks letters while a location is down and releases them oldest first when it answers", async () => {
    const jobs: Record<string, "delayed" | "active" | "gone"> = { a: "active", b: "active", c: "active" };
    const { gate, store, woken, tick } = setUp(jobs);
    expect(await gate.admit(GLN, "a", 1)).toEqual({ go: true, probe: false });
    await gate.report(GLN, "a", "failed", 1);
    expect((await gate.report(GLN, "a", "failed", 1)).state).toBe("open");
    // The letter that failed on the now-down location waits in line.
    expect(await store.head(GLN)).toBe("a");
    // Accepted in the order c, a, b (scores 0, 1, 2), arriving in another order: the line keeps acceptance order.
    for (const [id, at] of [
      ["b", 2],
      ["a", 1],
      ["c", 0],
    ] as const) {
      expect(await gate.admit(GLN, id, at)).toMatchObject({ go: false });
      jobs[id] = "delayed";
    }
    expect(await store.head(GLN)).toBe("c");
    tick(1_000);
    // Only the oldest letter probes when the opening lapses; the others wait a grace.
    expect(await gate.admit(GLN, "a", 1)).toEqual({ go: false, until: 11_100 });
    jobs.c = "active";
    expect(await gate.admit(GLN, "c", 0)).toEqual({ go: true, probe: true });
    expect((await gate.report(GLN, "c", "answered", 0)).state).toBe("closed");
    await gate.done(GLN, "c");
    expect(woken).toEqual(["a"]);
    jobs.a = "active";
    expect(await gate.admit(GLN, "a", 1)).toEqual({ go: true, probe: false });
    await gate.report(GLN, "a", "answered", 1);
    await gate.done(GLN, "a");
    expect(woken).toEqual(["a", "b"]);
    // A letter accepted after the backlog queues behind it instead of overtaking it.
    jobs.d = "active";
    expect(await gate.admit(GLN, "d", 5)).toMatchObject({ go: false });
    expect([...store.line.keys()].sort()).toEqual(["b", "d"]);
  });

  it("never lets a letter from behind the head probe: a late head is woken, a gone head dropped", async () => {
    const jobs: Record<string, "delayed" | "active" | "gone"> = { a: "active", late: "active" };
    const { gate, store, woken, tick } = setUp(jobs);
    await gate.report(GLN, "a", "failed", 0);
    expect((await gate.report(GLN, "a", "failed", 0)).state).toBe("open");
    jobs.a = "delayed";
    // A letter accepted late in the outage comes first after the opening lapses (the head's wake-up is late).
    tick(1_000 + 100);
    expect(await gate.admit(GLN, "late", 9)).toMatchObject({ go: false });
    expect(woken).toEqual(["a"]);
    expect((await store.read(GLN)).state).toBe("open");
    jobs.a = "active";
    expect(await gate.admit(GLN, "a", 0)).toEqual({ go: true, probe: true });
    await gate.report(GLN, "a", "answered", 0);
    await gate.done(GLN, "a");
    // The head's job gone for good (its letter expired meanwhile): the next in line probes.
    await gate.report(GLN, "x", "failed", 5);
    expect((await gate.report(GLN, "x", "failed", 5)).state).toBe("open");
    jobs.x = "gone";
    tick(10_000);
    jobs.late = "active";
    expect(await gate.admit(GLN, "late", 9)).toEqual({ go: true, probe: true });
    expect(store.line.has("x")).toBe(false);
  });

  it("drops a head whose job is gone, so a killed worker cannot stop the line", async () => {
    const jobs: Record<string, "delayed" | "active" | "gone"> = { x: "gone", y: "delayed", z: "active" };
    const { gate, store, woken } = setUp(jobs);
    await store.wait(GLN, "x", 0);
    await store.wait(GLN, "y", 1);
    // z arrives while the breaker is closed and finds the line's head gone: x is dropped and y woken.
    expect(await gate.admit(GLN, "z", 2)).toMatchObject({ go: false });
    expect(woken).toEqual(["y"]);
    expect(store.line.has("x")).toBe(false);
  });

  it("holds letters over the per-location limit without a slot, and wakes the oldest when a slot frees", async () => {
    const jobs: Record<string, "delayed" | "active" | "gone"> = { a: "active", b: "active", c: "active", d: "active" };
    const { gate, store, woken } = setUp(jobs);
    expect(await gate.admit(GLN, "a", 0)).toMatchObject({ go: true });
    expect(await gate.admit(GLN, "b", 1)).toMatchObject({ go: true });
    expect(await gate.admit(GLN, "d", 3)).toMatchObject({ go: false });
    expect(await gate.admit(GLN, "c", 2)).toMatchObject({ go: false });
    jobs.c = "delayed";
    jobs.d = "delayed";
    expect(store.slots.size).toBe(2);
    await gate.report(GLN, "a", "answered", 0);
    expect(woken).toEqual(["c"]);
    expect(store.slots.size).toBe(1);
  });
});
