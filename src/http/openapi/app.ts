// /openapi.json and /docs: the API description, open to anyone (it carries no data; a journal system's developer
// reads it in a browser, which cannot send a Bearer key).
import { Hono } from "hono";
import type { AppEnv } from "../env.js";
import { router } from "../routes/mount.js";
import * as routes from "../routes/operations.js";
import { docsPage } from "./docs-page.js";
import { openApiDocument } from "./document.js";

export function openApiApp(version: string): Hono<AppEnv> {
  const doc = openApiDocument(version);
  const app = new Hono<AppEnv>();
  const on = router(app, "", {});
  on(routes.openApiJson, (c) => c.json(doc));
  on(routes.docs, (c) =>
    c.html(docsPage(doc), 200, {
      "Content-Security-Policy": "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'",
    }),
  );
  return app;
}
