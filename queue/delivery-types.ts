// The delivery processor's contract (its dependencies, its job, what it may do with the job, its result), apart from
// the processor so the pieces it calls (local delivery, the breaker hook) can name it without a cycle.
import type { DeliveryAdapter } from "../adapters/types.js";
import type { Delivery as DeliveryConfig } from "../src/config/schema.js";
import type { AckDeadlineWrite, Counters, MessageStore } from "../src/domain/ports/index.js";
import type { BlobStore } from "../src/domain/ports/blob-store.js";
import type { MessageRecord } from "../src/domain/record.js";
import type { Logger } from "../src/log.js";
import type { Directory } from "../src/routing/directory.js";
import type { BreakerGate } from "./breaker-gate.js";
import type { LargeDeliverySlots } from "./large-delivery-gate.js";
import type { DeliveryJobData } from "./policy.js";
import type { OutgoingDeps } from "../src/usecases/deliver/legacy-conversions.js";

/** The part of the store a delivery needs. */
export type DeliveryStore = Pick<MessageStore, "get" | "content" | "transition" | "recordAttempt" | "startAttempt">;

export interface DeliveryDeps {
  store: DeliveryStore;
  directory: Directory;
  adapterFor: (gln: string, config: DeliveryConfig) => DeliveryAdapter;
  /** Called before a message is marked delivered (so a crash in between repeats it, never skips it): schedules the
   *  acknowledgement deadline of a CareCommunication. */
  scheduleAckDeadline: (record: MessageRecord) => Promise<void>;
  /** The same deadline as the write that schedules it (undefined when none is due, an acknowledgement's): given, a
   *  mailbox hand-over makes it in its own atomic step instead of calling scheduleAckDeadline before (issue 17,
   *  point 3; src/store/mailbox-delivery.ts). */
  ackDeadlineFor?: (record: MessageRecord) => AckDeadlineWrite | undefined;
  now: () => Date;
  log: Logger;
  /** Operational counters (/metrics): delivery outcomes per receiving location. */
  counters?: Pick<Counters, "deliveryOutcome">;
  /** Which worker process made an attempt (host:pid), so an operator sees where deliveries run. */
  workerId?: string;
  /** The receiving locations' circuit breakers (issue 12, point 4); without it every letter is tried at once. */
  breaker?: BreakerGate;
  /** A letter not delivered this long after acceptance fails with the reason (policy.deliveryWindowHours). */
  deliveryWindowMs?: number;
  /** The legacy id table and MedCom's conversion, for locations whose first format is "xdis91" (issue 15); without
   *  it a message to such a location fails with that reason. */
  legacy?: OutgoingDeps;
  /** network.vans.convertLocally (issue 16): a remote receiver registered only for XDIS91 is sent XDIS91 made here
   *  instead of FHIR for its VANS provider to convert. */
  convertLocally?: boolean;
  /** Large attachments' bytes (issue 17): a letter naming detached attachments is streamed from here. Without it such
   *  a letter fails with that reason. */
  blobs?: Pick<BlobStore, "read" | "size">;
  /** The large-delivery slots of this worker process (issue 17, step 1): without it large letters are not gated. */
  largeSlots?: LargeDeliverySlots;
}

/** What the queue lets the processor do with its job: park it until a time without spending an attempt. */
export interface DeliveryControl {
  park(until: number): Promise<void>;
}

export interface DeliveryJob {
  id?: string | undefined;
  data: DeliveryJobData;
  /** Attempts already made before this one. */
  attemptsMade: number;
  opts: { attempts?: number };
}

export type DeliveryResult = "delivered" | "skipped";
