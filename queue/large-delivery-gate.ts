// The worker side of the large-message gate (issue 17, docs/large-messages.md step 1): a delivery of a large content
// takes one of a few slots of its worker process for as long as it runs, so a burst of large letters cannot have a
// worker making and sending a dozen of them at once while the API's gate holds. A job that finds no slot free is put
// back in the queue's delayed set for a few seconds (the breaker's idiom, breaker-hook.ts: moveToDelayed and
// DelayedError), which frees its worker slot and spends no attempt; it is not failed.
//
// Large: the document delivered is over LARGE_CONTENT_CHARS, each detached attachment counted as the base64 it
// expands into (its blob's size, asked of the blob store), or the content itself is that large (a letter accepted
// whole, before issue 17). Every attachment over 48 KiB is detached, whatever its body's size, so naming one does not
// make a letter large: a 200 KB PDF streams in one chunk. Counted per process: memory is per process.
import { detachedBlobsOf, mayNameDetached } from "../src/medcom/detached-text.js";

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

/**
 * Whether a stored content makes a large delivery. `blobSize` gives a detached attachment's decoded size; without it,
 * or when a blob's size is unknown (missing: the documents step then fails the letter with its reason), or the
 * content does not parse, a content naming a detached attachment counts as large.
 */
export async function isLargeDelivery(
  content: string | undefined,
  blobSize?: (id: string) => Promise<number | undefined>,
): Promise<boolean> {
  if (content === undefined) return false;
  if (content.length > LARGE_CONTENT_CHARS) return true;
  if (!mayNameDetached(content)) return false;
  if (!blobSize) return true;
  let named: Map<string, number>;
  try {
    named = detachedBlobsOf(JSON.parse(content));
  } catch {
    return true;
  }
  let chars = content.length;
  for (const [id, times] of named) {
    const size = await blobSize(id).catch(() => undefined);
    if (size === undefined) return true;
    chars += times * base64Chars(size);
    if (chars > LARGE_CONTENT_CHARS) return true;
  }
  return false;
}

const base64Chars = (bytes: number): number => 4 * Math.ceil(bytes / 3);

/** When a job without a slot looks again: LARGE_DELIVERY_RETRY_MS ±50 %. */
export const slotRetryAt = (now: number, random: () => number = Math.random): number =>
  now + Math.round(LARGE_DELIVERY_RETRY_MS * (0.5 + random()));
