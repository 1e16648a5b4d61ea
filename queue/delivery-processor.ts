// The delivery worker's processor: `(job, deps) => result`, a pure function of its dependencies so it can be tested
// without Redis. It re-reads the record (job data is an id), does nothing for a message that is no longer being
// delivered (a second run of the same job after a stall or a kill), and records every attempt as an event.
// Retryable failures throw (BullMQ retries with backoff); permanent ones mark the message failed and throw
// UnrecoverableError so BullMQ stops (bullmq: patterns/stop-retrying-jobs).
import { DelayedError, UnrecoverableError } from "bullmq";
import {
  ContentGoneError,
  DocumentsRefused,
  isLocalAdapter,
  type Delivery,
  type DeliveryAdapter,
  type DeliveryOutcome,
} from "../adapters/types.js";
import { StoredValueCorrupt } from "../src/store/corrupt.js";
import type { MessageRecord } from "../src/domain/record.js";
import { sentFormat } from "../src/usecases/deliver/outgoing-documents.js";
import { markQueued } from "../src/usecases/steps/hand-over.js";
import { deliverLocally } from "./local-delivery.js";
import { documentsFor } from "./delivery-documents.js";
import { breakerFor } from "./breaker-hook.js";
import { isLargeDelivery, slotRetryAt } from "./large-delivery-gate.js";
import type { DeliveryControl, DeliveryDeps, DeliveryJob, DeliveryResult } from "./delivery-types.js";

export type { DeliveryControl, DeliveryDeps, DeliveryJob, DeliveryResult, DeliveryStore } from "./delivery-types.js";

export async function processDelivery(
  job: DeliveryJob,
  deps: DeliveryDeps,
  control?: DeliveryControl,
): Promise<DeliveryResult> {
  const { store, log } = deps;
  const id = job.data.messageId;
  const at = () => deps.now().toISOString();
  let record: MessageRecord | undefined;
  try {
    record = await store.get(id);
    if (record?.status === "accepted") {
      // This run made it `queued`: nothing else changed, so the record read is kept (no second read and unseal).
      // Otherwise another writer got there first, and the record is read again.
      record = (await markQueued(id, deps)) === "ok" ? { ...record, status: "queued" } : await store.get(id);
    }
  } catch (err) {
    // A record whose sealed fields fail their integrity check is not delivered (issue 11, point 8): the message
    // fails for good, and the operator finds it among the failures (the store has logged record and field).
    if (!(err instanceof StoredValueCorrupt)) throw err;
    const reason = "a stored value fails its integrity check";
    await store.transition(
      id,
      ["accepted", "queued"],
      "failed",
      { at: at(), type: "failed", detail: { reason } },
      { fields: { failureReason: reason } },
    );
    throw new UnrecoverableError(reason);
  }
  if (!record || record.status !== "queued") return "skipped";

  const route = deps.directory.resolveRoute(record.receiver.gln);
  const gate = route && breakerFor(deps, control, job, record, route.gln, route.delivery.adapter);
  const fail = async (reason: string): Promise<never> => {
    await gate?.done();
    await store.transition(
      id,
      "queued",
      "failed",
      { at: at(), type: "failed", detail: { reason } },
      { fields: { failureReason: reason } },
    );
    log.warn({ messageId: id, receiver: record.receiver.gln, reason }, "delivery failed");
    throw new UnrecoverableError(reason);
  };

  if (!route) return fail(`receiver ${record.receiver.gln} is no longer in the directory`);
  if (gate) await gate.checkWindow(fail);
  // The content is read once for the large-delivery gate and the documents both (the mailbox never reads it).
  let read: Promise<string | undefined> | undefined;
  const content = () => (read ??= store.content(id));
  const releaseSlot = await largeDeliverySlot(deps, control, route.delivery.adapter, content);
  try {
    if (gate) {
      const admission = await gate.admit();
      if (!admission.go) return gate.park(admission.until, fail);
    }
    return await deliverAdmitted();
  } finally {
    releaseSlot?.();
  }

  async function deliverAdmitted(): Promise<DeliveryResult> {
    if (!record || !route) throw new Error("unreachable: the record and route were checked");
    // A remote XDIS91 receiver is sent FHIR for its VANS provider to convert, unless convertLocally (issue 16).
    const preferredFormat = sentFormat(route, deps.convertLocally === true);
    const documents = documentsFor(record, { preferredFormat }, deps, content);
    if (preferredFormat === "xdis91") {
      // A legacy location's documents are made (and their ids remembered) before any adapter runs, the mailbox's too,
      // so a letter that cannot become OIOXML fails here with its reason instead of at the location's fetch.
      const refusal = await documents().then(
        () => undefined,
        async (err: unknown) => {
          if (err instanceof ContentGoneError || err instanceof DocumentsRefused) return err.message;
          if (err instanceof StoredValueCorrupt) return "the stored content fails its integrity check";
          await gate?.abandon();
          throw err;
        },
      );
      if (refusal !== undefined) return fail(refusal);
    }
    const attempt = job.attemptsMade + 1;
    const adapter = deps.adapterFor(route.gln, route.delivery);
    // A mailbox starts the attempt, hands over, counts and marks delivered in one atomic step (issue 12, point 3);
    // only when that step failed does the attempt take the retry path below.
    const local = isLocalAdapter(adapter)
      ? await deliverLocally(adapter, { messageId: id, receiver: { gln: route.gln } }, record, deps)
      : undefined;
    if (local === "delivered" || local === "skipped") return local;
    // The number the receiver is told counts every attempt ever started (issue 12, point 5): BullMQ's attemptsMade
    // starts again after a killed worker's stalled job or a re-added one; the retry budget below stays BullMQ's.
    const number = await store.startAttempt(id);
    if (number === 0) {
      // Another run of this job finished the letter since it was read: the slot `admit` took is given back now.
      await gate?.abandon();
      return "skipped";
    }
    const delivery: Delivery = {
      messageId: id,
      bundleId: record.bundleId,
      sender: { gln: record.sender.gln },
      receiver: { gln: route.gln },
      documents,
      attempt: number,
    };
    // Every other adapter's effect happens outside Redis first, and its status change below follows it.
    const outcome = local ?? (await deliverSafely(adapter, delivery));
    const reason = outcome.outcome === "delivered" ? undefined : outcome.reason;
    const counted = await store.recordAttempt(id, {
      at: at(),
      type: "delivery-attempt",
      detail: {
        attempt: number,
        adapter: adapter.name,
        outcome: outcome.outcome,
        ...(reason ? { reason } : {}),
        ...(deps.workerId ? { worker: deps.workerId } : {}),
      },
    });
    // The receiver's answer tells the location's breaker whether it is up, even on a repeated run.
    const after = await gate?.report(outcome.outcome === "retry" ? "failed" : "answered");
    if (counted === 0) return "skipped";
    await deps.counters?.deliveryOutcome(route.gln, outcome.outcome);
    // A retryable failure while the location is (now) down parks the letter instead of spending its retry budget.
    if (gate && after && after.state !== "closed" && outcome.outcome === "retry")
      return gate.park(after.state === "open" ? after.until : after.probeUntil, fail);

    switch (outcome.outcome) {
      case "delivered": {
        await deps.scheduleAckDeadline(record);
        const deliveredAt = at();
        await store.transition(
          id,
          "queued",
          "delivered",
          { at: deliveredAt, type: "delivered" },
          { fields: { deliveredAt } },
        );
        log.info({ messageId: id, receiver: route.gln, adapter: adapter.name, attempt: number }, "delivered");
        await gate?.done();
        return "delivered";
      }
      case "rejected":
        return fail(outcome.reason);
      case "retry": {
        const attempts = job.opts.attempts ?? 1;
        if (attempt >= attempts) return fail(`gave up after ${attempt} attempts: ${outcome.reason}`);
        log.info({ messageId: id, receiver: route.gln, attempt, reason: outcome.reason }, "delivery will be retried");
        throw new Error(outcome.reason);
      }
    }
  }
}

/**
 * A slot of this worker process for a large content (issue 17, step 1; large-delivery-gate.ts), or undefined when the
 * content is not large or nothing gates it. None free: the job is delayed a few seconds without spending an attempt.
 * A content that cannot be read is left to the documents step, which fails or retries it with its reason.
 */
async function largeDeliverySlot(
  deps: Pick<DeliveryDeps, "largeSlots" | "now" | "blobs">,
  control: DeliveryControl | undefined,
  adapter: string,
  content: () => Promise<string | undefined>,
): Promise<(() => void) | undefined> {
  const slots = deps.largeSlots;
  // The mailbox only moves the message's id: it never makes the documents.
  if (!slots || !control || adapter === "mailbox") return undefined;
  const blobs = deps.blobs;
  const blobSize = blobs ? (id: string) => blobs.size(id) : undefined;
  if (!(await isLargeDelivery(await content().catch(() => undefined), blobSize))) return undefined;
  const release = slots.take();
  if (release) return release;
  await control.park(slotRetryAt(deps.now().getTime()));
  throw new DelayedError();
}

/** An adapter that throws is treated as a retryable failure with the error as the reason, never swallowed. */
async function deliverSafely(
  adapter: DeliveryAdapter,
  delivery: Parameters<DeliveryAdapter["deliver"]>[0],
): Promise<DeliveryOutcome> {
  try {
    return await adapter.deliver(delivery);
  } catch (err) {
    if (err instanceof ContentGoneError || err instanceof DocumentsRefused)
      return { outcome: "rejected", reason: err.message };
    // Content that is not what the gateway sealed is never handed over, and retrying will not mend it.
    if (err instanceof StoredValueCorrupt)
      return { outcome: "rejected", reason: "the stored content fails its integrity check" };
    return {
      outcome: "retry",
      reason: `${adapter.name} adapter failed: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}
