// The rate limiter port: per-client request counting in fixed one-minute windows, shared by every API process.
// `now` is passed in (ms), so the window a request falls in is the injected clock's.

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window ends (Retry-After). */
  retryAfterSeconds: number;
}

/** An authenticated request's admission: the failures counted against its address, and its client's decision. */
export interface Admission {
  /** How many were taken under the address's key in the current window. */
  failed: number;
  /** The client's decision; absent when `failed` reached the budget (nothing was taken for the client then). */
  decision?: RateDecision;
}

export interface RateLimiter {
  take(clientId: string, perMinute: number, now: number): Promise<RateDecision>;
  /** How many were taken in the current window, without taking one. */
  taken(clientId: string, now: number): Promise<number>;
  /**
   * `taken(addressKey)` and, unless that reached `budget`, `take(clientId, perMinute)`, at once: an authenticated
   * request's two counts in one round trip instead of two (issue 17, point 3).
   */
  admit(addressKey: string, budget: number, clientId: string, perMinute: number, now: number): Promise<Admission>;
}
