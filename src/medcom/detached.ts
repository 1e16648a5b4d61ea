// A detached attachment (issue 17, point 1): an Attachment.data too large to hold in memory is streamed into the blob
// store and the document keeps `detached:<blob uuid>` in its place. The token is not base64 (`:` and `-` are outside
// RFC 4648's alphabet), so a client cannot smuggle one in: a token that is not among the request's own detached
// attachments fails the base64Binary check like any other bad data.
import type { BlobFacts } from "../domain/ports/blob-store.js";

export const DETACHED_PREFIX = "detached:";

/** The detached attachments of one request (or one stored message), by token. */
export type DetachedAttachments = ReadonlyMap<string, BlobFacts>;

export const detachedToken = (blobId: string): string => `${DETACHED_PREFIX}${blobId}`;

/** The blob id a token names, or undefined when `data` is not a well-formed token (a lowercase UUID, checked by hand). */
export function blobIdOf(data: string): string | undefined {
  if (!data.startsWith(DETACHED_PREFIX)) return undefined;
  const id = data.slice(DETACHED_PREFIX.length);
  return isLowerUuid(id) ? id : undefined;
}

function isLowerUuid(s: string): boolean {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}
