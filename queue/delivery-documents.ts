// The documents of one delivery, made once per attempt and only when asked for (the mailbox never asks): the stored
// FHIR JSON, read and decrypted, then written in the receiving location's first format (src/usecases/deliver). A
// message that cannot be made into that format is refused for good (DocumentsRefused), with a reason that names
// issue codes and paths only, never patient data or letter text (it is logged and kept as the failure reason).
import { ContentGoneError, DocumentsRefused, type DeliveryDocument } from "../adapters/types.js";
import type { MessageRecord } from "../src/domain/record.js";
import type { Route } from "../src/routing/directory.js";
import { outgoingDocuments } from "../src/usecases/deliver/outgoing-documents.js";
import { DetachedTokenMismatch } from "../src/medcom/detached-text.js";
import { DetachedBlobMissing } from "../src/usecases/deliver/expand-detached.js";
import type { Issue } from "../src/util/issues.js";
import type { DeliveryDeps } from "./delivery-types.js";

export function documentsFor(
  record: MessageRecord,
  route: Pick<Route, "preferredFormat">,
  deps: Pick<DeliveryDeps, "store" | "legacy" | "blobs">,
  content?: () => Promise<string | undefined>,
): () => Promise<DeliveryDocument[]> {
  let made: Promise<DeliveryDocument[]> | undefined;
  const make = async () => {
    const text = await (content ? content() : deps.store.content(record.id));
    if (text === undefined) throw new ContentGoneError();
    const result = await outgoingDocuments(record, text, route.preferredFormat, deps.legacy, deps.blobs).catch(
      (err: unknown) => {
        // A detached attachment's blob gone, or a document that does not place it: no attempt would pass.
        if (err instanceof DetachedBlobMissing || err instanceof DetachedTokenMismatch)
          throw new DocumentsRefused(err.message);
        throw err;
      },
    );
    if (!result.ok)
      throw new DocumentsRefused(`cannot be made into ${route.preferredFormat}: ${summary(result.issues)}`);
    return result.value;
  };
  return () => (made ??= make());
}

/** The gateway's own refusals say what in words; a converter's issues by code and path (they may quote the letter). */
function summary(issues: readonly Issue[]): string {
  const errors = issues.filter((i) => i.severity === "error");
  return errors.map((i) => (i.code === "legacy-conversion" ? i.message : `${i.code} at ${i.path}`)).join("; ");
}
