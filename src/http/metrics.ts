// /metrics in Prometheus' text format (issue: operations). HTTP rate, errors and latency per route come from this
// process (prom-client); queue depth and oldest job, deliveries by outcome per receiving location, acknowledgement
// latency, overdue acknowledgements, duplicates and resends come from Redis, so every API process reports the figures
// of the whole gateway. Labels are routes, location numbers, outcomes and reasons: never ids or patient data.
import type { Queue } from "bullmq";
import { createHash, timingSafeEqual } from "node:crypto";
import { Hono, type MiddlewareHandler } from "hono";
import { Counter, Histogram, Registry } from "prom-client";
import { fail, GatewayError } from "../errors.js";
import type { Counters } from "../domain/ports/counters.js";
import type { AppEnv } from "./env.js";
import { router } from "./routes/mount.js";
import * as routes from "./routes/operations.js";

export interface MetricsSources {
  counters: Counters;
  queues: readonly Queue[];
  /** Messages delivered longer ago than the acknowledgement timeout and still unanswered. */
  overdueAcknowledgements: () => Promise<number>;
  /** Messages the outbox dispatcher parked, per reason (issue 11, point 10). */
  outboxParked?: () => Promise<Record<string, number>>;
  /** OIOXML letters (XDIS91, XBIN01) waiting for their partner (issue 15, LEGACY.md §6.7). */
  legacyPairsWaiting?: () => Promise<number>;
  /** Acknowledgement deadlines (queue/ack-deadlines.ts) scheduled, being run, and failed after every attempt. */
  ackDeadlines?: () => Promise<{ scheduled: number; claimed: number; failed: number }>;
  /** Each receiving location's circuit breaker (issue 12, point 4): down or not, letters waiting for it. */
  locationBreakers?: () => Promise<ReadonlyMap<string, { state: string; waiting: number }>>;
}

export interface MetricsOptions {
  /**
   * METRICS_TOKEN: /metrics answers only `Authorization: Bearer <token>`; unset, /metrics is not served (404). The
   * per-location delivery counts show who corresponds with whom (issue 11, point 16).
   */
  token?: string;
}

export interface Metrics {
  middleware: MiddlewareHandler<AppEnv>;
  app: Hono<AppEnv>;
}

const escape = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const labels = (l: Record<string, string>) =>
  `{${Object.entries(l)
    .map(([k, v]) => `${k}="${escape(v)}"`)
    .join(",")}}`;

function family(name: string, type: string, help: string, samples: string[]): string {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples].join("\n");
}

/** Compare in constant time: both sides hashed to the same length first, so not even the length leaks. */
function sameToken(given: string, expected: string): boolean {
  const digest = (v: string) => createHash("sha256").update(v, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The guard of /metrics: 404 while no token is configured, 401 without the right bearer token. */
function metricsAccess(token: string | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (token === undefined) fail("not-found", "route-unknown", "", "There is no such endpoint.");
    const match = /^Bearer\s+(\S{1,512})$/i.exec(c.req.header("Authorization") ?? "");
    if (!match?.[1] || !sameToken(match[1], token))
      throw new GatewayError(
        "unauthenticated",
        [
          {
            severity: "error",
            code: "metrics-token",
            path: "Authorization",
            message: "Send Authorization: Bearer <METRICS_TOKEN>.",
          },
        ],
        undefined,
        { "WWW-Authenticate": 'Bearer realm="metrics"' },
      );
    await next();
  };
}

export function createMetrics(sources: MetricsSources, options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const requests = new Counter({
    name: "medcom_http_requests_total",
    help: "HTTP requests by method, route and status",
    labelNames: ["method", "route", "status"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "medcom_http_request_duration_seconds",
    help: "HTTP request duration by method and route",
    labelNames: ["method", "route"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const stop = duration.startTimer();
    await next();
    // The matched route pattern (e.g. /v1/messages/:id), never the raw path with its ids.
    const route = c.req.routePath;
    stop({ method: c.req.method, route });
    requests.inc({ method: c.req.method, route, status: String(c.res.status) });
  };

  async function gatewayFamilies(): Promise<string> {
    const [snapshot, overdue, parked, breakers, queueStates, pairs, deadlines] = await Promise.all([
      sources.counters.read(),
      sources.overdueAcknowledgements(),
      sources.outboxParked?.() ?? Promise.resolve<Record<string, number>>({}),
      sources.locationBreakers?.() ?? Promise.resolve(new Map<string, { state: string; waiting: number }>()),
      Promise.all(
        sources.queues.map(async (q) => {
          const counts = await q.getJobCounts("waiting", "active", "delayed", "failed", "prioritized");
          const [oldest] = await q.getJobs(["waiting"], 0, 0, true);
          return { name: q.name, counts, oldestMs: oldest ? Date.now() - oldest.timestamp : 0 };
        }),
      ),
      sources.legacyPairsWaiting?.(),
      sources.ackDeadlines?.(),
    ]);
    return [
      family(
        "medcom_queue_jobs",
        "gauge",
        "Jobs per queue and state",
        queueStates.flatMap((q) =>
          Object.entries(q.counts).map(([state, n]) => `medcom_queue_jobs${labels({ queue: q.name, state })} ${n}`),
        ),
      ),
      family(
        "medcom_queue_oldest_waiting_seconds",
        "gauge",
        "Age of the oldest waiting job per queue",
        queueStates.map((q) => `medcom_queue_oldest_waiting_seconds${labels({ queue: q.name })} ${q.oldestMs / 1000}`),
      ),
      family(
        "medcom_deliveries_total",
        "counter",
        "Delivery attempts by receiving location and outcome",
        snapshot.deliveries.map(
          (d) => `medcom_deliveries_total${labels({ receiver: d.receiver, outcome: d.outcome })} ${d.count}`,
        ),
      ),
      family(
        "medcom_acknowledgement_latency_seconds",
        "histogram",
        "Time from delivery to the receiver's acknowledgement, by code",
        snapshot.ackLatency.flatMap((h) => [
          ...Object.entries(h.buckets).map(
            ([le, n]) => `medcom_acknowledgement_latency_seconds_bucket${labels({ code: h.code, le })} ${n}`,
          ),
          `medcom_acknowledgement_latency_seconds_sum${labels({ code: h.code })} ${h.sum}`,
          `medcom_acknowledgement_latency_seconds_count${labels({ code: h.code })} ${h.count}`,
        ]),
      ),
      family(
        "medcom_acknowledgements_overdue",
        "gauge",
        "CareCommunications unanswered longer than the acknowledgement timeout after their first delivery",
        [`medcom_acknowledgements_overdue ${overdue}`],
      ),
      // The deadlines are no BullMQ jobs since issue 17: their counts here, a failed one as BullMQ's failed jobs were.
      ...(deadlines === undefined
        ? []
        : [
            family(
              "medcom_ack_deadlines",
              "gauge",
              "Acknowledgement deadlines by state: scheduled, claimed (being run), failed (after every attempt, kept 7 days)",
              Object.entries(deadlines).map(([state, n]) => `medcom_ack_deadlines${labels({ state })} ${n}`),
            ),
          ]),
      family(
        "medcom_outbox_parked",
        "gauge",
        "Messages the outbox could not hand to the queue, parked by reason until an administrator retries them",
        Object.entries(parked).map(([reason, n]) => `medcom_outbox_parked${labels({ reason })} ${n}`),
      ),
      // Operators alert on this as soon as a location goes down, not when its letters fail (issue 12, point 4).
      family(
        "medcom_location_down",
        "gauge",
        "1 while a receiving location is marked down by its circuit breaker (open or half-open), else 0",
        [...breakers].map(
          ([gln, b]) => `medcom_location_down${labels({ receiver: gln })} ${b.state === "closed" ? 0 : 1}`,
        ),
      ),
      family(
        "medcom_location_waiting",
        "gauge",
        "Letters waiting for a receiving location to answer again (its circuit breaker's line)",
        [...breakers].map(([gln, b]) => `medcom_location_waiting${labels({ receiver: gln })} ${b.waiting}`),
      ),
      ...(pairs === undefined
        ? []
        : [
            family(
              "medcom_legacy_pairs_waiting",
              "gauge",
              "OIOXML letters (an XDIS91 or its XBIN01) waiting for their partner, at most 60 minutes each",
              [`medcom_legacy_pairs_waiting ${pairs}`],
            ),
          ]),
      family("medcom_duplicates_total", "counter", "Messages submitted again (same MessageHeader.id)", [
        `medcom_duplicates_total ${snapshot.duplicates}`,
      ]),
      // Issue 13's regional rules: acute letters accepted (each one should have been a telephone call) and reports
      // of concern refused (sent to the wrong channel).
      family(
        "medcom_regional_rules_total",
        "counter",
        "Regional rules fired: acute-letter (accepted with a telephone warning), report-of-concern (refused)",
        snapshot.regionalRules.map((r) => `medcom_regional_rules_total${labels({ rule: r.rule })} ${r.count}`),
      ),
      family(
        "medcom_resends_total",
        "counter",
        "Technical resends by reason",
        snapshot.resends.map((r) => `medcom_resends_total${labels({ reason: r.reason })} ${r.count}`),
      ),
    ].join("\n");
  }

  const app = new Hono<AppEnv>();
  router(app, "", { "metrics-token": metricsAccess(options.token) })(routes.metrics, async (c) => {
    const text = `${await registry.metrics()}\n${await gatewayFamilies()}\n`;
    return c.body(text, 200, { "Content-Type": registry.contentType });
  });
  return { middleware, app };
}
