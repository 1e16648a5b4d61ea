// The delivery processor's small hook into the circuit breaker and the delivery window (issue 12, point 4), kept out
// of the processor so it stays one readable path. Parking a letter moves its job to BullMQ's delayed set with
// `moveToDelayed` and throws DelayedError: the worker slot is freed at once and no attempt is counted (bullmq:
// patterns/process-step-jobs). The delivery window is measured in time from acceptance, not in attempts, so a
// receiver that is down for an afternoon costs its letters nothing; only a letter still undelivered when the window
// ends fails, with the reason.
import { DelayedError } from "bullmq";
import type { Delivery } from "../src/config/schema.js";
import type { MessageRecord } from "../src/domain/record.js";
import type { GateDecision } from "./breaker-gate.js";
import type { Outcome, BreakerState } from "../src/domain/circuit-breaker.js";
import type { DeliveryControl, DeliveryDeps, DeliveryJob } from "./delivery-types.js";

type Fail = (reason: string) => Promise<never>;

export interface BreakerHook {
  /** Fails the letter (through `fail`) when its delivery window is over. */
  checkWindow(fail: Fail): Promise<void>;
  admit(): Promise<GateDecision>;
  report(outcome: Outcome): Promise<BreakerState>;
  /** Park the job until `until` (never past the window's end) without spending an attempt. */
  park(until: number, fail: Fail): Promise<never>;
  done(): Promise<void>;
  /** Admitted but not tried: the slot back at once, out of the line. */
  abandon(): Promise<void>;
}

export function breakerFor(
  deps: Pick<DeliveryDeps, "breaker" | "deliveryWindowMs" | "now">,
  control: DeliveryControl | undefined,
  job: DeliveryJob,
  record: MessageRecord,
  gln: string,
  adapter: Delivery["adapter"],
): BreakerHook | undefined {
  const { breaker } = deps;
  const jobId = job.id;
  // The mailbox is the gateway's own Redis: there is no receiver to be down.
  if (!breaker || !control || jobId === undefined || adapter === "mailbox") return undefined;
  const acceptedAt = Date.parse(record.createdAt);
  const windowMs = deps.deliveryWindowMs ?? Number.POSITIVE_INFINITY;
  const windowEnd = acceptedAt + windowMs;
  const overdue = (now: number) => now >= windowEnd;
  const windowReason = `not delivered within the delivery window (${round(windowMs / 3_600_000)} h after acceptance)`;
  const done = () => breaker.done(gln, jobId);
  return {
    async checkWindow(fail) {
      if (!overdue(deps.now().getTime())) return;
      await fail(`${windowReason}: the receiving location did not take it`);
    },
    admit: () => breaker.admit(gln, jobId, acceptedAt),
    report: (outcome) => breaker.report(gln, jobId, outcome, acceptedAt),
    async park(until, fail) {
      if (overdue(deps.now().getTime())) return fail(`${windowReason}: the receiving location is down`);
      await control.park(Math.min(until, windowEnd));
      throw new DelayedError();
    },
    done,
    abandon: () => breaker.abandon(gln, jobId),
  };
}

const round = (hours: number) => Math.round(hours * 1000) / 1000;
