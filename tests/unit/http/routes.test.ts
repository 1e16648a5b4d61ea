// Every route is defined once (src/http/routes) and the app serves exactly those definitions; every path parameter a
// definition names is enforced before anything else is touched: a malformed `{id}`, `{gln}` or `{thread}` is a 400
// problem naming the parameter, and no store, use case or log sees it (issue 11 point 1, issue 14 point 3).
import { describe, expect, test } from "vitest";
import { createClientRegistry } from "../../../src/access/clients.js";
import { createApp } from "../../../src/http/app.js";
import { createMetrics, type MetricsSources } from "../../../src/http/metrics.js";
import { openApiDocument } from "../../../src/http/openapi/document.js";
import { pathNames } from "../../../src/http/routes/define.js";
import { ROUTES } from "../../../src/http/routes/index.js";
import { silentLogger } from "../../../src/log.js";
import type { RateLimiter } from "../../../src/domain/ports/index.js";
import type { SessionStore } from "../../../src/store/session-store.js";
import type { UseCaseDeps } from "../../../src/usecases/deps.js";
import { demoConfig } from "../../support/config.js";

const ADMIN_KEY = "demo-ops-admin-key";
const SESSION = "test-session-token";

/** Anything touched through it is recorded and throws: a request that reaches it went past the checks. */
function untouchable<T extends object>(name: string, touched: string[]): T {
  const fail = (what: string): never => {
    touched.push(what);
    throw new Error(`${what} was touched`);
  };
  return new Proxy(() => undefined, {
    get: (_, key): unknown => (key === "then" ? undefined : untouchable(`${name}.${String(key)}`, touched)),
    apply: () => fail(name),
  }) as unknown as T;
}

function gateway() {
  const touched: string[] = [];
  const limiter: RateLimiter = {
    take: () => Promise.resolve({ allowed: true, retryAfterSeconds: 0 }),
    taken: () => Promise.resolve(0),
    admit: () => Promise.resolve({ failed: 0, decision: { allowed: true, retryAfterSeconds: 0 } }),
  };
  const deps = new Proxy({} as UseCaseDeps, {
    get: (_, key): unknown =>
      key === "clients"
        ? createClientRegistry(demoConfig().clients)
        : key === "rateLimiter"
          ? limiter
          : // The clock is read by the rate limit and the session check, before any route (issue 14, point 4).
            key === "now"
            ? () => new Date()
            : untouchable(`deps.${String(key)}`, touched),
  });
  const sessions: SessionStore = {
    get: (token) =>
      Promise.resolve(token === SESSION ? { client: "ops", csrf: "csrf", createdAt: Date.now() } : undefined),
    create: () => Promise.reject(new Error("not in this test")),
    destroy: () => Promise.reject(new Error("not in this test")),
  };
  const app = createApp({
    deps,
    metrics: createMetrics(untouchable<MetricsSources>("metrics", touched)),
    readiness: untouchable("readiness", touched),
    maxBodyBytes: 1024 * 1024,
    log: silentLogger(),
    sessions,
    queues: [],
  });
  return { app, touched };
}

const ID = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
const GOOD: Record<string, string> = {
  id: ID,
  gln: "5790000209354",
  thread: encodeURIComponent("urn:uuid:b2eb3d0e-5de5-4de9-b2a3-0ff321ad1c3a"),
  document: "xbin01",
};
const BAD: Record<string, readonly string[]> = {
  id: [`${ID}:content`, `${ID}:events`, ID.toUpperCase(), "a".repeat(5000), "x%0D%0AX-Injected:%201", "%00"],
  gln: ["579000020935", "57900002093x4", "5790000209355", `5790000209354:x`],
  thread: [ID, encodeURIComponent(`urn:uuid:${ID}:x`), "urn%3Auuid%3A"],
  document: ["XDIS91", "xctl-1", "xctl-10", "..%2Fcontent", "xdis91.xml"],
};

describe("one definition per route", () => {
  test("the app serves exactly the defined routes, and /openapi.json describes exactly them", () => {
    const { app } = gateway();
    const served = new Set(
      app.routes
        .filter((r) => r.method !== "ALL" && !r.path.startsWith("/admin/queues"))
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}").replace(/(.)\/$/, "$1")}`),
    );
    const defined = ROUTES.filter((r) => !r.servedBy).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect([...served].sort()).toEqual([...defined].sort());
    const doc = openApiDocument("test") as { paths: Record<string, Record<string, unknown>> };
    const described = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(described.sort()).toEqual(ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort());
  });

  test("every route's parameters are the ones its path names", () => {
    for (const r of ROUTES) expect(Object.keys(r.params ?? {}), r.path).toEqual(pathNames(r.path));
  });
});

const withParams = ROUTES.filter((r) => pathNames(r.path).length > 0);

describe("every route's path parameters are enforced before anything is touched", () => {
  test.each(withParams.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))("%s", async (_, r) => {
    const { app, touched } = gateway();
    const names = pathNames(r.path);
    for (const name of names)
      for (const bad of BAD[name] ?? []) {
        const path = r.path.replace(/\{(\w+)\}/g, (_m, n: string) => (n === name ? bad : (GOOD[n] ?? "")));
        const console = r.path.startsWith("/admin");
        const response = await app.request(path, {
          method: r.method.toUpperCase(),
          headers: console
            ? { Cookie: `mg_admin_session=${SESSION}`, Accept: "text/html" }
            : { Authorization: `Bearer ${ADMIN_KEY}` },
        });
        const what = `${r.method} ${path.slice(0, 120)}`;
        expect(response.status, what).toBe(400);
        const text = await response.text();
        if (!console) {
          expect(response.headers.get("content-type"), what).toBe("application/problem+json");
          const issues = (JSON.parse(text) as { issues: { path: string; code: string }[] }).issues;
          expect(
            issues.map((i) => i.path),
            what,
          ).toContain(name);
          // The problem names the parameter, never echoes it (a console error page links to itself in the other
          // language, for the administrator who asked for it).
          expect(text, what).not.toContain("X-Injected");
          expect(text, what).not.toContain("a".repeat(100));
        }
      }
    expect(touched).toEqual([]);
  });
});
