// GET /v1/messages/{id} and /content (CONTRACT.md §2): the record with its events, and the Bundle as delivered.
import type { Caller } from "../../access/clients.js";
import type { Bundle } from "../../medcom/model/index.js";
import { describeMessage } from "../../medcom/readers/index.js";
import type { MessageEvent } from "../../domain/record.js";
import { messageAudit } from "../steps/audit-event.js";
import type { UseCaseDeps } from "../deps.js";
import { contentOf, recordFor } from "../steps/record-for.js";
import { fhirOut, type FhirMediaType, type FhirOut } from "../steps/fhir-out.js";
import { fail } from "../../errors.js";
import { pick, recordView, type RecordView } from "../steps/record-view.js";

const MESSAGE_FIELDS = [
  "id",
  "bundleId",
  "thread",
  "kind",
  "sender",
  "receiver",
  "category",
  "status",
  "createdAt",
  "updatedAt",
  "deliveryAttempts",
  "deliveredAt",
  "failureReason",
  "resends",
  "acknowledges",
  "acknowledgement",
] as const satisfies readonly (keyof RecordView)[];

export type MessageView = Pick<RecordView, (typeof MESSAGE_FIELDS)[number]> & { events: MessageEvent[] };

type Deps = Pick<UseCaseDeps, "store" | "audit">;

export async function readMessage(caller: Caller, id: string, deps: Deps): Promise<MessageView> {
  const r = await recordFor(caller, id, deps);
  await deps.audit(messageAudit(caller, "read-record", r));
  return { ...pick(recordView(r), MESSAGE_FIELDS), events: await deps.store.events(id) };
}

export async function readContent(caller: Caller, id: string, deps: Deps): Promise<Bundle> {
  const r = await recordFor(caller, id, deps);
  const bundle = await contentOf(id, deps);
  await deps.audit(messageAudit(caller, "read-content", r, describeMessage(bundle).patient));
  return bundle;
}

/** /content as FHIR in `mediaType`: the Bundle as before, or a streamed document for a letter with detached
 *  attachments (issue 17; steps/fhir-out.ts), so the caller never sees a token. */
export async function readContentOut(
  caller: Caller,
  id: string,
  mediaType: FhirMediaType,
  deps: Deps & Pick<UseCaseDeps, "blobs">,
): Promise<FhirOut> {
  const r = await recordFor(caller, id, deps);
  const content = await deps.store.content(id);
  if (content === undefined) fail("not-found", "content-expired", "id", `The content of ${id} is no longer kept.`);
  const out = await fhirOut(r, content, mediaType, deps);
  await deps.audit(messageAudit(caller, "read-content", r, describeMessage(out.bundle).patient));
  return out;
}
