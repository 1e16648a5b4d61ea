// The processes of the end-to-end bench (issue 17, point 3): a Redis of its own, configured as the gateway requires of
// an external one (append-only file synced on every write, noeviction), and Node processes started the way a
// deployment starts them — each its own process, talking to that Redis over TCP and to the bench over HTTP.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { setPriority } from "node:os";
import { join } from "node:path";
import { waitForRedis } from "../../src/redis/embedded.js";
import { redisSettingArgs } from "../../src/redis/settings.js";

export interface Child {
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/** A free TCP port on the loopback interface (asked of the kernel, then released for the child to take). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function supervise(child: ChildProcess, what: string): Child & { failed: () => string | undefined } {
  let stderr = "";
  let exited: string | undefined;
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  child.on("exit", (code, signal) => (exited = `${what} exited (${code ?? signal ?? "?"}): ${stderr.trim()}`));
  return {
    pid: child.pid,
    failed: () => exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const done = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await done;
      clearTimeout(timer);
    },
  };
}

/** redis-server on 127.0.0.1:<free port>, data in `dir`, with the settings the gateway recommends for an external Redis. */
export async function startRedis(dir: string): Promise<Child & { url: string }> {
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, ...redisSettingArgs()];
  args.push("--save", "", "--loglevel", "warning");
  const child = supervise(spawn("redis-server", args, { stdio: ["ignore", "ignore", "pipe"] }), "redis-server");
  const up = await waitForRedis({ host: "127.0.0.1", port }, 15_000, () => {
    const failed = child.failed();
    if (failed) throw new Error(failed);
  });
  if (!up) throw new Error("redis-server did not answer within 15 s");
  return { ...child, url: `redis://127.0.0.1:${port}/0` };
}

const root = join(import.meta.dirname, "../..");
let built: string | undefined;

/**
 * The gateway's command line as deployed (the Dockerfile's `node dist/src/cli.js`): built with tsc once per bench
 * process, then run by plain Node. Run through tsx instead, every named closure the code makes is wrapped in a
 * `__name()` call (esbuild's keepNames): ≈ 1 % of the API process's CPU that production does not pay.
 */
export function builtGatewayCli(): string {
  if (!built) {
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { cwd: root, stdio: "inherit" });
    built = join(root, "dist/src/cli.js");
  }
  return built;
}

/**
 * An entry point in its own Node process — built JavaScript as it is, TypeScript (the floor's bench code) through
 * tsx's loader — stdout to /dev/null as a container's log driver would take it, stderr kept for a failure's reason.
 */
export function startNode(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  options: { nice?: number } = {},
): Child & {
  failed: () => string | undefined;
} {
  // BENCH_E2E_CPU_PROF=<folder>: each process writes a V8 CPU profile there when it exits (to find where time goes).
  const profile = process.env.BENCH_E2E_CPU_PROF
    ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_E2E_CPU_PROF]
    : [];
  // BENCH_E2E_NODE_FLAGS: further Node/V8 flags for each process, space-separated (to find where time goes).
  const flags = process.env.BENCH_E2E_NODE_FLAGS?.split(" ").filter((f) => f !== "") ?? [];
  const loader = script.endsWith(".ts") ? ["--import", "tsx"] : [];
  const child = spawn(process.execPath, [...profile, ...flags, ...loader, script, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  if (options.nice !== undefined && child.pid !== undefined) setPriority(child.pid, options.nice);
  return supervise(child, `${script} ${args.join(" ")}`);
}

/**
 * The niceness a worker runs at beside the API, as docs/operations.md ("CPU for the roles") recommends and
 * docker-compose.yml gives it (`cpu_shares: 128` against the default 1024; nice 10 weighs 110): a submit waits for the
 * API and Redis, a delivery may wait a little; the worker still has every cycle the others leave. The floor's worker
 * gets the same, so the ratio compares like with like.
 */
export const WORKER_NICE = 10;

/** Poll `url` until it answers 200 (a process's /readyz), failing early when the process has exited. */
export async function waitHttp(url: string, failed: () => string | undefined, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const reason = failed();
    if (reason) throw new Error(reason);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s`);
}
