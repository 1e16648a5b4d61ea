// Answering with a delivery document (issue 15): its exact bytes, its media type with charset, which document it is,
// and links to the message's further documents.
import type { Context } from "hono";
import { contentTypeOf, type DeliveryDocument } from "../domain/delivery-document.js";

/** The caller names a FHIR media type (or plain JSON): a FHIR client of a legacy location still gets the Bundle. */
export function wantsFhir(accept: string | undefined): boolean {
  return /application\/(fhir\+(xml|json)|json)/i.test(accept ?? "");
}

export function documentResponse(
  c: Context,
  document: DeliveryDocument | undefined,
  label: string | undefined,
  links: readonly string[],
): Response {
  if (!document || !label) throw new Error("a delivery has at least one document");
  return c.body(new Uint8Array(document.bytes), 200, {
    "Content-Type": contentTypeOf(document),
    "X-Gateway-Document": label,
    ...(links.length > 0 ? { Link: links.join(", ") } : {}),
  });
}
