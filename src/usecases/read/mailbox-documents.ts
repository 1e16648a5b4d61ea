// A mailbox message as its location's documents (issue 15 point 3): for a location whose first format is "xdis91",
// the XDIS91 (+ XBIN01) of a letter or the XCTL(s) of an Acknowledgement, made by the same step the delivery worker
// uses (src/usecases/deliver), so a fetch repeats the ids the delivery kept in the legacy id table, byte for byte.
import type { Caller } from "../../access/clients.js";
import { fail, GatewayError } from "../../errors.js";
import { documentLabels, type DeliveryDocument, type DocumentPart } from "../../domain/delivery-document.js";
import type { LegacyDocumentKind } from "../../domain/ports/index.js";
import { describeMessage } from "../../medcom/readers/index.js";
import type { Bundle } from "../../medcom/model/index.js";
import { MEDCOM_CONVERSIONS } from "../deliver/medcom-conversions.js";
import { DetachedBlobMissing } from "../deliver/expand-detached.js";
import { outgoingDocuments } from "../deliver/outgoing-documents.js";
import { messageAudit } from "../steps/audit-event.js";
import type { UseCaseDeps } from "../deps.js";
import { messageInMailbox, requireMailbox } from "../steps/mailbox.js";

type Deps = Pick<UseCaseDeps, "store" | "mailboxes" | "directory" | "audit" | "legacyIds"> &
  Partial<Pick<UseCaseDeps, "blobs">>;

export interface MailboxDocuments {
  documents: DeliveryDocument[];
  /** Each document's label (`xdis91`, `xbin01`, `xctl`, `xctl-2` …): the name of its sub-resource. */
  labels: string[];
}

/** Whether the location is fetched as OIOXML: its first format is "xdis91". */
export const isLegacyLocation = (gln: string, deps: Pick<UseCaseDeps, "directory">): boolean =>
  deps.directory.resolveRoute(gln)?.preferredFormat === "xdis91";

export async function mailboxDocuments(caller: Caller, gln: string, id: string, deps: Deps): Promise<MailboxDocuments> {
  requireMailbox(caller, gln, deps);
  const record = await messageInMailbox(gln, id, deps);
  const content = await deps.store.content(id);
  if (content === undefined) fail("not-found", "content-expired", "id", `The content of ${id} is no longer kept.`);
  const format = deps.directory.resolveRoute(gln)?.preferredFormat ?? "application/fhir+xml";
  const made = await outgoingDocuments(
    record,
    content,
    format,
    { legacyIds: deps.legacyIds, conversions: MEDCOM_CONVERSIONS },
    deps.blobs,
  ).catch((err: unknown) => {
    if (err instanceof DetachedBlobMissing)
      fail("not-found", "content-expired", "id", `An attachment of ${id} is no longer kept.`);
    throw err;
  });
  // The delivery made the same documents before the message reached the mailbox, so this is not expected.
  if (!made.ok) throw new GatewayError("invalid", made.issues);
  await deps.audit(
    messageAudit(caller, "mailbox-fetch", record, describeMessage(JSON.parse(content) as Bundle).patient),
  );
  return { documents: made.value, labels: documentLabels(made.value) };
}

/** One document by its label; 404 when the message has no such document. */
export async function mailboxDocument(
  caller: Caller,
  gln: string,
  id: string,
  label: string,
  deps: Deps,
): Promise<DeliveryDocument> {
  const { documents, labels } = await mailboxDocuments(caller, gln, id, deps);
  const document = documents[labels.indexOf(label)];
  if (!document) fail("not-found", "document-unknown", "document", `Message ${id} has no document ${label}.`);
  return document;
}

const PART: Record<LegacyDocumentKind, DocumentPart> = {
  xdis91: "xdis91",
  xbin01: "xbin01",
  xctl01: "xctl",
  xctl02: "xctl",
  xctl03: "xctl",
};

/**
 * For a mailbox list: the labels of the documents a legacy location's message is fetched as, from the legacy id table
 * alone (no content is read for a list). Undefined for a FHIR location, or a message whose documents are not made yet.
 */
export async function documentLabelsOf(
  gln: string,
  id: string,
  kind: string,
  deps: Pick<UseCaseDeps, "directory" | "legacyIds">,
): Promise<string[] | undefined> {
  if (!isLegacyLocation(gln, deps)) return undefined;
  const kept = await deps.legacyIds.byMessage(id);
  const own = kept?.documents.filter((d) => (kind === "acknowledgement") === d.kind.startsWith("xctl"));
  return own && own.length > 0 ? documentLabels(own.map((d) => ({ part: PART[d.kind] }))) : undefined;
}
