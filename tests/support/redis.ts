// A real redis-server for integration tests: its own process on a free port in a temp dir (or REDIS_URL when set,
// for the run-wide server). Never the machine's 6379.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitForRedis } from "../../src/redis/embedded.js";

export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Start again on the same port and directory (after stop). */
  start(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startRedisServer(options: { appendOnly?: boolean } = {}): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), "mg-redis-"));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      "redis-server",
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        dir,
        "--save",
        "",
        "--appendonly",
        options.appendOnly ? "yes" : "no",
        "--maxmemory-policy",
        "noeviction",
      ],
      { stdio: "ignore" },
    );
    await waitForPing(port);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    async stop() {
      const current = child;
      if (!current || current.exitCode !== null) return;
      const exited = new Promise((r) => current.once("exit", r));
      current.kill("SIGTERM");
      await exited;
    },
  };
}

async function waitForPing(port: number): Promise<void> {
  if (!(await waitForRedis({ port }, 10_000))) throw new Error(`redis-server on ${port} did not start`);
}

/** Remove a temp dir made by a test (best effort). */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
