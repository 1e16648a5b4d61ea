// A forward copies the forwarded letter's attachments (DOMAIN.md §1.6), and a stored letter's large attachment is a
// token naming its blob (issue 17). The blob's facts (size, SHA-1, SHA-256) are not kept with it; they are learnt
// again by reading it once, a chunk at a time, so the forward is validated (Attachment.size and .hash) and
// fingerprinted like a letter whose attachment came with the request. These blobs belong to the stored letter: the
// accept keeps them for the new letter's retention too, and nothing this request does deletes them.
import { createHash } from "node:crypto";
import { fail } from "../../errors.js";
import { blobIdOf, type DetachedAttachments } from "../../medcom/detached.js";
import type { BlobFacts } from "../../domain/ports/blob-store.js";
import type { UseCaseDeps } from "../deps.js";
import { base64LengthOf } from "../../util/base64-stream.js";

/** The facts of every token in `built` that the request did not detach itself; undefined when there is none. */
export async function carriedAttachments(
  built: unknown,
  own: DetachedAttachments | undefined,
  deps: Pick<UseCaseDeps, "blobs">,
): Promise<DetachedAttachments | undefined> {
  const tokens = [...tokensIn(built)].filter((token) => !own?.has(token));
  if (tokens.length === 0) return undefined;
  const carried = new Map<string, BlobFacts>();
  for (const token of tokens) carried.set(token, await factsOf(blobIdOf(token) ?? "", deps));
  return carried;
}

/**
 * Every Attachment-like `data` member holding a well-formed token, anywhere in the document. Own members by for-in,
 * not Object.entries (no pair array per object), and strings are not recursed into: every letter is walked so
 * (issue 17, point 3).
 */
function tokensIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) tokensIn(item, found);
  } else if (value !== null && typeof value === "object") {
    const members = value as Record<string, unknown>;
    for (const key in members) {
      if (!Object.hasOwn(members, key)) continue;
      const member = members[key];
      if (key === "data" && typeof member === "string" && blobIdOf(member) !== undefined) found.add(member);
      else if (member !== null && typeof member === "object") tokensIn(member, found);
    }
  }
  return found;
}

async function factsOf(id: string, deps: Pick<UseCaseDeps, "blobs">): Promise<BlobFacts> {
  const gone = () =>
    fail(
      "invalid",
      "forward-attachment-unavailable",
      "/inReplyTo",
      "An attachment of the forwarded message is no longer kept (its data has expired); a forward must carry the attachment's data.",
      "medcom-carecommunication-forward-attachment",
    );
  if (!deps.blobs || (await deps.blobs.size(id)) === undefined) return gone();
  const sha1 = createHash("sha1");
  const sha256 = createHash("sha256");
  let size = 0;
  for await (const chunk of deps.blobs.read(id)) {
    sha1.update(chunk);
    sha256.update(chunk);
    size += chunk.byteLength;
  }
  return { id, size, sha1: sha1.digest("base64"), sha256: sha256.digest("hex"), base64Length: base64LengthOf(size) };
}
