// The fault tests' cluster (issue 12, "Done when"): a redis-server of its own that can be killed with SIGKILL or
// "lose power" (its unsynced AOF bytes dropped), and API and worker processes (`serve --role api|worker`, separate
// OS processes as in production) that can be killed and started again on the same Redis and key prefix.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { newTestKeyring, uniquePrefix } from "../support/gateway.js";
import { spawnGateway, type GatewayProcess } from "../support/process.js";
import { freePort, removeDir } from "../support/redis.js";
import { projectRoot } from "../support/shared.js";
import { waitForRedis } from "../../src/redis/embedded.js";

export type Fsync = "always" | "everysec";

export interface FaultRedis {
  url: string;
  /** kill -9: what Redis wrote to its AOF stays (the kernel keeps it), as when only the process dies. */
  crash(): Promise<void>;
  /**
   * A power loss: the process stops at once and the AOF keeps only what was fsynced. Modelled on the AOF's size over
   * time: with `everysec` the file is cut to the size it had `lagMs` (default 1 s, Redis' fsync interval) before;
   * with `always` Redis fsyncs before it answers, so what any client was told is on disk and nothing is cut.
   */
  powerLoss(lagMs?: number): Promise<{ bytesLost: number }>;
  start(): Promise<void>;
  remove(): Promise<void>;
}

/** redis-server on a free port and its own directory, AOF on with the given fsync policy, no AOF rewrites (the
 *  power-loss model follows one growing file). */
export async function startFaultRedis(fsync: Fsync): Promise<FaultRedis> {
  const dir = mkdtempSync(join(tmpdir(), "mg-faults-redis-"));
  const port = await freePort();
  let child: ChildProcess | undefined;
  let sizes: { at: number; size: number }[] = [];
  let sampler: NodeJS.Timeout | undefined;
  const aofFile = (): string | undefined => {
    try {
      const files = readdirSync(join(dir, "appendonlydir")).filter((f) => f.endsWith(".incr.aof"));
      return files.length > 0 ? join(dir, "appendonlydir", files.sort().at(-1) ?? "") : undefined;
    } catch {
      return undefined;
    }
  };
  const sample = () => {
    const file = aofFile();
    if (file) sizes.push({ at: Date.now(), size: statSync(file).size });
    if (sizes.length > 400) sizes = sizes.slice(-200);
  };
  const start = async () => {
    child = spawn(
      "redis-server",
      [
        ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""],
        ...["--appendonly", "yes", "--appendfsync", fsync, "--auto-aof-rewrite-percentage", "0"],
        ...["--maxmemory-policy", "noeviction"],
      ],
      { stdio: "ignore" },
    );
    const reap = () => child?.kill("SIGKILL");
    process.once("exit", reap);
    if (!(await waitForRedis({ port }, 20_000))) throw new Error(`redis-server on ${port} did not start`);
    sizes = [];
    sampler = setInterval(sample, 50);
  };
  const kill = async () => {
    clearInterval(sampler);
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise((r) => current.once("exit", r));
    current.kill("SIGKILL");
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    crash: kill,
    async powerLoss(lagMs = 1000) {
      sample();
      await kill();
      const file = aofFile();
      if (!file || fsync === "always") return { bytesLost: 0 };
      const cutoff = Date.now() - lagMs;
      const synced = [...sizes].reverse().find((s) => s.at <= cutoff)?.size ?? sizes[0]?.size ?? 0;
      const size = statSync(file).size;
      if (synced < size) truncateSync(file, synced);
      return { bytesLost: Math.max(0, size - synced) };
    },
    start,
    async remove() {
      await kill();
      removeDir(dir);
    },
  };
}

export interface ClusterOptions {
  redis: FaultRedis;
  fsync: Fsync;
  /** Policy over the shipped configuration's (e.g. a short acknowledgement deadline). */
  policy?: Record<string, number>;
  /** Locations added to the shipped configuration's (e.g. webhook receivers the test runs). */
  locations?: object[];
  /** Attachments' chunks as files in a folder every process shares (GATEWAY_BLOB_DIR), not in Redis. */
  blobFiles?: boolean;
}

export interface GatewayRole {
  role: "api" | "worker";
  process: GatewayProcess;
  /** The API's base URL (api role only). */
  url?: string;
}

/** API and worker processes of one gateway (one key prefix, one keyring) on the fault Redis. */
export interface Cluster {
  prefix: string;
  apis: GatewayRole[];
  workers: GatewayRole[];
  /** The API URLs now (a restarted API keeps its port). */
  apiUrls(): string[];
  startApi(port?: number): Promise<GatewayRole>;
  startWorker(): GatewayRole;
  /** kill -9 one process and start its replacement (an API on the same port); resolves when the new one runs. */
  killAndRestart(p: GatewayRole): Promise<void>;
  stop(): Promise<void>;
}

export async function startCluster(options: ClusterOptions, apis = 2, workers = 2): Promise<Cluster> {
  const prefix = uniquePrefix();
  const keyringPath = newTestKeyring();
  const configDir = mkdtempSync(join(tmpdir(), "mg-faults-config-"));
  const configPath = join(configDir, "gateway.json");
  const shipped = JSON.parse(readFileSync(join(projectRoot, "config/gateway.json"), "utf8")) as {
    policy?: object;
    locations?: object[];
  };
  const locations = [...(shipped.locations ?? []), ...(options.locations ?? [])];
  writeFileSync(
    configPath,
    JSON.stringify({ ...shipped, locations, policy: { ...shipped.policy, ...options.policy } }),
  );
  const env = (port?: number) => ({
    REDIS_URL: options.redis.url,
    GATEWAY_KEY_PREFIX: prefix,
    GATEWAY_ENCRYPTION_KEY_FILE: keyringPath,
    GATEWAY_CONFIG: configPath,
    // FAULTS_LOG_LEVEL=info shows every delivery and reconnection in a timeout's diagnosis (diagnose.ts).
    LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? "error",
    // Issue 12, point 2: the gateway refuses an external Redis without `appendfsync always` unless told it may lose
    // what it answered 202 for; the power-loss variant runs `everysec` on purpose.
    ...(options.fsync === "everysec" ? { GATEWAY_ACCEPT_REDIS_DATA_LOSS: "1" } : {}),
    ...(port !== undefined ? { PORT: String(port) } : {}),
    ...(options.blobFiles ? { GATEWAY_BLOB_DIR: join(configDir, "blobs") } : {}),
  });
  const cluster: Cluster = {
    prefix,
    apis: [],
    workers: [],
    apiUrls: () => cluster.apis.map((a) => a.url ?? ""),
    async startApi(port) {
      const p = port ?? (await freePort());
      const api: GatewayRole = {
        role: "api",
        process: spawnGateway(["serve", "--role", "api"], env(p)),
        url: `http://127.0.0.1:${p}`,
      };
      await waitReady(api);
      return api;
    },
    startWorker: () => ({ role: "worker", process: spawnGateway(["serve", "--role", "worker"], env()) }),
    async killAndRestart(p) {
      p.process.child.kill("SIGKILL");
      await p.process.exited;
      if (p.role === "worker") {
        p.process = cluster.startWorker().process;
        return;
      }
      const port = Number(new URL(p.url ?? "").port);
      p.process = spawnGateway(["serve", "--role", "api"], env(port));
      await waitReady(p);
    },
    async stop() {
      for (const p of [...cluster.apis, ...cluster.workers]) {
        p.process.child.kill("SIGKILL");
        await p.process.exited;
      }
      removeDir(configDir);
    },
  };
  const started = await Promise.all(Array.from({ length: apis }, () => cluster.startApi()));
  cluster.apis.push(...started);
  for (let i = 0; i < workers; i++) cluster.workers.push(cluster.startWorker());
  return cluster;
}

/** An API process is ready when /readyz answers 200 (it waits for Redis by itself, issue 12 point 6). */
export async function waitReady(api: GatewayRole, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (api.process.child.exitCode !== null)
      throw new Error(`api process exited (${api.process.child.exitCode}): ${api.process.output().slice(-2000)}`);
    const ok = await fetch(`${api.url ?? ""}/readyz`, { signal: AbortSignal.timeout(2000) })
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`api ${api.url ?? ""} not ready: ${api.process.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
