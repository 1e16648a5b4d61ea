// The worker side of the large-message gate (issue 17, docs/large-messages.md step 1): a delivery of a large content
// takes one of a few slots of its worker process for as long as it runs, so a burst of large letters cannot have a
// worker making and sending a dozen of them at once while the API's gate holds. A job that finds no slot free is put
// back in the queue's delayed set for a few seconds (the breaker's idiom, breaker-hook.ts: moveToDelayed and
// DelayedError), which frees its worker slot and spends no attempt; it is not failed.
//
// Large: the content names a detached attachment (its data then streams from the blob store), or the content itself
// is over LARGE_CONTENT_CHARS (a letter accepted whole, before issue 17). Counted per process: memory is per process.
import { mayNameDetached } from "../src/medcom/detached-text.js";

/** Large deliveries at once per worker process, by default: each streams with bounded memory, but still costs some. */
export const LARGE_DELIVERY_SLOTS = 2;
/** A content over this many characters is large even without a detached attachment (GATEWAY_LARGE_BODY_BYTES' 1 MiB). */
export const LARGE_CONTENT_CHARS = 1024 * 1024;
/** A job that finds no slot looks again after this long, ±50 % so waiting jobs do not come back together. */
export const LARGE_DELIVERY_RETRY_MS = 5_000;

export interface LargeDeliverySlots {
  /** A slot, or undefined when all are taken. The release is idempotent. */
  take(): (() => void) | undefined;
  /** Slots taken now (for tests and metrics). */
  readonly inUse: number;
}

export function largeDeliverySlots(limit = LARGE_DELIVERY_SLOTS): LargeDeliverySlots {
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError("large delivery slots must be a whole number ≥ 1");
  let inUse = 0;
  return {
    take() {
      if (inUse >= limit) return undefined;
      inUse++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        inUse--;
      };
    },
    get inUse() {
      return inUse;
    },
  };
}

/** Whether a stored content makes a large delivery. */
export const isLargeContent = (content: string | undefined): boolean =>
  content !== undefined && (content.length > LARGE_CONTENT_CHARS || mayNameDetached(content));

/** When a job without a slot looks again: LARGE_DELIVERY_RETRY_MS ±50 %. */
export const slotRetryAt = (now: number, random: () => number = Math.random): number =>
  now + Math.round(LARGE_DELIVERY_RETRY_MS * (0.5 + random()));
