// Hostile input against the operational edges (issue 11, points 13, 14, 16): a caller's request id, forged
// X-Forwarded-For chains, /metrics without its token, and the queue board's static files. Every case gets a clear
// 4xx; none leaves a caller's text in a Redis key, a log line's id or an answer's X-Request-Id.
import type { HostileCase } from "./cases.js";

const UNKNOWN = "/v1/messages/00000000-0000-4000-8000-00000000ffff";

const headerCases: { name: string; headers: Record<string, string> }[] = [
  // Point 16: a caller's X-Request-Id is never the request's id (it is logged, cut and stripped, as clientRequestId).
  { name: "X-Request-Id of 8 KB", headers: { "X-Request-Id": "r".repeat(8192) } },
  { name: "X-Request-Id posing as a log field", headers: { "X-Request-Id": '","level":60,"msg":"forged' } },
  { name: "X-Request-Id naming a Redis key", headers: { "X-Request-Id": "{mg}:msg:00000000-0000-4000-8000-000000000001" } },
  // Point 13: without TRUST_PROXY, X-Forwarded-For is ignored; with it, only hops the proxy wrote count.
  { name: "X-Forwarded-For with a key pattern", headers: { "X-Forwarded-For": "{mg}:rate:*, 127.0.0.1" } },
  { name: "X-Forwarded-For of 1,000 hops", headers: { "X-Forwarded-For": Array(1000).fill("203.0.113.9").join(", ") } },
  { name: "X-Forwarded-For that is not an address", headers: { "X-Forwarded-For": "not-an-ip\t, ::ffff:zz" } },
];

export const opsHostileCases: HostileCase[] = headerCases.map((c) => ({ method: "GET" as const, path: UNKNOWN, as: "gp" as const, status: 404, ...c, name: `ops: ${c.name}` }));

// Point 16: /metrics answers only METRICS_TOKEN (the test gateways set one): an API key or nothing gets 401.
opsHostileCases.push(
  { name: "ops: /metrics without a token", method: "GET", path: "/metrics", as: "none", status: 401 },
  { name: "ops: /metrics with an API key", method: "GET", path: "/metrics", as: "gp", status: 401 },
  {
    name: "ops: /metrics with a Basic header",
    method: "GET",
    path: "/metrics",
    as: "none",
    headers: { Authorization: "Basic bWV0cmljczptZXRyaWNz" },
    status: 401,
  },
  // Point 14: the queue board's static files, signed out, with traversal: refused (401, or 404 once the client has
  // resolved the dots) before any file is looked at.
  {
    name: "ops: queue board static traversal",
    method: "GET",
    path: "/admin/queues/static/%2e%2e/%2e%2e/%2e%2e/package.json",
    as: "none",
  },
  { name: "ops: queue board static file signed out", method: "GET", path: "/admin/queues/static/js/x.js", as: "none", status: 401 },
);
