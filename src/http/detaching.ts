// Which streaming detacher reads a large body (issue 17, point 1; docs/large-messages.md), with what limits, and how
// its refusals are answered. Only FHIR's own media types and compose requests are detached: plain application/xml
// may be an OIOXML letter, which the legacy readers take whole, as before.
import type { BlobStore } from "../domain/ports/blob-store.js";
import { GatewayError, type FailureKind } from "../errors.js";
import { base64Sink } from "../medcom/detach/base64-sink.js";
import type { Detacher, DetachOptions, DetachRefusal } from "../medcom/detach/detacher.js";
import { createJsonDetacher } from "../medcom/detach/json-detacher.js";
import { createXmlDetacher } from "../medcom/detach/xml-detacher.js";
import type { HttpLimits } from "./server-limits.js";

/** A data value longer than this is detached, in a body of any size (body-reader.ts): 64 KiB of base64 (48 KiB of
 *  bytes) is small in a document but not worth a blob below that. A body no longer than this is never detached. */
export const DETACH_THRESHOLD_CHARS = 64 * 1024;

/** The document left after detaching is held in memory and parsed: 8 MiB, or more when the operator lets bodies
 *  that large be read whole anyway (GATEWAY_LARGE_BODY_BYTES): never less than a body read whole may be. */
export const detachedDocumentLimit = (limits: Pick<HttpLimits, "largeBodyBytes">): number =>
  Math.max(8 * 1024 * 1024, limits.largeBodyBytes);

/** The detacher for a body of this media type, or undefined when it is read whole. */
export function detacherFor(
  contentType: string | undefined,
  blobs: BlobStore,
  limits: Pick<HttpLimits, "largeBodyBytes">,
): Detacher | undefined {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const options: DetachOptions = {
    thresholdChars: DETACH_THRESHOLD_CHARS,
    maxDocumentBytes: detachedDocumentLimit(limits),
    // Plain JSON is a compose or acknowledge request, which has no Attachment.hash to compare a SHA-1 with.
    open: () => base64Sink(blobs.create(), { sha1: type !== "application/json" }),
  };
  if (type === "application/json" || type === "application/fhir+json") return createJsonDetacher(options);
  if (type === "application/fhir+xml") return createXmlDetacher(options);
  return undefined;
}

const KIND: Record<DetachRefusal["status"], FailureKind> = { 400: "malformed", 413: "too-large", 422: "invalid" };

/** A detacher's refusal as the gateway's problem; the connection is closed, as the body may still be arriving. */
export function detachProblem(refusal: DetachRefusal): GatewayError {
  return new GatewayError(
    KIND[refusal.status],
    [{ severity: "error", code: refusal.code, path: refusal.path, message: refusal.message }],
    undefined,
    { Connection: "close" },
  );
}
