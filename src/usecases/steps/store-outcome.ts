// What a failed store command tells the client (issue 12, point 1). A command that was never sent (the connection was
// down before it: ioredis refuses it from its offline queue) provably stored nothing: the usual 503 "nothing was
// accepted". A command that was sent and whose reply never came (connection lost, retries exhausted) may have run in
// Redis: the 503 says so, and that a retry with the same key is safe (CONTRACT.md §2: the first result is answered).
import { GatewayError } from "../../errors.js";
import { isRedisUnavailable } from "../../redis/connections.js";

/** ioredis's refusal of a command while the connection is down: nothing reached Redis. */
const NEVER_SENT = /enableOfflineQueue/;

/** How the client retries the same submission safely. */
export type RetryHint = "idempotency-key" | "same-bundle" | "same-acknowledgement" | "none";

const RETRY: Record<RetryHint, string> = {
  "idempotency-key": "Retry with the same Idempotency-Key: if it was accepted, the first answer is given again.",
  "same-bundle":
    "Send the same Bundle again (same MessageHeader.id): if it was accepted, the first answer is given again.",
  "same-acknowledgement":
    "Send the same acknowledgement again: if it was accepted, the first answer is given again and what is left of it is done.",
  none: "Without an Idempotency-Key a retry may be a second letter: look it up first, and send an Idempotency-Key.",
};

/** True when the store command may have run in Redis although no answer came. */
export function outcomeMayBeStored(err: unknown): boolean {
  return isRedisUnavailable(err) && !(err instanceof Error && NEVER_SENT.test(err.message));
}

/**
 * Rethrow a failure of a store step: an unknown outcome as `outcome-unknown`, anything else as it is. `afterStore`: a
 * step after a store that succeeded (or found an earlier one) failed, so Redis being away says nothing about the store.
 */
export function storeFailure(err: unknown, hint: RetryHint, afterStore = false): never {
  if (!(afterStore ? isRedisUnavailable(err) : outcomeMayBeStored(err))) throw err;
  throw new GatewayError("outcome-unknown", [
    {
      severity: "error",
      code: "store-outcome-unknown",
      path: "",
      message: `Redis did not confirm the store: the message may not have been accepted. ${RETRY[hint]}`,
    },
  ]);
}
