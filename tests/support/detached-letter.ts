// A letter with one large attachment in two forms (issue 17): inline (its data base64 in the Bundle, as every letter
// was stored before) and detached (the data's bytes in a memory blob store, the Bundle holding `detached:<id>`). A
// delivery of the detached form must be byte for byte the delivery of the inline form.
import { createHash, randomBytes } from "node:crypto";
import type { BlobStore } from "../../src/domain/ports/blob-store.js";
import { detachedToken } from "../../src/medcom/detached.js";
import { writeFhirJson } from "../../src/medcom/fhir/index.js";
import type { Bundle } from "../../src/medcom/model/index.js";
import { createMemoryBlobStore } from "../../src/store/memory/blob-store.js";
import { readExampleBundle } from "./messages.js";

export interface DetachedLetter {
  bundle: Bundle;
  /** The stored content with the data inline. */
  inline: string;
  /** The stored content with the token. */
  detached: string;
  blobs: ReturnType<typeof createMemoryBlobStore>;
  blobId: string;
  bytes: Buffer;
}

/** The example reply with a PDF, its attachment's data replaced by `size` random bytes (written in `chunk`-byte
 *  pieces to the blob store). */
export async function detachedLetter(size: number, chunk = 64 * 1024 + 1): Promise<DetachedLetter> {
  const bundle = readExampleBundle("cc5-02-reply-with-pdf-attachment.xml");
  const bytes = randomBytes(size);
  const attachment = findAttachment(bundle);
  attachment.size = size;
  attachment.hash = createHash("sha1").update(bytes).digest("base64");
  const blobs = createMemoryBlobStore();
  const writer = blobs.create();
  for (let at = 0; at < size; at += chunk) await writer.write(bytes.subarray(at, at + chunk));
  await writer.finish();
  attachment.data = bytes.toString("base64");
  const inline = writeFhirJson(bundle);
  attachment.data = detachedToken(writer.id);
  const detached = writeFhirJson(bundle);
  return { bundle, inline, detached, blobs, blobId: writer.id, bytes };
}

function findAttachment(value: unknown): Record<string, unknown> {
  const stack = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== "object" || v === null) continue;
    if (!Array.isArray(v) && typeof (v as Record<string, unknown>).data === "string")
      return v as Record<string, unknown>;
    stack.push(...Object.values(v as Record<string, unknown>));
  }
  throw new Error("the example has no attachment with data");
}

/** Every piece of a stream, joined (tests only: the point of the stream is never to do this). */
export async function collect(pieces: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const all: Buffer[] = [];
  for await (const piece of pieces) all.push(Buffer.from(piece));
  return Buffer.concat(all);
}

export type { BlobStore };
