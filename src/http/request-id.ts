// The request id (issue 11, point 16): always one the gateway made, so a caller cannot choose the id its request is
// logged and answered under (forging, colliding with or flooding another request's log trail). A caller's own
// X-Request-Id is kept only as `clientRequestId` beside it, cut short and reduced to harmless characters.
import { randomUUID } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
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
    setResponseHeader(c, "X-Request-Id", c.get("requestId"));
  };
}

/**
 * A header on the answer already made. Hono's `c.header` after the handler copies the response (and, asking whether
 * its body was used, builds @hono/node-server's native Response from its light one): ~1.5 % of the API's CPU under the
 * bench (issue 17, point 3). The answer's own headers are set instead; a response whose headers are immutable (one
 * from `fetch`, `Response.redirect`) takes the copying way.
 */
function setResponseHeader(c: Context<AppEnv>, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.header(name, value);
  }
}
