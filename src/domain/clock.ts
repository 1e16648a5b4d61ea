// The clock port. Everything that reads the time reads it from the clock it was given (main.ts: the system clock),
// so a test can set and advance time instead of waiting for it (issue 14, point 4). Delays handed to the queue are
// computed from this clock (a due time minus now), never from the process's own.

export interface Clock {
  readonly now: () => Date;
}

/** The form the use cases' dependencies carry (`deps.now`). */
export type Now = Clock["now"];

export const systemClock: Clock = { now: () => new Date() };
