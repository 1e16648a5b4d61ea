// Route parameters checked before the handler runs (issue 11, point 1): a malformed `{id}`, `{gln}` or `{thread}` is a
// malformed request (400 with a problem naming the parameter), and never reaches a use case, a Redis key or a log.
import type { MiddlewareHandler } from "hono";
import { GatewayError } from "../errors.js";
import { pathParams } from "./schemas/params.js";

/** Put before a route's handler: `app.get("/:id", validParams, handler)` (the route's own parameters are checked). */
export const validParams: MiddlewareHandler = async (c, next) => {
  const result = pathParams.check(c.req.param());
  if (!result.ok) throw new GatewayError("malformed", result.issues);
  await next();
};
