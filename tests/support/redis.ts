// A real redis-server for integration tests: its own process on a free port in a temp dir (or REDIS_URL when set,
// for the run-wide server). Never the machine's 6379. Durable as the gateway demands of an external Redis (issue 12,
// point 2: appendonly yes, appendfsync always), its directory on tmpfs (/dev/shm) where there is one, so the fsync on
// every write costs the test run nothing.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, statfsSync } from "node:fs";
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
  /** Stop for good and delete the data directory (it lives in memory on tmpfs). */
  remove(): Promise<void>;
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

export interface RedisServerOptions {
  /** appendonly (default yes). */
  appendOnly?: boolean;
  /** appendfsync (default always). */
  fsync?: "always" | "everysec" | "no";
  /** Further redis-server arguments (e.g. `--rename-command CONFIG ""`). */
  extraArgs?: readonly string[];
  /** Do not start yet (a test starts it later with start()). */
  deferStart?: boolean;
}

/** tmpfs when it has room (a container's /dev/shm may be only 64 MB), else the temp dir (fsync then costs ~4 ms). */
function dataRoot(): string {
  try {
    const { bavail, bsize } = statfsSync("/dev/shm");
    if (bavail * bsize >= 1024 ** 3) return "/dev/shm";
  } catch {
    // no /dev/shm (macOS)
  }
  return tmpdir();
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<TestRedis> {
  const dir = mkdtempSync(join(dataRoot(), "mg-redis-"));
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
        options.appendOnly === false ? "no" : "yes",
        "--appendfsync",
        options.fsync ?? "always",
        "--maxmemory-policy",
        "noeviction",
        ...(options.extraArgs ?? []),
      ],
      { stdio: "ignore" },
    );
    await waitForPing(port);
  };
  if (!options.deferStart) await start();
  const stop = async () => {
    const current = child;
    if (!current || current.exitCode !== null) return;
    const exited = new Promise((r) => current.once("exit", r));
    current.kill("SIGTERM");
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop,
    async remove() {
      await stop();
      removeDir(dir);
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
