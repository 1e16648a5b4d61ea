// A letter about to be accepted, however it came in (a compose request or a ready Bundle): the Bundle, the one
// reader's description of it, and the checked parties. Each way in checks each thing once (issue 14, point 2).
import type { DetachedAttachments } from "../../medcom/detached.js";
import type { Bundle } from "../../medcom/model/index.js";
import type { MessageDescription } from "../../medcom/readers/index.js";
import type { Location } from "../../routing/directory.js";
import type { LabelPaths } from "./regional-rules.js";
import type { RetryHint } from "./store-outcome.js";

export interface Letter {
  bundle: Bundle;
  described: MessageDescription;
  /** The sender location the caller may send as, and the receiving location: both in the directory. */
  sender: Location;
  receiver: Location;
  /** Its MessageHeader.id was minted by this very request (a compose request). */
  minted: boolean;
  /** The client's Idempotency-Key, which finds an earlier acceptance of the same request. */
  idempotencyKey?: string;
  /** How the client retries the same submission safely. */
  retry: RetryHint;
  /** Where the message's id is in the caller's input, for a conflict's path. */
  idPath: string;
  /** The request's detached attachments (issue 17): their tokens stand in the Bundle for the data. */
  detached?: DetachedAttachments;
  /** Tokens the letter copied from a stored letter (a forward's attachments): validated and kept, never deleted. */
  carried?: DetachedAttachments;
  /** The Bundle as FHIR JSON, when it was written already (a composed letter's, to measure it): stored as it is. */
  contentJson?: string;
  /** A compose request's labels (JSON pointers) for the regional rules; a Bundle's are FHIRPaths. */
  labels?: LabelPaths;
}
