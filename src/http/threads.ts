// /v1/threads/{thread}: one conversation, in order (CONTRACT.md §2).
import { Hono } from "hono";
import type { UseCaseDeps } from "../usecases/deps.js";
import { readThread } from "../usecases/read/read-thread.js";
import type { AppEnv } from "./env.js";
import { validParams } from "./params.js";

export function threadsApp(deps: UseCaseDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/:thread", validParams, async (c) => c.json(await readThread(c.get("caller"), c.req.param("thread"), deps)));
  return app;
}
