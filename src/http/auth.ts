// `Authorization: Bearer <apiKey>` on every /v1 route (CONTRACT.md §2): no or unknown key → 401.
import type { MiddlewareHandler } from "hono";
import type { ClientRegistry } from "../access/clients.js";
import { fail } from "../errors.js";
import type { AppEnv } from "./env.js";

export function apiKeyAuth(clients: ClientRegistry): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header("Authorization") ?? "";
    const match = /^Bearer\s+(\S{1,512})$/i.exec(header);
    if (!match?.[1])
      fail("unauthenticated", "credentials-missing", "Authorization", "Send Authorization: Bearer <api key>.");
    const caller = clients.authenticate(match[1]);
    if (!caller) fail("unauthenticated", "credentials-invalid", "Authorization", "The API key is not known.");
    c.set("caller", caller);
    await next();
  };
}
