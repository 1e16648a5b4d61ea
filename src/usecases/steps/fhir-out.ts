// The Bundle a caller reads (a mailbox fetch, a message's /content): the parsed Bundle as before, or, when the content
// names detached attachments (issue 17), the FHIR document streamed with each token expanded from the blob store, so
// a 100 MB letter is answered without being held whole and the caller never sees a token.
import type { DeliveryDocument } from "../../domain/delivery-document.js";
import type { MessageRecord } from "../../domain/record.js";
import { fail, GatewayError } from "../../errors.js";
import { detachedBlobsOf, DetachedTokenMismatch, mayNameDetached } from "../../medcom/detached-text.js";
import type { Bundle } from "../../medcom/model/index.js";
import { DetachedBlobMissing } from "../deliver/expand-detached.js";
import { outgoingDocuments } from "../deliver/outgoing-documents.js";
import type { UseCaseDeps } from "../deps.js";

export type FhirMediaType = "application/fhir+json" | "application/fhir+xml";

export type FhirOut = { bundle: Bundle; document?: undefined } | { bundle: Bundle; document: DeliveryDocument };

/** `bundle` is always there (small: tokens in place of the large data) for the audit's patient; `document` when the
 *  answer must stream. */
export async function fhirOut(
  record: Pick<MessageRecord, "id" | "kind" | "sender" | "receiver" | "acknowledges">,
  content: string,
  mediaType: FhirMediaType,
  deps: Pick<UseCaseDeps, "blobs">,
): Promise<FhirOut> {
  const bundle = JSON.parse(content) as Bundle;
  if (!mayNameDetached(content) || detachedBlobsOf(bundle).size === 0) return { bundle };
  try {
    const made = await outgoingDocuments(record, content, mediaType, undefined, deps.blobs);
    const document = made.ok ? made.value[0] : undefined;
    if (!made.ok || !document) throw new GatewayError("invalid", made.issues);
    return { bundle, document };
  } catch (err) {
    if (err instanceof DetachedBlobMissing)
      fail("not-found", "content-expired", "id", `An attachment of ${record.id} is no longer kept.`);
    if (err instanceof DetachedTokenMismatch) throw new Error(err.message);
    throw err;
  }
}
