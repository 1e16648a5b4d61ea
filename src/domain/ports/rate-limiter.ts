// The rate limiter port: per-client request counting in fixed one-minute windows, shared by every API process.
// `now` is passed in (ms), so the window a request falls in is the injected clock's.

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window ends (Retry-After). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  take(clientId: string, perMinute: number, now: number): Promise<RateDecision>;
  /** How many were taken in the current window, without taking one. */
  taken(clientId: string, now: number): Promise<number>;
}
