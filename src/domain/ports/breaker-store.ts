// The circuit breakers' shared state port (issue 12, point 4): every worker sees the same state of a location; a
// change is a compare-and-set, so two workers that both see an opening lapse cannot both become the probe.
import type { BreakerState } from "../breaker.js";

export interface BreakerStore {
  read(gln: string): Promise<BreakerState>;
  /** Apply `step` to the current state and store what it returns (`next` undefined: no write), retrying when another
   *  worker changed the state in between. Returns step's result for the state it was finally applied to. */
  update<T>(gln: string, step: (s: BreakerState) => { next?: BreakerState; result: T }): Promise<T>;
  /** Join the location's waiting line (a no-op when already in it: the score stays the first acceptance time). */
  wait(gln: string, jobId: string, acceptedAt: number): Promise<void>;
  leave(gln: string, jobId: string): Promise<void>;
  /** The oldest waiting job, if any. */
  head(gln: string): Promise<string | undefined>;
  waiting(gln: string): Promise<number>;
  /** Take one of the location's `limit` delivery slots until `leaseUntil` (a job that holds one keeps it); false
   *  when all are taken. A slot whose lease lapsed (its worker died) is free again. */
  acquire(gln: string, jobId: string, now: number, leaseUntil: number, limit: number): Promise<boolean>;
  release(gln: string, jobId: string): Promise<void>;
  /** Wait for a slot: join (or, with `leave`, quit) the location's slot queue. */
  queueForSlot(gln: string, jobId: string, acceptedAt: number): Promise<void>;
  leaveSlotQueue(gln: string, jobId: string): Promise<void>;
  /** Take the oldest job waiting for a slot off that queue. */
  nextForSlot(gln: string): Promise<string | undefined>;
}
