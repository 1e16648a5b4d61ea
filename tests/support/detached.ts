// Detached attachments for tests (issue 17): a blob written through the real base64 sink into a memory blob store,
// with its token and facts.
import type { BlobFacts, BlobStore } from "../../src/domain/ports/blob-store.js";
import { base64Sink } from "../../src/medcom/detach/base64-sink.js";
import { detachedToken } from "../../src/medcom/detached.js";
import { readFixture } from "./shared.js";

export async function detachedBlob(blobs: BlobStore, base64: string): Promise<{ token: string; facts: BlobFacts }> {
  const sink = base64Sink(blobs.create());
  await sink.push(new TextEncoder().encode(base64));
  const facts = await sink.end();
  return { token: detachedToken(facts.id), facts };
}

/** A compose request whose first attachment's data is `data`. */
export function composeWithAttachment(data: string): Record<string, unknown> {
  const request = JSON.parse(readFixture("compose/new-with-attachments.json")) as Record<string, unknown>;
  (request.attachments as Record<string, unknown>[])[0] = { title: "Vurdering", contentType: "application/pdf", data };
  return request;
}
