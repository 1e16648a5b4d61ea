// The one interface every delivery adapter implements (ARCHITECTURE.md: interface, implementations, a loader and a
// conformance suite). Expected outcomes are values, not exceptions: `retry` for what may pass later (network, 5xx),
// `rejected` for what never will. Every adapter must be idempotent per message id: the queue may run a delivery twice
// (a stalled or killed worker). A mailbox still holds the message once; a webhook or file-drop receiver may get it
// again, with the same MessageHeader.id and Bundle.id, and de-duplicates on MessageHeader.id (at least once, issue 12
// point 5).
import type { DeliveryDocument } from "../src/domain/delivery-document.js";
import type { MailboxDeliveryEvents, MailboxDeliveryResult } from "../src/domain/ports/index.js";

export {
  contentTypeOf,
  documentLabels,
  type DeliveryDocument,
  type DocumentPart,
} from "../src/domain/delivery-document.js";

export interface Delivery {
  /** MessageHeader.id: the idempotency key of the delivery. */
  messageId: string;
  bundleId: string;
  sender: { gln: string };
  receiver: { gln: string };
  /** What the receiver gets, in its preferred format (its configured `formats[0]`), made only when asked for (the
   *  mailbox never needs it): one FHIR document, or a legacy location's OIOXML documents in order (XDIS91 then XBIN01;
   *  or one XCTL per receipted document). Rejects with ContentGoneError when the content has expired from the store,
   *  with DocumentsRefused when the message cannot be made into the receiver's format. */
  documents: () => Promise<DeliveryDocument[]>;
  /** 1 for the first attempt; counted in the store before each attempt starts, so it keeps counting across killed
   *  workers and re-added jobs (issue 12, point 5). */
  attempt: number;
}

export type DeliveryOutcome =
  | { outcome: "delivered"; detail?: string }
  | { outcome: "retry"; reason: string }
  | { outcome: "rejected"; reason: string };

export interface DeliveryAdapter {
  readonly name: string;
  deliver(delivery: Delivery): Promise<DeliveryOutcome>;
}

/** The message's content is no longer in the store (retention): no attempt can deliver it. */
export class ContentGoneError extends Error {
  constructor() {
    super("the message content has expired from the store");
    this.name = "ContentGoneError";
  }
}

/** The message cannot be made into the receiver's format (a conversion to OIOXML refused it): no attempt can deliver
 *  it. The message says what, never patient data or letter text (it is logged and shown as the failure reason). */
export class DocumentsRefused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "DocumentsRefused";
  }
}

/**
 * An adapter whose hand-over is a write to the gateway's own Redis (the mailbox). Its effect, the attempt count and
 * the status change are one atomic step (issue 12, point 3): a lost write or a lost reply can never leave a message
 * `delivered` without it being handed over, and a retry of the step never hands it over twice. The processor uses
 * `deliverAndMark` instead of `deliver` for such an adapter; `deliver` alone stays for the conformance suite.
 */
export interface LocalDeliveryAdapter extends DeliveryAdapter {
  /** The step also starts the attempt (its number is in the result and the attempt event), so a local delivery needs
   *  no separate START_ATTEMPT; `run` is unique per run, and tells the same run sent again after a lost reply. */
  deliverAndMark(handOver: LocalHandOver, events: MailboxDeliveryEvents): Promise<MailboxDeliveryResult>;
}

export interface LocalHandOver {
  messageId: string;
  receiver: { gln: string };
  run: string;
}

export function isLocalAdapter(adapter: DeliveryAdapter): adapter is LocalDeliveryAdapter {
  return typeof (adapter as Partial<LocalDeliveryAdapter>).deliverAndMark === "function";
}
