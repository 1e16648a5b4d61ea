// /healthz (the process answers) and /readyz (Redis reachable and usable), without authentication (CONTRACT.md §2).
import { Hono } from "hono";
import type { AppEnv } from "./env.js";
import { router } from "./routes/mount.js";
import * as routes from "./routes/operations.js";

export type ReadinessCheck = () => Promise<{ ready: boolean; checks: Record<string, string>; failing?: string }>;

export function healthApp(readiness: ReadinessCheck): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on = router(app, "", {});
  on(routes.healthz, (c) => c.json({ status: "ok" }));
  on(routes.readyz, async (c) => {
    const { ready, checks, failing } = await readiness();
    return c.json(ready ? { status: "ready", checks } : { status: "not ready", failing, checks }, ready ? 200 : 503);
  });
  return app;
}
