// The circuit breaker at the delivery processor's door (issue 12, point 4): the I/O around the pure state machine in
// circuit-breaker.ts. Before a delivery it says go or wait; after one it records the receiver's answer; when a letter
// is done with its location it lets the next waiting one go.
//
// Order of acceptance: while a location is down, its letters join a waiting line scored by acceptance time and park
// as delayed jobs (no worker slot held, no attempt spent). When the location answers again, the line is released one
// letter at a time, oldest first: each letter that finishes wakes the next, and a letter arriving meanwhile queues
// behind the backlog. A letter that finds the line stuck (the head's job is gone) clears it on its own periodic
// wake-up, so a killed worker can only slow the line down, never stop it.
import type { Logger } from "../src/log.js";
import type { BreakerStore } from "../src/domain/ports/index.js";
import {
  admit,
  record,
  type Admission,
  type BreakerPolicy,
  type BreakerState,
  type Outcome,
} from "../src/domain/circuit-breaker.js";

export type GateDecision = { go: true; probe: boolean } | { go: false; until: number };

export interface BreakerGate {
  admit(gln: string, jobId: string, acceptedAt: number): Promise<GateDecision>;
  /** Record the receiver's outcome; returns the state after it (not closed: park the letter, do not retry it; it
   *  has joined the waiting line). */
  report(gln: string, jobId: string, outcome: Outcome, acceptedAt: number): Promise<BreakerState>;
  /** The letter is done with its location (delivered or failed for good): leave the line, wake the next. */
  done(gln: string, jobId: string): Promise<void>;
  /** The letter was admitted but is not tried (another run of its job finished it): give its delivery slot back at
   *  once (not when its lease lapses), and leave the line. */
  abandon(gln: string, jobId: string): Promise<void>;
}

/** What the gate needs of the delivery queue: wake a parked job; say whether a job can still run. */
export interface JobWaker {
  /** Promote a delayed job; "gone" when the job no longer exists or has finished. */
  wake(jobId: string): Promise<"woken" | "running" | "gone">;
}

export interface GateDeps {
  store: BreakerStore;
  waker: JobWaker;
  policy: BreakerPolicy;
  /** A waiting letter that is not at the head of the line looks again after this long (heals a stuck line). */
  recheckMs: number;
  /** Fairness: deliveries to one location running at once across all workers, so a slow receiver cannot take every
   *  worker slot. A letter over the limit waits without holding a worker slot, and is woken when a slot frees (or
   *  after `busyMs` ±50 %, in case that wake-up was missed). */
  inFlight: { limit: number; leaseMs: number; busyMs: number };
  now: () => number;
  log: Logger;
}

export function createBreakerGate(deps: GateDeps): BreakerGate {
  const { store, waker, policy, log } = deps;

  /** Wake the head of the line; a head whose job is gone is dropped and the next one woken. */
  async function wakeHead(gln: string): Promise<string | undefined> {
    for (let i = 0; i < 100; i++) {
      const head = await store.head(gln);
      if (head === undefined) return undefined;
      if ((await waker.wake(head)) !== "gone") return head;
      await store.leave(gln, head);
    }
    return undefined;
  }

  /** Free the job's slot and wake the oldest letter waiting for one. */
  async function release(gln: string, jobId: string): Promise<void> {
    await store.release(gln, jobId);
    for (let i = 0; i < 10; i++) {
      const next = await store.nextForSlot(gln);
      if (next === undefined || (await waker.wake(next)) !== "gone") return;
    }
  }

  return {
    async admit(gln, jobId, acceptedAt) {
      const now = deps.now();
      const { limit, leaseMs, busyMs } = deps.inFlight;
      const acquire = () => store.acquire(gln, jobId, now, now + leaseMs, limit);
      if (!(await acquire())) {
        await store.queueForSlot(gln, jobId, acceptedAt);
        // A slot freed between the first try and joining the queue would wake nobody: try once more.
        if (!(await acquire())) return { go: false, until: now + Math.round(busyMs * (0.5 + Math.random())) };
      }
      // Off the slot queue (a letter that came back on its own pause is still in it, and a stale entry would take
      // the wake-up meant for a letter that waits).
      const [, decision] = await Promise.all([store.leaveSlotQueue(gln, jobId), decide(gln, jobId, acceptedAt, now)]);
      if (!decision.go) await release(gln, jobId);
      return decision;
    },

    async report(gln, jobId, outcome, acceptedAt) {
      const now = deps.now();
      const [, [next, change]] = await Promise.all([
        release(gln, jobId),
        store.update(gln, (s) => {
          const [n, c] = record(s, outcome, now, policy);
          return n === s ? { result: [n, c] as const } : { next: n, result: [n, c] as const };
        }),
      ]);
      // A letter that failed on a location now down waits in line with the others, in order of acceptance.
      if (outcome === "failed" && next.state !== "closed") await store.wait(gln, jobId, acceptedAt);
      if (change === "down") log.warn({ receiver: gln, failures: policy.threshold }, "location down");
      if (change === "up") {
        log.info({ receiver: gln }, "location up: its waiting letters flow again, oldest first");
        await wakeHead(gln);
      }
      return next;
    },

    done,

    async abandon(gln, jobId) {
      await release(gln, jobId);
      await done(gln, jobId);
    },
  };

  function admitAs(gln: string, isHead: boolean, now: number): Promise<{ s: BreakerState; a: Admission }> {
    return store.update<{ s: BreakerState; a: Admission }>(gln, (s) => {
      const a = admit(s, now, isHead, policy);
      return a.go && a.next ? { next: a.next, result: { s, a } } : { result: { s, a } };
    });
  }

  async function done(gln: string, jobId: string): Promise<void> {
    // The slot was given back when the outcome was reported; only the line is left, and it is usually empty.
    await store.leave(gln, jobId);
    if ((await store.head(gln)) !== undefined && (await store.read(gln)).state === "closed") await wakeHead(gln);
  }

  async function decide(gln: string, jobId: string, acceptedAt: number, now: number): Promise<GateDecision> {
    const head = await store.head(gln);
    const decision = await admitAs(gln, head === undefined || head === jobId, now);
    if (!decision.a.go && decision.a.headLate) {
      // The head should have probed by now. Wake it rather than probe in its place (it would then be overtaken);
      // a head whose job is gone is dropped, and when this letter is next in line it probes itself.
      await store.wait(gln, jobId, acceptedAt);
      if ((await wakeHead(gln)) === jobId) {
        const retried = await admitAs(gln, true, now);
        if (retried.a.go) return { go: true, probe: retried.s.state !== "closed" };
        return { go: false, until: retried.a.until };
      }
      return { go: false, until: now + deps.recheckMs };
    }
    if (decision.a.go && decision.s.state !== "closed") return { go: true, probe: true };
    if (decision.a.go && (head === undefined || head === jobId)) return { go: true, probe: false };
    // Closed behind a backlog, or down: wait in line. A letter behind a released backlog is woken by the one ahead
    // of it; it also looks again after `recheckMs` in case the line is stuck.
    await store.wait(gln, jobId, acceptedAt);
    if (decision.a.go) {
      const woken = await wakeHead(gln);
      if (woken === jobId) return { go: true, probe: false };
      return { go: false, until: now + deps.recheckMs };
    }
    return { go: false, until: decision.a.until };
  }
}
