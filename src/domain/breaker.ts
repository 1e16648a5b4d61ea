// A receiving location's circuit breaker state (issue 12, point 4), as stored and shown to administrators. The pure
// state machine that moves it is circuit-breaker.ts.

export type BreakerState =
  | { state: "closed"; failures: number }
  | { state: "open"; since: number; until: number; opens: number }
  | { state: "half-open"; since: number; probeUntil: number; opens: number };

/** A location is presumed up until deliveries say otherwise. */
export const CLOSED: BreakerState = { state: "closed", failures: 0 };
