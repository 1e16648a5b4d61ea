// The access rules of the /v1 routes as middleware (routes/mount.ts puts each route's own first). Authentication
// itself (API key or client certificate, throttled) runs for all of /v1 in app.ts; these say what the route admits.
import type { MiddlewareHandler } from "hono";
import { authorize } from "../../access/authorize.js";
import type { Caller } from "../../access/clients.js";
import { fail } from "../../errors.js";
import type { AppEnv } from "../env.js";
import type { Guards } from "./mount.js";

function callerOf(caller: Caller | undefined): Caller {
  if (!caller) fail("unauthenticated", "credentials-missing", "Authorization", "Send Authorization: Bearer <api key>.");
  return caller;
}

/** `api-key`: an authenticated client. */
const apiKeyGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  callerOf(c.get("caller"));
  await next();
};

/** `admin-key`: an authenticated client with the admin role. */
const adminKeyGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!authorize(callerOf(c.get("caller")), { do: "administer" }))
    fail("forbidden", "admin-only", "Authorization", "This needs the admin role.");
  await next();
};

/** The guards of the client API's sub-apps. */
export const V1_GUARDS: Guards<AppEnv> = { "api-key": apiKeyGuard, "admin-key": adminKeyGuard };
