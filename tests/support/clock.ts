// A clock a test sets and advances (src/domain/clock.ts): time moves only when the test says so, so nothing waits.
import type { Clock } from "../../src/domain/clock.js";

export interface FakeClock extends Clock {
  /** Move the time on by `ms`. */
  readonly advance: (ms: number) => void;
  /** The time now, in ms. */
  readonly ms: () => number;
}

export function fakeClock(start = "2026-11-22T09:00:00.000Z"): FakeClock {
  let at = Date.parse(start);
  return {
    now: () => new Date(at),
    ms: () => at,
    advance(ms) {
      at += ms;
    },
  };
}

/** The system's time moved on by whatever the test adds: time flows as usual, and jumps when the test says so. */
export function offsetClock(): FakeClock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    ms: () => Date.now() + offset,
    advance(ms) {
      offset += ms;
    },
  };
}
