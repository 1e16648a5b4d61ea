// The gateway's own Redis (CONTRACT.md §1: REDIS_URL unset): a supervised `redis-server` child with the append-only
// file on (fsync on every write, so an accepted message survives a crash of Redis or the machine), noeviction, data
// under GATEWAY_DATA_DIR/redis, listening on a Unix socket there and on no TCP port, so it never takes 6379 from a
// Redis already running. Restarted if it dies; stopped on exit.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, lstatSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "../log.js";
import { redisSettingArgs } from "./settings.js";

export interface EmbeddedRedis {
  readonly socketPath: string;
  /** Stop for good (no restart) and wait for the child to exit. */
  stop(): Promise<void>;
  /** The child's pid, for tests that kill it. */
  pid(): number | undefined;
}

export const REDIS_MISSING_MESSAGE =
  "medcom-gateway needs Redis 7. Either install redis-server so the gateway can run its own (Debian/Ubuntu: " +
  "`apt-get install redis-server`; macOS: `brew install redis`), or point REDIS_URL at a Redis you run " +
  "(e.g. REDIS_URL=redis://127.0.0.1:6379/0) with maxmemory-policy noeviction and appendonly yes.";

export function redisServerAvailable(): boolean {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

/**
 * The Redis folder holds every message: it is the gateway's own, never reached through a symbolic link (redis-server
 * would follow one to wherever it points; issue 11, point 3's class) and open to nobody else (0700).
 */
function ownFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dir);
  if (stat.isSymbolicLink() || !stat.isDirectory())
    throw new Error(
      `${dir} is a symbolic link or not a folder; the embedded Redis keeps its data only in a real folder.`,
    );
  if ((stat.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

// A Unix socket path must fit in sockaddr_un (108 bytes on Linux).
const MAX_SOCKET_PATH = 100;

export async function startEmbeddedRedis(dataDir: string, log: Logger): Promise<EmbeddedRedis> {
  const dir = resolve(dataDir, "redis");
  ownFolder(dir);
  const socketPath = join(dir, "redis.sock");
  if (socketPath.length > MAX_SOCKET_PATH) {
    throw new Error(`GATEWAY_DATA_DIR is too deep for a Redis socket (${socketPath}); choose a shorter path.`);
  }
  const args = [
    "--port",
    "0",
    "--unixsocket",
    socketPath,
    "--unixsocketperm",
    "700",
    "--dir",
    dir,
    ...redisSettingArgs(),
    "--save",
    "",
    "--daemonize",
    "no",
    "--loglevel",
    "warning",
  ];
  let child: ChildProcess | undefined;
  let stopping = false;
  let restarts = 0;

  const launch = async (): Promise<void> => {
    const started = spawn("redis-server", args, { stdio: ["ignore", "ignore", "pipe"] });
    child = started;
    let stderr = "";
    started.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    started.on("exit", (code, signal) => {
      if (stopping || child !== started) return;
      restarts += 1;
      const delay = Math.min(100 * 2 ** Math.min(restarts, 5), 3000);
      log.error({ code, signal, restarts, delayMs: delay }, "embedded redis-server exited; restarting");
      setTimeout(() => {
        if (!stopping) launch().catch((err: unknown) => log.error({ err: String(err) }, "redis-server restart failed"));
      }, delay);
    });
    await waitForSocket(socketPath, started, () => stderr);
    restarts = 0;
  };

  await launch();
  log.info({ socket: socketPath }, "embedded redis-server started");
  return {
    socketPath,
    pid: () => child?.pid,
    async stop() {
      stopping = true;
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      const exited = new Promise<void>((done) => current.once("exit", () => done()));
      current.kill("SIGTERM"); // redis-server flushes the append-only file and exits on SIGTERM
      const timer = setTimeout(() => current.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitForSocket(path: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const started = await waitForRedis({ path }, 15_000, () => {
    if (child.exitCode !== null) throw new Error(`redis-server exited at start: ${stderr().trim()}`);
  });
  if (!started) throw new Error(`redis-server did not start within 15 s: ${stderr().trim()}`);
}

/**
 * Ping a Redis that is starting until it serves (while loading the append-only file it answers LOADING), up to
 * `timeoutMs`; `check` runs before each try and may throw to stop early. True once it answers PONG.
 */
export async function waitForRedis(
  target: RedisOptions,
  timeoutMs: number,
  check: () => void = () => undefined,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    check();
    const probe = new Redis({ ...target, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => undefined);
    try {
      await probe.connect();
      if ((await probe.ping()) === "PONG") return true;
    } catch {
      // not up yet
    } finally {
      probe.disconnect();
    }
    await new Promise((r) => setTimeout(r, 30));
  }
  return false;
}
