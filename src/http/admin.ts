// /v1/admin: what administrators see and do; every route needs the admin role.
import { Hono } from "hono";
import { authorize } from "../access/authorize.js";
import { fail } from "../errors.js";
import type { UseCaseDeps } from "../usecases/deps.js";
import { replyStats } from "../usecases/reply-stats.js";
import type { AppEnv } from "./env.js";

const DAY_MS = 24 * 3600 * 1000;

function dateParam(value: string | undefined, name: string, fallback: Date): Date {
  if (value === undefined) return fallback;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) fail("malformed", "query", name, `${name} must be a date or date-time (ISO 8601).`);
  return date;
}

export function adminApp(deps: UseCaseDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    if (!authorize(c.get("caller"), { do: "administer" }))
      fail("forbidden", "admin-only", "Authorization", "This needs the admin role.");
    await next();
    // Administrators' actions are audited like everyone else's.
    if (c.res.ok)
      await deps.audit({ client: c.get("caller").id, action: "admin", detail: `${c.req.method} ${c.req.routePath}` });
  });

  app.get("/stats/replies", async (c) => {
    const now = deps.now();
    const to = dateParam(c.req.query("to"), "to", now);
    const from = dateParam(c.req.query("from"), "from", new Date(to.getTime() - 30 * DAY_MS));
    if (from > to) fail("malformed", "query", "from", "from must not be after to.");
    return c.json(await replyStats({ from, to }, deps));
  });

  app.get("/acknowledgements/unmatched", async (c) => {
    const records = await deps.store.getMany(await deps.store.unmatchedAcks(500));
    const items = records.flatMap((r) =>
      r
        ? [
            {
              id: r.id,
              acknowledges: r.acknowledges,
              code: r.responseCode,
              sender: r.sender,
              receiver: r.receiver,
              receivedAt: r.createdAt,
            },
          ]
        : [],
    );
    return c.json({ items });
  });

  app.get("/audit", async (c) => {
    const limitText = c.req.query("limit") ?? "100";
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
      fail("malformed", "query", "limit", "limit must be a whole number from 1 to 10000.");
    const [items, verification] = await Promise.all([deps.auditLog.list(limit), deps.auditLog.verify()]);
    return c.json({ items, verification });
  });

  return app;
}
