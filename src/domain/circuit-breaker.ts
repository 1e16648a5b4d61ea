// The per-location circuit breaker as a pure state machine (issue 12, point 4): no I/O, the clock is an argument.
// A receiving location that fails `threshold` deliveries in a row is marked down (open): its letters wait without
// spending delivery attempts, and after `openMs` one letter is let through as a probe (half-open). A probe that gets
// an answer closes the breaker and the backlog flows again; a probe that fails opens it again for twice as long, up to
// `maxOpenMs`, so a receiver that is down for an afternoon is tried a few times an hour, not hammered.
//
// Only retryable failures count (5xx, timeouts, a refused connection): a receiver that refuses one letter with a 4xx
// has answered, so it is up (the letter itself fails for good; that is the adapter contract in adapters/types.ts).

import { CLOSED, type BreakerState } from "./breaker.js";

export { CLOSED, type BreakerState };

export interface BreakerPolicy {
  /** Retryable failures in a row that mark a location down. */
  threshold: number;
  /** How long the first opening lasts before a probe; doubled after each failed probe. */
  openMs: number;
  maxOpenMs: number;
  /** A probe that has not reported after this long is taken as lost (its worker died): another may go. */
  probeLeaseMs: number;
  /** After an opening lapses, the oldest waiting letter is the probe (order of acceptance); if it has not come
   *  within this grace, a letter behind it wakes it (and drops it if its job is gone) instead of probing itself. */
  headGraceMs: number;
}

export type Admission =
  /** Deliver now; `probe` when this delivery is the half-open probe. */
  | { go: true; probe: boolean; next?: BreakerState }
  /** Do not try: wait until this time (ms since the epoch), without spending an attempt. `headLate`: only the
   *  head of the line may probe, and it is late: the caller should wake it (or find that its job is gone). */
  | { go: false; until: number; headLate?: true };

/**
 * May a delivery to the location go now? `isHead`: the letter is the oldest one waiting for this location. Returns a
 * `next` state only when admitting changes it (becoming the probe), so the caller writes only then.
 */
export function admit(s: BreakerState, now: number, isHead: boolean, p: BreakerPolicy): Admission {
  switch (s.state) {
    case "closed":
      return { go: true, probe: false };
    case "open": {
      if (now < s.until) return { go: false, until: s.until };
      // Only the oldest waiting letter probes: a probe that answers sends its letter first, so a letter from the
      // back of the line probing would overtake the whole backlog (the order of acceptance is the promise).
      if (isHead) return { go: true, probe: true, next: halfOpen(s, now, p) };
      const grace = s.until + p.headGraceMs;
      return now < grace ? { go: false, until: grace } : { go: false, until: now + p.headGraceMs, headLate: true };
    }
    case "half-open":
      // One probe at a time; a probe that never reported (its worker was killed) is replaced after its lease, by
      // the head again (its job re-runs once the queue finds it stalled), never by a letter behind it.
      if (now < s.probeUntil) return { go: false, until: s.probeUntil };
      if (isHead) return { go: true, probe: true, next: halfOpen(s, now, p) };
      return { go: false, until: now + p.headGraceMs, headLate: true };
  }
}

const halfOpen = (s: { since: number; opens: number }, now: number, p: BreakerPolicy): BreakerState => ({
  state: "half-open",
  since: s.since,
  probeUntil: now + p.probeLeaseMs,
  opens: s.opens,
});

export type Outcome = "answered" | "failed";

/** What changed, for the log line and the gauge: `down` as soon as a location is marked down, `up` when it answers. */
export type Change = "down" | "up" | undefined;

export function record(s: BreakerState, outcome: Outcome, now: number, p: BreakerPolicy): [BreakerState, Change] {
  if (outcome === "answered") return s.state === "closed" && s.failures === 0 ? [s, undefined] : [CLOSED, up(s)];
  switch (s.state) {
    case "closed": {
      const failures = s.failures + 1;
      if (failures < p.threshold) return [{ state: "closed", failures }, undefined];
      return [{ state: "open", since: now, until: now + p.openMs, opens: 1 }, "down"];
    }
    case "half-open":
      return [{ state: "open", since: s.since, until: now + openFor(s.opens + 1, p), opens: s.opens + 1 }, undefined];
    case "open":
      // A delivery that was already running when the location was marked down: it changes nothing.
      return [s, undefined];
  }
}

const up = (s: BreakerState): Change => (s.state === "closed" ? undefined : "up");

/** The n-th opening (1 = the first) lasts openMs·2^(n−1), at most maxOpenMs. */
export function openFor(n: number, p: BreakerPolicy): number {
  return Math.min(p.maxOpenMs, p.openMs * 2 ** Math.min(n - 1, 30));
}

/** Down for the operator: open or half-open (a probe has not answered yet). */
export const isDown = (s: BreakerState): boolean => s.state !== "closed";
