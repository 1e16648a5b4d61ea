// The contracts of the smaller ports (counters, rate limiter, outbox parking, circuit breakers), for Redis and memory.
import { describe, expect, it } from "vitest";
import { GLN } from "../gateway.js";
import { acceptInput } from "../store.js";
import { iso, T0, type PortsFactory } from "./ports.js";

export function smallPortsContract(name: string, factory: PortsFactory): void {
  const ports = () => factory(() => new Date(T0 + 30 * 60_000));
  describe(`${name}: counters contract`, () => {
    it("counts deliveries per receiver in the recent hours, resends, regional rules and latency buckets", async () => {
      const { counters } = await ports();
      await counters.deliveryOutcome(GLN.gp, "delivered");
      await counters.deliveryOutcome(GLN.gp, "delivered");
      await counters.deliveryOutcome(GLN.gp, "retry");
      await counters.resend("no-acknowledgement");
      await counters.regionalRule("acute-letter");
      await counters.duplicate();
      await counters.ackLatency(4, "ok");
      await counters.ackLatency(100_000, "ok");
      const recent = await counters.recentDeliveries(24);
      expect(recent.get(GLN.gp)).toEqual({
        counts: { delivered: 2, retry: 1 },
        lastAt: { delivered: iso(T0 + 30 * 60_000), retry: iso(T0 + 30 * 60_000) },
      });
      const read = await counters.read();
      expect(read.deliveries).toEqual(
        expect.arrayContaining([
          { receiver: GLN.gp, outcome: "delivered", count: 2 },
          { receiver: GLN.gp, outcome: "retry", count: 1 },
        ]),
      );
      expect(read.duplicates).toBe(1);
      expect(read.resends).toEqual([{ reason: "no-acknowledgement", count: 1 }]);
      expect(read.regionalRules).toEqual([{ rule: "acute-letter", count: 1 }]);
      expect(read.ackLatency).toEqual([expect.objectContaining({ code: "ok", count: 2, sum: 100_004 })]);
      expect(read.ackLatency[0]?.buckets).toMatchObject({ "1": 0, "5": 1, "86400": 1, "+Inf": 2 });
    });
  });

  describe(`${name}: rate limiter contract`, () => {
    it("allows `perMinute` per client in a fixed minute, then says when the minute ends", async () => {
      const { rateLimiter } = await ports();
      const now = T0 + 15_000;
      expect(await rateLimiter.take("c", 2, now)).toEqual({ allowed: true, retryAfterSeconds: 45 });
      expect((await rateLimiter.take("c", 2, now)).allowed).toBe(true);
      expect(await rateLimiter.take("c", 2, now + 1)).toEqual({ allowed: false, retryAfterSeconds: 45 });
      expect(await rateLimiter.taken("c", now)).toBe(3);
      expect(await rateLimiter.taken("other", now)).toBe(0);
      expect((await rateLimiter.take("c", 2, T0 + 60_000)).allowed).toBe(true);
    });

    it("admits: counts the client unless the address's failures reached the budget, in the same windows", async () => {
      const { rateLimiter } = await ports();
      const now = T0 + 15_000;
      expect(await rateLimiter.admit("addr", 2, "c", 2, now)).toEqual({
        failed: 0,
        decision: { allowed: true, retryAfterSeconds: 45 },
      });
      await rateLimiter.take("addr", 2, now);
      expect(await rateLimiter.admit("addr", 2, "c", 2, now)).toEqual({
        failed: 1,
        decision: { allowed: true, retryAfterSeconds: 45 },
      });
      expect((await rateLimiter.admit("addr", 2, "c", 2, now)).decision).toEqual({
        allowed: false,
        retryAfterSeconds: 45,
      });
      expect(await rateLimiter.taken("c", now)).toBe(3);
      // Over the budget: nothing is taken for the client.
      await rateLimiter.take("addr", 2, now);
      expect(await rateLimiter.admit("addr", 2, "c", 2, now)).toEqual({ failed: 2 });
      expect(await rateLimiter.taken("c", now)).toBe(3);
      // No budget at all, and no limit for the client.
      expect((await rateLimiter.admit("addr", Infinity, "d", Infinity, now)).decision?.allowed).toBe(true);
      // The next window starts afresh.
      expect(await rateLimiter.admit("addr", 2, "c", 2, T0 + 60_000)).toMatchObject({ failed: 0 });
    });
  });

  describe(`${name}: outbox parking contract`, () => {
    it("parks off the outbox with a reason, lists, counts, releases and sweeps", async () => {
      const { store, outboxParking } = await ports();
      const input = acceptInput({ createdAt: iso(T0), updatedAt: iso(T0) });
      await store.accept(input);
      await outboxParking.park(input.record.id, "enqueue-refused", new Date(T0 + 2));
      await outboxParking.park("other", "record-missing", new Date(T0 + 1));
      expect(await store.outbox(0, T0 + 10, 10)).toEqual([]);
      expect((await outboxParking.list(10)).map((e) => e.id)).toEqual(["other", input.record.id]);
      expect(await outboxParking.countByReason()).toMatchObject({ "enqueue-refused": 1, "record-missing": 1 });
      expect(await outboxParking.release("other")).toBe(true);
      expect(await outboxParking.release("other")).toBe(false);
      expect(await outboxParking.sweep(T0 + 3)).toBe(1);
      expect(await outboxParking.list(10)).toEqual([]);
    });
  });

  describe(`${name}: breaker store contract`, () => {
    it("keeps a location's state, closed until told otherwise", async () => {
      const { breakers } = await ports();
      expect(await breakers.read(GLN.gp)).toEqual({ state: "closed", failures: 0 });
      const opened = { state: "open", since: T0, until: T0 + 60_000, opens: 1 } as const;
      expect(await breakers.update(GLN.gp, () => ({ next: opened, result: "opened" }))).toBe("opened");
      expect(await breakers.update(GLN.gp, (s) => ({ result: s.state }))).toBe("open");
      expect(await breakers.read(GLN.gp)).toEqual(opened);
      expect(await breakers.read(GLN.ppr)).toEqual({ state: "closed", failures: 0 });
    });

    it("keeps the waiting line in acceptance order and leases a limited number of slots", async () => {
      const { breakers } = await ports();
      await breakers.wait(GLN.gp, "j2", T0 + 2);
      await breakers.wait(GLN.gp, "j1", T0 + 1);
      await breakers.wait(GLN.gp, "j2", T0 + 9);
      expect(await breakers.head(GLN.gp)).toBe("j1");
      expect(await breakers.waiting(GLN.gp)).toBe(2);
      await breakers.leave(GLN.gp, "j1");
      expect(await breakers.head(GLN.gp)).toBe("j2");
      // Leases are real times here: the Redis in-flight set expires with its newest lease (PEXPIREAT, Redis's clock).
      const t = Date.now();
      expect(await breakers.acquire(GLN.gp, "a", t, t + 100, 1)).toBe(true);
      expect(await breakers.acquire(GLN.gp, "a", t, t + 200, 1)).toBe(true);
      expect(await breakers.acquire(GLN.gp, "b", t + 50, t + 150, 1)).toBe(false);
      expect(await breakers.acquire(GLN.gp, "b", t + 200, t + 300, 1)).toBe(true); // a's lease lapsed
      await breakers.release(GLN.gp, "b");
      expect(await breakers.acquire(GLN.gp, "c", t + 201, t + 300, 1)).toBe(true);
      await breakers.queueForSlot(GLN.gp, "y", T0 + 2);
      await breakers.queueForSlot(GLN.gp, "x", T0 + 1);
      await breakers.leaveSlotQueue(GLN.gp, "y");
      expect(await breakers.nextForSlot(GLN.gp)).toBe("x");
      expect(await breakers.nextForSlot(GLN.gp)).toBeUndefined();
    });
  });
}
