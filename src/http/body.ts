// Request bodies: the size limit (checked on Content-Length before anything is read, and while streaming otherwise),
// the media type, and JSON read safely.
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { GatewayError, fail } from "../errors.js";
import { readJson } from "../util/json.js";
import { readGatedBody } from "./body-reader.js";
import type { AppEnv } from "./env.js";
import { bodyTypeOf, type BodyType } from "./negotiate.js";

export function limitBody<E extends AppEnv>(maxBytes: number): MiddlewareHandler<E> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => fail("too-large", "body-too-large", "", `The body is larger than ${maxBytes} bytes.`),
  });
}

/** The body with its type; `accepted` names the types this route takes (others: 415). */
export async function readBody<T extends BodyType>(
  c: Context<AppEnv>,
  accepted: readonly T[],
  hint: string,
): Promise<{ type: T; bytes: Uint8Array }> {
  const type = accepted.find((t) => t === bodyTypeOf(c.req.header("Content-Type")));
  if (!type) fail("unsupported-media-type", "media-type", "Content-Type", hint);
  const gate = c.get("bodyGate");
  return { type, bytes: gate ? await readGatedBody(c, gate) : new Uint8Array(await c.req.arrayBuffer()) };
}

export function parseJsonBody(bytes: Uint8Array): unknown {
  const body = readJson(bytes);
  if (!body.ok) throw new GatewayError("malformed", body.issues);
  return body.value;
}
