// The blobs a request's detached attachments were streamed into (issue 17, point 1): named by the accepted content
// (kept by the store in the same step as the message), or deleted when the request is refused, is a duplicate, or
// fails before the store could have kept them. A blob left behind is no leak: it expires on its own (pending TTL).
import type { DetachedAttachments } from "../../medcom/detached.js";
import type { UseCaseDeps } from "../deps.js";

/** The blob ids of a request's detached attachments. */
export const blobIdsOf = (detached: DetachedAttachments | undefined): string[] =>
  detached ? [...detached.values()].map((facts) => facts.id) : [];

/** The detached attachments whose token the content's text names (as a JSON string), in the map's order. */
export function namedTokens(contentJson: string, detached: DetachedAttachments | undefined): string[] {
  if (!detached) return [];
  return [...detached.keys()].filter((token) => contentJson.includes(`"${token}"`));
}

/** Delete blobs, best effort: one that cannot be deleted now expires on its own (logged, by count only). */
export async function discardBlobs(ids: readonly string[], deps: Pick<UseCaseDeps, "blobs" | "log">): Promise<void> {
  const { blobs } = deps;
  if (!blobs || ids.length === 0) return;
  const results = await Promise.allSettled(ids.map((id) => blobs.delete(id)));
  const failed = results.filter((r) => r.status === "rejected");
  if (failed.length > 0)
    deps.log.warn(
      { blobs: failed.length, err: String((failed[0] as PromiseRejectedResult).reason) },
      "blobs of a request not accepted are left to expire",
    );
}
