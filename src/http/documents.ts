// Answering with a delivery document (issue 15): its exact bytes, its media type with charset, which document it is,
// and links to the message's further documents.
import type { Context } from "hono";
import { contentTypeOf, type DeliveryDocument, type StreamedDocument } from "../domain/delivery-document.js";

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
  const headers = {
    "Content-Type": contentTypeOf(document),
    "X-Gateway-Document": label,
    ...(links.length > 0 ? { Link: links.join(", ") } : {}),
  };
  return document.stream
    ? streamedResponse(c, document, headers)
    : c.body(new Uint8Array(document.bytes), 200, headers);
}

/**
 * A streamed document (issue 17: a letter with detached attachments) as a streamed response: its exact length up
 * front, its bytes as the blob store yields them. A blob that fails midway ends the response short of its
 * Content-Length, so the client sees a broken transfer, never a wrong but complete-looking document.
 */
export function streamedResponse(
  c: Context,
  document: StreamedDocument,
  headers: Record<string, string> = { "Content-Type": contentTypeOf(document) },
): Response {
  return c.body(ReadableStream.from(document.stream.open()), 200, {
    ...headers,
    "Content-Length": String(document.stream.byteLength),
  });
}
