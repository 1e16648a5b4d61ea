// Issue 12, point 4: the per-location circuit breaker's state machine, with the clock as an argument.
import { describe, expect, it } from "vitest";
import {
  CLOSED,
  admit,
  isDown,
  openFor,
  record,
  type BreakerPolicy,
  type BreakerState,
} from "../../../src/domain/circuit-breaker.js";

const P: BreakerPolicy = { threshold: 3, openMs: 1_000, maxOpenMs: 8_000, probeLeaseMs: 500, headGraceMs: 100 };

function fail(s: BreakerState, times: number, at: number): BreakerState {
  for (let i = 0; i < times; i++) s = record(s, "failed", at, P)[0];
  return s;
}

describe("circuit breaker", () => {
  it("lets every delivery through while closed", () => {
    expect(admit(CLOSED, 0, false, P)).toEqual({ go: true, probe: false });
    expect(admit({ state: "closed", failures: 2 }, 0, false, P)).toEqual({ go: true, probe: false });
  });

  it("marks a location down after `threshold` retryable failures in a row, and says so once", () => {
    let s: BreakerState = CLOSED;
    const changes = [];
    for (let i = 0; i < 4; i++) {
      const [next, change] = record(s, "failed", 10_000, P);
      changes.push(change);
      s = next;
    }
    expect(changes).toEqual([undefined, undefined, "down", undefined]);
    expect(s).toEqual({ state: "open", since: 10_000, until: 11_000, opens: 1 });
    expect(isDown(s)).toBe(true);
  });

  it("an answer in between (even a refusal) resets the count", () => {
    let s = fail(CLOSED, 2, 0);
    s = record(s, "answered", 0, P)[0];
    expect(s).toEqual(CLOSED);
    expect(fail(s, 2, 0).state).toBe("closed");
  });

  it("makes letters wait while open, without a probe before the opening lapses", () => {
    const s = fail(CLOSED, 3, 0);
    expect(admit(s, 999, true, P)).toEqual({ go: false, until: 1_000 });
  });

  it("lets only the oldest waiting letter probe when the opening lapses; after a grace the others say it is late", () => {
    const s = fail(CLOSED, 3, 0);
    const head = admit(s, 1_000, true, P);
    expect(head).toEqual({
      go: true,
      probe: true,
      next: { state: "half-open", since: 0, probeUntil: 1_500, opens: 1 },
    });
    expect(admit(s, 1_000, false, P)).toEqual({ go: false, until: 1_100 });
    // Never a probe from behind the head: it would be delivered ahead of the whole backlog.
    expect(admit(s, 1_100, false, P)).toEqual({ go: false, until: 1_200, headLate: true });
    expect(admit(s, 60_000, false, P)).toMatchObject({ go: false, headLate: true });
  });

  it("allows one probe at a time, and a new one when a probe is lost (its lease lapses)", () => {
    const half: BreakerState = { state: "half-open", since: 0, probeUntil: 1_500, opens: 1 };
    expect(admit(half, 1_200, true, P)).toEqual({ go: false, until: 1_500 });
    expect(admit(half, 1_500, true, P)).toMatchObject({ go: true, probe: true, next: { probeUntil: 2_000 } });
    expect(admit(half, 1_500, false, P)).toEqual({ go: false, until: 1_600, headLate: true });
  });

  it("a failed probe opens again for twice as long, up to the maximum", () => {
    let s: BreakerState = { state: "half-open", since: 0, probeUntil: 1_500, opens: 1 };
    s = record(s, "failed", 1_200, P)[0];
    expect(s).toEqual({ state: "open", since: 0, until: 3_200, opens: 2 });
    expect([1, 2, 3, 4, 5, 9].map((n) => openFor(n, P))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it("a probe that is answered closes the breaker and says the location is up", () => {
    const half: BreakerState = { state: "half-open", since: 0, probeUntil: 1_500, opens: 3 };
    expect(record(half, "answered", 1_200, P)).toEqual([CLOSED, "up"]);
  });

  it("a delivery that was already running when the location went down changes nothing", () => {
    const open: BreakerState = { state: "open", since: 0, until: 1_000, opens: 1 };
    expect(record(open, "failed", 10, P)).toEqual([open, undefined]);
  });
});
