// Health, readiness, metrics and the API description: open to load balancers, Prometheus and developers.
import { route } from "./define.js";
import { html, json, problem } from "./replies.js";

export const healthz = route({
  method: "get",
  path: "/healthz",
  tag: "operations",
  summary: "Liveness: the process answers",
  access: "none",
  responses: { "200": json("Health", "Alive.") },
});

export const readyz = route({
  method: "get",
  path: "/readyz",
  tag: "operations",
  summary: "Readiness: Redis reachable, queues not paused, keys loaded, not shutting down",
  access: "none",
  responses: {
    "200": json("Readiness", "Ready."),
    "503": json("Readiness", "Not ready; `failing` names the first failing part."),
  },
});

export const metrics = route({
  method: "get",
  path: "/metrics",
  tag: "operations",
  summary: "Prometheus metrics",
  description: "Needs METRICS_TOKEN as a bearer token; without METRICS_TOKEN configured the gateway does not serve it.",
  access: "metrics-token",
  responses: {
    "200": { description: "Prometheus text format.", content: { "text/plain": { type: "string" } } },
    "401": problem("No or a wrong METRICS_TOKEN."),
    "404": problem("METRICS_TOKEN is not configured."),
  },
});

export const openApiJson = route({
  method: "get",
  path: "/openapi.json",
  tag: "operations",
  summary: "This API description (OpenAPI 3.1)",
  access: "none",
  responses: { "200": { description: "The document.", content: { "application/json": { type: "object" } } } },
});

export const docs = route({
  method: "get",
  path: "/docs",
  tag: "operations",
  summary: "The API description as a page to read",
  access: "none",
  responses: { "200": html("The page.") },
});

export const OPERATIONS_ROUTES = [healthz, readyz, metrics, openApiJson, docs] as const;
