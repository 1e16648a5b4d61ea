// The documents of one delivery, made once per attempt and only when asked for (the mailbox never asks): the stored
// FHIR JSON, read and decrypted, then written in the receiving location's first format (src/usecases/deliver). A
// message that cannot be made into that format is refused for good (DocumentsRefused), with a reason that names
// issue codes and paths only, never patient data or letter text (it is logged and kept as the failure reason).
import { ContentGoneError, DocumentsRefused, type DeliveryDocument } from "../adapters/types.js";
import type { MessageRecord } from "../src/domain/record.js";
import type { Route } from "../src/routing/directory.js";
import { outgoingDocuments } from "../src/usecases/deliver/outgoing-documents.js";
import type { Issue } from "../src/util/issues.js";
import type { DeliveryDeps } from "./delivery-types.js";

export function documentsFor(
  record: MessageRecord,
  route: Pick<Route, "preferredFormat">,
  deps: Pick<DeliveryDeps, "store" | "legacy">,
): () => Promise<DeliveryDocument[]> {
  let made: Promise<DeliveryDocument[]> | undefined;
  const make = async () => {
    const content = await deps.store.content(record.id);
    if (content === undefined) throw new ContentGoneError();
    const result = await outgoingDocuments(record, content, route.preferredFormat, deps.legacy);
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
