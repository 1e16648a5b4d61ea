// Detached attachments for tests (issue 17): a blob written through the real base64 sink into a memory blob store,
// with its token and facts, and whether the MedCom core (compose check, validator) knows tokens yet — on the
// branches built in parallel its parts are placeholders until they are merged.
import type { BlobFacts, BlobStore } from "../../src/domain/ports/blob-store.js";
import { parseComposeRequest } from "../../src/medcom/compose/index.js";
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

/** Whether the compose check takes a token among the request's detached attachments (core's part is merged). */
export function coreKnowsDetached(): boolean {
  const facts: BlobFacts = {
    id: "0f8fad5b-d9cb-469f-a165-70867728950e",
    size: 3,
    sha1: "PAtbQz4rTxj4W4XXz7n5AqCuJH4=",
    sha256: "0".repeat(64),
    base64Length: 4,
  };
  const token = detachedToken(facts.id);
  return parseComposeRequest(composeWithAttachment(token), new Map([[token, facts]])).ok;
}
