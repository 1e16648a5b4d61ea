// The acknowledgement deadlines' sorted set and its sweep (queue/ack-deadlines.ts, queue/ack-deadline-sweep.ts) on a
// real redis-server: scheduling twice is a no-op, a claim takes only what is due on the gateway's clock and only once,
// a claim whose worker died is taken again after its lease, a deadline not due yet waits again, an error is retried
// with exponential backoff and recorded as failed after the last attempt (DOMAIN.md §2.9 KR7, MR5–MR7; the guarantees
// the BullMQ deadline jobs gave).
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { sweepAckDeadlines } from "../../../queue/ack-deadline-sweep.js";
import {
  createAckDeadlines,
  DEADLINE_ATTEMPTS,
  deadlineKeys,
  deadlineMember,
  type DeadlineRef,
} from "../../../queue/ack-deadlines.js";
import type { MessageRecord } from "../../../src/domain/record.js";
import { silentLogger } from "../../../src/log.js";
import type { DeadlineDeps } from "../../../src/usecases/resend/resend-unanswered.js";
import { fakeClock } from "../../support/clock.js";
import { uniquePrefix } from "../../support/gateway.js";

const redis = new Redis(inject("redisUrl"));
afterAll(() => redis.disconnect());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function setup(leaseMs?: number) {
  const prefix = uniquePrefix();
  const clock = fakeClock();
  const deadlines = createAckDeadlines(redis, prefix, clock.now, leaseMs !== undefined ? { leaseMs } : {});
  const keys = deadlineKeys(prefix);
  const ref = (send = 0): DeadlineRef => ({ messageId: randomUUID(), send, reason: "no-acknowledgement" });
  const dueAt = (r: DeadlineRef) =>
    redis.zscore(keys.due, deadlineMember(r)).then((s) => (s === null ? null : Number(s)));
  return { prefix, clock, deadlines, keys, ref, dueAt };
}

/** Deadline dependencies around a store whose read is `get` (the sweep's own logic is what is tested here). */
function deps(get: (id: string) => Promise<MessageRecord | undefined>, now: () => Date): DeadlineDeps {
  return {
    store: { get, content: () => Promise.resolve(undefined), transition: () => Promise.resolve("ok") },
    handOver: () => Promise.resolve(),
    maxResends: 2,
    ackTimeoutMs: 60_000,
    newId: randomUUID,
    now,
    log: silentLogger(),
  } as unknown as DeadlineDeps;
}

describe("acknowledgement deadlines in a sorted set", () => {
  it("schedules a deadline once: scheduling it again is a no-op", async () => {
    const t = setup();
    const r = t.ref();
    await t.deadlines.schedule(r, 60_000);
    t.clock.advance(5_000);
    await t.deadlines.schedule(r, 60_000);
    expect(await t.dueAt(r)).toBe(t.clock.ms() - 5_000 + 60_000);
    expect(await t.deadlines.counts()).toEqual({ scheduled: 1, claimed: 0, failed: 0 });
    // Another send or another reason is another deadline.
    await t.deadlines.schedule({ ...r, send: 1 }, 60_000);
    await t.deadlines.schedule({ ...r, reason: "transient-error" }, 1_000);
    expect((await t.deadlines.counts()).scheduled).toBe(3);
  });

  it("claims only what is due on the gateway's clock, once, and settles it", async () => {
    const t = setup();
    const [soon, later] = [t.ref(), t.ref(3)];
    await t.deadlines.schedule(soon, 1_000);
    await t.deadlines.schedule(later, 60_000);
    expect(await t.deadlines.claim(10)).toEqual([]);
    t.clock.advance(1_000);
    expect(await t.deadlines.claim(10)).toEqual([soon]);
    expect(await t.deadlines.claim(10), "a claim is held").toEqual([]);
    expect(await t.deadlines.counts()).toEqual({ scheduled: 1, claimed: 1, failed: 0 });
    expect(await t.deadlines.done(soon)).toBe("done");
    expect(await t.deadlines.done(soon), "settled once").toBe("not-held");
    t.clock.advance(59_000);
    expect(await t.deadlines.claim(10)).toEqual([later]);
  });

  it("never gives one deadline to two sweeps at once", async () => {
    const t = setup();
    const refs = Array.from({ length: 50 }, () => t.ref());
    for (const r of refs) await t.deadlines.schedule(r, 0);
    const claims = await Promise.all([t.deadlines.claim(20), t.deadlines.claim(20), t.deadlines.claim(20)]);
    const ids = claims.flat().map((r) => r.messageId);
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(50);
  });

  it("takes over a claim whose worker died, once its lease (on Redis's clock) has lapsed", async () => {
    const t = setup(300);
    const r = t.ref();
    await t.deadlines.schedule(r, 0);
    expect(await t.deadlines.claim(10)).toEqual([r]);
    // The gateway's clock moved far on: the lease is not on it.
    t.clock.advance(3_600_000);
    expect(await t.deadlines.claim(10)).toEqual([]);
    await sleep(350);
    expect(await t.deadlines.claim(10)).toEqual([r]);
    expect(await t.deadlines.claim(10)).toEqual([]);
    expect(await t.deadlines.done(r)).toBe("done");
    expect(await t.deadlines.counts()).toEqual({ scheduled: 0, claimed: 0, failed: 0 });
  });

  it("a sweep whose run hangs (a killed worker) leaves the deadline to the next sweep after the lease", async () => {
    const t = setup(300);
    const r = t.ref();
    await t.deadlines.schedule(r, 0);
    let taken!: () => void;
    const took = new Promise<void>((resolve) => (taken = resolve));
    const dying = sweepAckDeadlines(
      t.deadlines,
      deps(() => {
        taken();
        return new Promise<undefined>(() => undefined);
      }, t.clock.now),
    );
    void dying;
    await took;
    const read: string[] = [];
    const survivor = deps((id) => {
      read.push(id);
      return Promise.resolve(undefined);
    }, t.clock.now);
    expect((await sweepAckDeadlines(t.deadlines, survivor)).skipped).toBe(0);
    await sleep(350);
    expect(await sweepAckDeadlines(t.deadlines, survivor)).toMatchObject({ skipped: 1, errors: 0 });
    expect(read).toEqual([r.messageId]);
    expect(await t.deadlines.counts()).toEqual({ scheduled: 0, claimed: 0, failed: 0 });
  });

  it("schedules a deadline not due yet again for when it is due, spending no attempt", async () => {
    const t = setup();
    const r = t.ref();
    await t.deadlines.schedule(r, 0);
    // Delivered 10 s ago on the gateway's clock, the acknowledgement time is 60 s: due 50 s from now.
    const deliveredAt = new Date(t.clock.ms() - 10_000).toISOString();
    const record = { id: r.messageId, status: "delivered", resends: 0, deliveredAt } as unknown as MessageRecord;
    const d = deps(() => Promise.resolve(record), t.clock.now);
    expect(await sweepAckDeadlines(t.deadlines, d)).toMatchObject({ postponed: 1 });
    expect(await t.dueAt(r)).toBe(t.clock.ms() + 50_000);
    expect(await t.deadlines.counts()).toEqual({ scheduled: 1, claimed: 0, failed: 0 });
    expect(await redis.hgetall(t.keys.tries)).toEqual({});
  });

  it("retries a run that throws after 1, 2, 4, 8 s, then records it as failed with its error", async () => {
    const t = setup();
    const r = t.ref(1);
    await t.deadlines.schedule(r, 0);
    const d = deps(() => Promise.reject(new Error("store unreadable")), t.clock.now);
    const delays: number[] = [];
    for (let attempt = 1; attempt < DEADLINE_ATTEMPTS; attempt++) {
      expect(await sweepAckDeadlines(t.deadlines, d)).toMatchObject({ errors: 1 });
      const due = (await t.dueAt(r)) ?? NaN;
      delays.push(due - t.clock.ms());
      expect(await sweepAckDeadlines(t.deadlines, d), "not before its backoff").toMatchObject({ errors: 0 });
      t.clock.advance(due - t.clock.ms());
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(await sweepAckDeadlines(t.deadlines, d)).toMatchObject({ errors: 1 });
    expect(await t.deadlines.counts()).toEqual({ scheduled: 0, claimed: 0, failed: 1 });
    expect(await t.deadlines.failures()).toEqual([{ ...r, at: t.clock.ms(), error: "store unreadable" }]);
    expect(await redis.hgetall(t.keys.tries), "nothing left behind").toEqual({});
  });

  it("drops a failure after seven days", async () => {
    const t = setup();
    const r = t.ref();
    await t.deadlines.schedule(r, 0);
    for (let i = 0; i < DEADLINE_ATTEMPTS; i++) {
      await t.deadlines.claim(1);
      await t.deadlines.fail(r, "boom");
      t.clock.advance(60_000);
    }
    expect((await t.deadlines.counts()).failed).toBe(1);
    t.clock.advance(7 * 24 * 3_600_000);
    await t.deadlines.claim(1);
    expect(await t.deadlines.counts()).toEqual({ scheduled: 0, claimed: 0, failed: 0 });
    expect(await redis.exists(t.keys.failedReasons)).toBe(0);
  });
});
