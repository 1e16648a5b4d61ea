// The HTTP API (CONTRACT.md §2): one sub-app per resource, mounted here; handlers call one use case each.
import { Hono } from "hono";
import { fail } from "../errors.js";
import type { Logger } from "../log.js";
import type { UseCaseDeps } from "../usecases/deps.js";
import type { Queue } from "bullmq";
import type { SessionStore } from "../store/session-store.js";
import { acknowledgementsApp } from "./acknowledgements.js";
import { consoleApp } from "./console/app.js";
import { adminApp } from "./admin.js";
import type { AppEnv } from "./env.js";
import { healthApp, type ReadinessCheck } from "./health.js";
import type { Metrics } from "./metrics.js";
import { locationsApp } from "./locations.js";
import { mailboxesApp } from "./mailboxes.js";
import { openApiApp } from "./openapi/app.js";
import { messagesApp } from "./messages.js";
import { toProblem } from "./problem.js";
import { requestIdentity } from "./request-id.js";
import { admission } from "./admission.js";
import { AUTH_FAILURES_PER_MINUTE } from "./auth-throttle.js";
import { clientAddress } from "./client-address.js";
import { bodyGate, createBodyGate } from "./body-reader.js";
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from "./server-limits.js";
import { threadsApp } from "./threads.js";
import { packageVersion } from "../version.js";

export interface AppOptions {
  deps: UseCaseDeps;
  metrics: Metrics;
  readiness: ReadinessCheck;
  maxBodyBytes: number;
  log: Logger;
  /** The administrators' console: its sessions, and the queues its board shows. */
  sessions: SessionStore;
  queues: readonly Queue[];
  /** Slow-and-large body rules (issue 11, point 18); DEFAULT_HTTP_LIMITS when not given. */
  httpLimits?: HttpLimits;
  /** TRUST_PROXY: the reverse proxies whose X-Forwarded-For is believed (none by default). */
  trustedProxies?: ReadonlySet<string>;
  /** Failed /v1 authentications per address and minute before 429 (issue 11, point 13). */
  authFailuresPerMinute?: number;
}

export function createApp({
  deps,
  metrics,
  readiness,
  maxBodyBytes,
  log,
  sessions,
  queues,
  httpLimits = DEFAULT_HTTP_LIMITS,
  trustedProxies = new Set<string>(),
  authFailuresPerMinute = AUTH_FAILURES_PER_MINUTE,
}: AppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestIdentity());
  app.use(bodyGate(createBodyGate(httpLimits)));
  app.use(clientAddress(trustedProxies));
  app.use(metrics.middleware);
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // Route pattern, status, timing and ids only: never a body, a query text or a header value.
    log.info(
      {
        requestId: c.get("requestId"),
        clientRequestId: c.get("clientRequestId"),
        method: c.req.method,
        route: c.req.routePath,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        client: c.get("caller")?.id,
      },
      "request",
    );
  });
  app.route("/", healthApp(readiness));
  app.route("/", metrics.app);
  app.route("/", openApiApp(packageVersion()));
  app.route("/admin", consoleApp({ deps, sessions, queues }));
  app.use("/v1/*", admission(deps.rateLimiter, deps.clients, authFailuresPerMinute, deps.now));
  app.route("/v1/messages", messagesApp(deps, maxBodyBytes));
  app.route("/v1/mailboxes", mailboxesApp(deps));
  app.route("/v1/locations", locationsApp(deps.directory));
  app.route("/v1/acknowledgements", acknowledgementsApp(deps, maxBodyBytes));
  app.route("/v1/threads", threadsApp(deps));
  app.route("/v1/admin", adminApp(deps));
  app.notFound(() => fail("not-found", "route-unknown", "", "There is no such endpoint."));
  app.onError((err, c) => {
    const { response, unexpected } = toProblem(err, c.get("requestId"));
    if (unexpected)
      log.error({ requestId: c.get("requestId"), err: err.message, stack: err.stack }, "unexpected error");
    return response;
  });
  return app;
}
