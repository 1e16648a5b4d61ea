// Request bodies: the size limit (checked on Content-Length before anything is read, and while streaming otherwise),
// the media type, and JSON read safely.
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { GatewayError, fail } from "../errors.js";
import { readJson } from "../util/json.js";
import type { BlobStore } from "../domain/ports/blob-store.js";
import { bodyTooLarge, readGatedBody, type GatedBody } from "./body-reader.js";
import { detacherFor } from "./detaching.js";
import type { AppEnv } from "./env.js";
import { bodyTypeOf, type BodyType } from "./negotiate.js";

/**
 * The size limit of a route whose body is read with readBody: a declared Content-Length over it is refused before
 * anything is read; a body without one is counted against it as it streams (body-reader.ts). Hono's bodyLimit, which
 * this was, builds a native web Request for every body to ask whether there is one (~2.5 % of the API's CPU under the
 * bench, issue 17, point 3), and buffers a body without a Content-Length whole before the gate sees it.
 */
export function limitBody<E extends AppEnv>(maxBytes: number): MiddlewareHandler<E> {
  return async (c, next) => {
    const declared = c.req.header("Content-Length");
    if (declared !== undefined && c.req.header("Transfer-Encoding") === undefined && parseInt(declared, 10) > maxBytes)
      bodyTooLarge(maxBytes);
    c.set("bodyLimit", maxBytes);
    await next();
  };
}

/** The size limit of a route whose body Hono reads itself (a form): counted while it streams, before the handler. */
export function limitFormBody<E extends AppEnv>(maxBytes: number): MiddlewareHandler<E> {
  return bodyLimit({ maxSize: maxBytes, onError: () => bodyTooLarge(maxBytes) });
}

/**
 * The body with its type; `accepted` names the types this route takes (others: 415). `blobs`: a large body of a type
 * a detacher reads streams its attachment data there (issue 17); `detached` then says what went where.
 */
export async function readBody<T extends BodyType>(
  c: Context<AppEnv>,
  accepted: readonly T[],
  hint: string,
  blobs?: BlobStore,
): Promise<GatedBody & { type: T }> {
  const contentType = c.req.header("Content-Type");
  const type = accepted.find((t) => t === bodyTypeOf(contentType));
  if (!type) fail("unsupported-media-type", "media-type", "Content-Type", hint);
  const gate = c.get("bodyGate");
  if (!gate) {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const limit = c.get("bodyLimit");
    if (limit !== undefined && bytes.byteLength > limit) bodyTooLarge(limit);
    return { type, bytes, sizeBytes: bytes.byteLength };
  }
  const detach = blobs ? () => detacherFor(contentType, blobs, gate.limits) : undefined;
  return { type, ...(await readGatedBody(c, gate, detach)) };
}

export function parseJsonBody(bytes: Uint8Array): unknown {
  const body = readJson(bytes);
  if (!body.ok) throw new GatewayError("malformed", body.issues);
  return body.value;
}
