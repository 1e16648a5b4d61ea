// A delivery through a local adapter (the mailbox): the attempt's start (its number, issue 12, point 5), the
// hand-over, the attempt, the status `delivered` and the delivery's count (/metrics, the console) are one atomic step
// in the store (issue 12, point 3), so the processor writes nothing before or after it. The acknowledgement deadline
// is scheduled in that step when the worker says which it is (deps.ackDeadlineFor: one round trip fewer, issue 17,
// point 3); otherwise first, as for every adapter, so a crash in between repeats it, never skips it.
import { randomUUID } from "node:crypto";
import type { DeliveryOutcome, LocalDeliveryAdapter } from "../adapters/types.js";
import type { MessageRecord } from "../src/domain/record.js";
import type { DeliveryDeps, DeliveryResult } from "./delivery-types.js";

/** "delivered" or "skipped" when done; a `retry` outcome (nothing written, no attempt started) for the processor's
 *  usual retry path. */
export async function deliverLocally(
  adapter: LocalDeliveryAdapter,
  handOver: { messageId: string; receiver: { gln: string } },
  record: MessageRecord,
  deps: Pick<DeliveryDeps, "scheduleAckDeadline" | "ackDeadlineFor" | "now" | "log" | "workerId">,
): Promise<DeliveryResult | DeliveryOutcome> {
  const { messageId } = handOver;
  const receiver = handOver.receiver.gln;
  const ackDeadline = deps.ackDeadlineFor?.(record);
  if (!deps.ackDeadlineFor) await deps.scheduleAckDeadline(record);
  const at = deps.now().toISOString();
  let result;
  try {
    // The run's token: ioredis sending this very step again after a lost reply is answered as the first run was.
    result = await adapter.deliverAndMark(
      { ...handOver, run: randomUUID() },
      {
        attempt: {
          at,
          type: "delivery-attempt",
          detail: {
            adapter: adapter.name,
            outcome: "delivered",
            ...(deps.workerId ? { worker: deps.workerId } : {}),
          },
        },
        delivered: { at, type: "delivered" },
        ...(ackDeadline ? { ackDeadline } : {}),
      },
    );
  } catch (err) {
    // The script ran whole or not at all; if only its reply was lost, the retry finds the message delivered.
    return {
      outcome: "retry",
      reason: `${adapter.name} adapter failed: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  if (result.outcome === "not-queued") {
    // Another run handed it over (or it left delivery): nothing was written. A message `delivered` but not in the
    // mailbox can only be left by an earlier version's separate steps; the operator is told, by id only.
    if (result.status === "delivered" && !result.inMailbox)
      deps.log.warn({ messageId, receiver }, "message is marked delivered but is not in the mailbox");
    return "skipped";
  }
  deps.log.info({ messageId, receiver, adapter: adapter.name, attempt: result.attempt }, "delivered");
  return "delivered";
}
