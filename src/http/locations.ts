// /v1/locations: search the directory for the clearly named entry a GP looks for (CONTRACT.md §2; routes/v1.ts).
import { Hono } from "hono";
import { publicLocation, type Directory } from "../routing/directory.js";
import { LOCATIONS_PAGE_DEFAULT, pageOf, readLocationCursor } from "../routing/paging.js";
import type { AppEnv } from "./env.js";
import { V1_GUARDS } from "./routes/guards.js";
import { router } from "./routes/mount.js";
import * as routes from "./routes/v1.js";

export function locationsApp(directory: Directory): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  router(
    app,
    "/v1/locations",
    V1_GUARDS,
  )(routes.searchLocations, (c, { query }) => {
    const { q, kind, municipality, limit = LOCATIONS_PAGE_DEFAULT, cursor } = query;
    const found = directory.search({
      ...(q ? { q } : {}),
      ...(kind ? { kind } : {}),
      ...(municipality ? { municipality } : {}),
    });
    const after = cursor === undefined ? undefined : readLocationCursor(cursor);
    const page = pageOf(found, limit, after);
    return c.json({ items: page.items.map(publicLocation), ...(page.next ? { next: page.next } : {}) });
  });
  return app;
}
