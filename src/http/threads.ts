// /v1/threads/{thread}: one conversation, in order (CONTRACT.md §2; routes/v1.ts).
import { Hono } from "hono";
import type { UseCaseDeps } from "../usecases/deps.js";
import { readThread } from "../usecases/read/read-thread.js";
import type { AppEnv } from "./env.js";
import { V1_GUARDS } from "./routes/guards.js";
import { router } from "./routes/mount.js";
import * as routes from "./routes/v1.js";

export function threadsApp(deps: UseCaseDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  router(
    app,
    "/v1/threads",
    V1_GUARDS,
  )(routes.readThread, async (c, { params }) => c.json(await readThread(c.get("caller"), params.thread, deps)));
  return app;
}
