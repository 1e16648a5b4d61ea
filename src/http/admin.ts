// /v1/admin: what administrators see and do (CONTRACT.md §2; routes/admin.ts); every route needs the admin role (its
// access rule, admin-key). Views are audited here by route; actions on a message are audited by their use case with
// the message they touched.
import { Hono } from "hono";
import { fail } from "../errors.js";
import { LOCATIONS_PAGE_DEFAULT, pageOf, readLocationCursor } from "../routing/paging.js";
import { adminSendAgain } from "../usecases/admin/send-again.js";
import { directoryHealth } from "../usecases/admin/directory-health.js";
import { adminOverview } from "../usecases/admin/overview.js";
import { searchMessages } from "../usecases/admin/search.js";
import type { UseCaseDeps } from "../usecases/deps.js";
import { replyStats } from "../usecases/admin/reply-stats.js";
import type { AppEnv } from "./env.js";
import { instantOf } from "./query.js";
import { V1_GUARDS } from "./routes/guards.js";
import { router } from "./routes/mount.js";
import * as routes from "./routes/admin.js";
import type { AdminMessagesQuery } from "./routes/shapes/queries.js";

const DAY_MS = 24 * 3600 * 1000;

function inOrder(from: Date | undefined, to: Date | undefined): void {
  if (from && to && from > to) fail("malformed", "query", "from", "from must not be after to.");
}

/** The reply-statistics period: `to` defaults to now, `from` to 30 days before it. */
export function periodOf(query: { from?: string; to?: string }, now: Date): { from: Date; to: Date } {
  const to = query.to ? instantOf(query.to) : now;
  const from = query.from ? instantOf(query.from) : new Date(to.getTime() - 30 * DAY_MS);
  inOrder(from, to);
  return { from, to };
}

/** A checked message search query as the use case takes it. */
export function messageSearchOf(q: AdminMessagesQuery) {
  const from = q.from ? instantOf(q.from) : undefined;
  const to = q.to ? instantOf(q.to) : undefined;
  inOrder(from, to);
  return {
    ...(q.status ? { status: q.status } : {}),
    ...(q.sender ? { sender: q.sender } : {}),
    ...(q.receiver ? { receiver: q.receiver } : {}),
    ...(q.category ? { category: q.category } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(q.cursor ? { cursor: q.cursor } : {}),
    limit: q.limit ?? 50,
  };
}

export function adminApp(deps: UseCaseDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    await next();
    if (c.res.ok && c.req.method === "GET")
      await deps.audit({ client: c.get("caller").id, action: "admin", detail: `${c.req.method} ${c.req.routePath}` });
  });
  const on = router(app, "/v1/admin", V1_GUARDS);

  on(routes.adminOverview, async (c) => c.json(await adminOverview(deps)));

  on(routes.adminSearch, async (c, { query }) => c.json(await searchMessages(messageSearchOf(query), deps)));

  on(routes.adminRetry, async (c, { params }) =>
    c.json(await adminSendAgain(c.get("caller"), params.id, "retry", deps), 202),
  );

  on(routes.adminResend, async (c, { params }) =>
    c.json(await adminSendAgain(c.get("caller"), params.id, "resend", deps), 202),
  );

  on(routes.adminLocations, async (c, { query }) => {
    const { q, kind, municipality, limit = LOCATIONS_PAGE_DEFAULT, cursor } = query;
    const found = deps.directory.search({
      ...(q ? { q } : {}),
      ...(kind ? { kind } : {}),
      ...(municipality ? { municipality } : {}),
    });
    const page = pageOf(found, limit, cursor === undefined ? undefined : readLocationCursor(cursor));
    const items = await directoryHealth(deps, page.items);
    return c.json({ items, ...(page.next ? { next: page.next } : {}) });
  });

  on(routes.adminReplyStats, async (c, { query }) => c.json(await replyStats(periodOf(query, deps.now()), deps)));

  on(routes.adminUnmatched, async (c) => {
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

  on(routes.adminAudit, async (c, { query }) => {
    const { limit = 100, verify } = query;
    const [items, verification] = await Promise.all([
      deps.auditLog.list(limit),
      deps.auditLog.verify({ full: verify === "full" }),
    ]);
    return c.json({ items, verification });
  });

  // The signed checkpoints (issue 11, point 5), to keep a copy away from the gateway's host.
  on(routes.adminCheckpoints, async (c) => c.json({ items: await deps.auditLog.checkpoints() }));

  return app;
}
