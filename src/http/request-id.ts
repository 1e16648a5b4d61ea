// The request id (issue 11, point 16): always one the gateway made, so a caller cannot choose the id its request is
// logged and answered under (forging, colliding with or flooding another request's log trail). A caller's own
// X-Request-Id is kept only as `clientRequestId` beside it, cut short and reduced to harmless characters.
import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.js";

/** Longest caller request id kept; longer ones are cut (they go into every log line of the request). */
export const CLIENT_REQUEST_ID_MAX = 64;

/** A caller's X-Request-Id as it may be logged: printable ASCII without quotes or backslashes, at most 64 chars. */
export function sanitizeClientRequestId(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let kept = "";
  for (let i = 0; i < value.length && kept.length < CLIENT_REQUEST_ID_MAX; i++) {
    const ch = value.charAt(i);
    if (/[\w.:/@+=-]/.test(ch)) kept += ch;
  }
  return kept === "" ? undefined : kept;
}

export function requestIdentity(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("requestId", randomUUID());
    const client = sanitizeClientRequestId(c.req.header("X-Request-Id"));
    if (client !== undefined) c.set("clientRequestId", client);
    await next();
    c.header("X-Request-Id", c.get("requestId"));
  };
}
