// Issue 12, point 6: while a process waits for its Redis, its port already answers, so an orchestrator sees the
// process alive (/healthz 200) but not ready (/readyz 503, failing "redis") and sends it no traffic; every other
// request gets a 503 problem (CONTRACT.md §2: "503 (Redis unavailable: nothing was accepted)").
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer, type ServerOptions } from "node:https";
import { PROBLEM_JSON } from "./problem.js";

export interface NotReadyServer {
  port: number;
  close(): Promise<void>;
}

function answer(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? "/").split("?")[0];
  const json = (status: number, body: unknown, type = "application/json", extra: Record<string, string> = {}) => {
    res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", ...extra });
    res.end(JSON.stringify(body));
  };
  if (path === "/healthz") return json(200, { status: "ok" });
  if (path === "/readyz") {
    return json(503, { status: "not ready", failing: "redis", checks: { redis: "unreachable", startup: "waiting" } });
  }
  json(
    503,
    {
      type: "about:blank",
      title: "Service Unavailable",
      status: 503,
      detail: "The gateway is starting and waits for Redis: nothing was accepted. Retry later.",
      issues: [
        { severity: "error", code: "store-unavailable", path: "", message: "Redis is unreachable; retry later." },
      ],
    },
    PROBLEM_JSON,
    { "Retry-After": "5" },
  );
}

/** Listen on `port` (HTTPS with `tls`) until close(); rejects when the port cannot be had. */
export async function listenNotReady(port: number, tls?: ServerOptions): Promise<NotReadyServer> {
  const server: Server = tls ? createHttpsServer(tls, answer) : createServer(answer);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // keep-alive probes must not hold the port the real server takes next
      }),
  };
}
