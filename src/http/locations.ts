// /v1/locations: search the directory for the clearly named entry a GP looks for (CONTRACT.md §2).
import { Hono } from "hono";
import { authorize } from "../access/authorize.js";
import { fail } from "../errors.js";
import { publicLocation, type Directory } from "../routing/directory.js";
import type { AppEnv } from "./env.js";
import { validQuery } from "./query.js";
import { locationsQuery } from "./schemas/queries.js";

export function locationsApp(directory: Directory): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/", (c) => {
    if (!authorize(c.get("caller"), { do: "search-directory" }))
      fail("forbidden", "directory-not-yours", "Authorization", "This client may not search the directory.");
    const { q, kind, municipality } = validQuery(c, locationsQuery);
    const items = directory
      .search({ ...(q ? { q } : {}), ...(kind ? { kind } : {}), ...(municipality ? { municipality } : {}) })
      .map(publicLocation);
    return c.json({ items });
  });
  return app;
}
