// A detached attachment (issue 17, point 1): an Attachment.data too large to hold in memory is streamed into the blob
// store and the document keeps `detached:<blob uuid>` in its place. The token is not base64 (`:` and `-` are outside
// RFC 4648's alphabet), so a client cannot smuggle one in: a token that is not among the request's own detached
// attachments fails the base64Binary check like any other bad data.

/** What was learnt about an attachment while it streamed in: enough to check Attachment.size and .hash without it. */
export interface BlobFacts {
  /** The blob's id: a random UUID minted by the gateway, never a client's text. */
  id: string;
  /** The decoded byte count (Attachment.size). */
  size: number;
  /** SHA-1 of the decoded bytes, base64 (Attachment.hash, FHIR R4); absent when nothing could ask for it (a compose
   *  request's attachment has no hash: base64-sink.ts). */
  sha1?: string | undefined;
  /** SHA-256 of the decoded bytes, hex: stands for the data in the message's fingerprint. */
  sha256: string;
  /** The base64 text's length without white space: the attachment's share of the message's size. */
  base64Length: number;
}

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
