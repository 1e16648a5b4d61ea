// End-to-end figures the way users see the gateway (issue 17, point 3): the gateway runs as deployed on one host — a
// `serve --role api` process and a `serve --role worker` process (built, run from dist/ as the Dockerfile runs them) on
// a Redis of their own with `appendfsync always`, sharing a GATEWAY_BLOB_DIR for attachments' chunks — and this process drives it over HTTP with autocannon. In the same run the floor goes through the same HTTP hop: a
// bare Hono endpoint in its own process and an id-only BullMQ job a worker process completes (floor-*.ts).
//   e2e.throughput      letters/s accepted and delivered into mailboxes, for the mix (one in ten with a 200 KB PDF)
//   e2e.floor           the same through the floor's processes
//   e2e.ratio           gateway / floor
//   e2e.submit-latency  p50 (as median) and p99 of POST /v1/messages at a fixed 200 letters/s
//   e2e.floor-submit-latency  the same through the floor: what the hop and Redis's fsync alone cost
//   e2e.blobs-in-redis  throughput and fixed-rate latency of the same gateway with GATEWAY_BLOB_DIR unset: attachments'
//                       chunks in Redis, the default for a gateway whose processes do not share a folder
//   e2e.cpu-per-letter  CPU milliseconds each process (and its Redis) spent per letter in the throughput run: on a
//                       shared host the figure that moves least with the other load (issue 17, point 3); `driver` is
//                       this process (autocannon sending, the completion polling), which shares the same cores
//   e2e.throughput-cold the gateway's and the floor's letters/s over the first BENCH_E2E_MESSAGES letters after their
//                       processes started, while the JIT still compiles (throughput())
// BENCH_E2E_MESSAGES (default 3,200) letters per throughput run, after a warm-up of twice as many.
// BENCH_E2E_ONLY=text or =pdf sends only the mix's text letters or only its PDF letters (to split the mix's cost).
// BENCH_E2E_REDIS_STATS=1 prints each system's Redis time per command and per script (by sha and first key) to stderr.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { newKeyringFile, writeKeyringFile } from "../src/crypto/keyring.js";
import { MIX, blast, paced, type Sent } from "./e2e-http/load.js";
import {
  WORKER_NICE,
  builtGatewayCli,
  freePort,
  startNode,
  startRedis,
  waitHttp,
  type Child,
} from "./e2e-http/processes.js";

const root = join(import.meta.dirname, "..");
const CONNECTIONS = 32;
const RATE = 200;
const RATE_SECONDS = 10;
// Whole rounds of the mix on every connection, so exactly one letter in ten carries the PDF.
const round = CONNECTIONS * MIX;
const TOTAL = Math.max(round, Math.round(Number(process.env.BENCH_E2E_MESSAGES ?? 3200) / round) * round);
/** Letters sent before the throughput is timed: until the JIT has settled (throughput()). */
const WARMUP = 2 * TOTAL;

export interface System {
  origin: string;
  /** How many letters have completed their way (delivered into a mailbox; through the floor's worker). */
  done(): Promise<number>;
  /** Starts counting Redis's append-only-file rewrites: the function returned says how many ran since, wholly or in
   *  part (one already running counted). */
  aofRewritesFrom(): Promise<() => Promise<number>>;
  /** CPU milliseconds each process has used so far (user + system), by name, Redis included. */
  cpu(): Record<string, number>;
  stop(): Promise<void>;
}

/** Linux's clock ticks per second for /proc/<pid>/stat (USER_HZ: 100 on every architecture Node runs on). */
const TICKS_PER_SECOND = 100;

/** CPU milliseconds a process has used (user + system, its threads included), 0 when it cannot be read. */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0; // not Linux, or gone
  }
}

/** INFO commandstats as "command calls usec_per_call" lines, the costliest (calls × µs) first. */
async function commandStats(redis: Redis): Promise<string> {
  const rows = (await redis.info("commandstats"))
    .split("\n")
    .map((line) => /^cmdstat_([^:]+):calls=(\d+),usec=(\d+),usec_per_call=([\d.]+)/.exec(line.trim()))
    .filter((m) => m !== null)
    .map((m) => ({ command: m[1], calls: Number(m[2]), usec: Number(m[3]), perCall: Number(m[4]) }))
    .sort((a, b) => b.usec - a.usec);
  const scripts = new Map<string, { calls: number; usec: number }>();
  for (const entry of (await redis.call("SLOWLOG", "GET", "-1")) as [number, number, number, string[]][]) {
    const [, , usec, args] = entry;
    if (args[0]?.toLowerCase() !== "evalsha") continue;
    // A script is named by its sha and its first key with ids and numbers blanked (which queue or record kind).
    const name = `${(args[1] ?? "").slice(0, 8)} ${(args[3] ?? "").replace(/[0-9a-f-]{8,}|\d+/g, "*")}`;
    const seen = scripts.get(name) ?? { calls: 0, usec: 0 };
    scripts.set(name, { calls: seen.calls + 1, usec: seen.usec + usec });
  }
  const byScript = [...scripts].sort((a, b) => b[1].usec - a[1].usec);
  return [
    ...rows.map((r) => `\n  ${r.command} calls=${r.calls} usec=${r.usec} per-call=${r.perCall}`),
    ...byScript.map(([name, s]) => `\n  script ${name} calls=${s.calls} usec=${s.usec}`),
  ].join("");
}

async function startSystem(
  dir: string,
  names: readonly string[],
  processes: (redisUrl: string, port: number) => (Child & { failed: () => string | undefined })[],
  counter: (redis: Redis) => Promise<number>,
): Promise<System> {
  const redis = await startRedis(dir);
  const port = await freePort();
  const children = processes(redis.url, port);
  const failed = () => children.map((c) => c.failed()).find((f) => f !== undefined);
  const origin = `http://127.0.0.1:${port}`;
  await waitHttp(`${origin}/readyz`, failed);
  const watcher = new Redis(redis.url);
  if (process.env.BENCH_E2E_REDIS_STATS === "1") {
    await watcher.config("SET", "slowlog-log-slower-than", "0");
    await watcher.config("SET", "slowlog-max-len", "1000000");
  }
  return {
    origin,
    done: () => counter(watcher),
    aofRewritesFrom: async () => {
      const persistence = async () => {
        const info = await watcher.info("persistence");
        const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, "m").exec(info)?.[1] ?? 0);
        return { started: field("aof_rewrites"), running: field("aof_rewrite_in_progress") };
      };
      const before = await persistence();
      // Redis counts a rewrite in aof_rewrites when it starts (7.0: checked with BGREWRITEAOF): those started since,
      // and the one running at the start. Until the thirteenth session both were added, which counted a rewrite
      // running through the window 0, one ending in it −1 and one still running at its end 2.
      return async () => (await persistence()).started - before.started + before.running;
    },
    cpu: () => ({
      ...Object.fromEntries(children.map((c, i) => [names[i] ?? String(i), cpuMs(c.pid)])),
      redis: cpuMs(redis.pid),
    }),
    async stop() {
      // BENCH_E2E_REDIS_STATS=1: the Redis's time per command kind (INFO commandstats) to stderr, to find where it goes.
      if (process.env.BENCH_E2E_REDIS_STATS === "1")
        process.stderr.write(`${names.join("+")} ${await commandStats(watcher)}\n`);
      watcher.disconnect();
      for (const child of children) await child.stop();
      await redis.stop();
    },
  };
}

/** The gateway's api and worker processes on a Redis of their own; `cli` another build's dist/src/cli.js (ab-gateway.ts). */
export function gateway(dir: string, cli = builtGatewayCli(), extraEnv: NodeJS.ProcessEnv = {}): Promise<System> {
  const keyring = join(dir, "keyring.json");
  writeKeyringFile(keyring, newKeyringFile(), { exclusive: true });
  return startSystem(
    dir,
    ["api", "worker"],
    (redisUrl, port) => {
      const env = {
        REDIS_URL: redisUrl,
        PORT: String(port),
        GATEWAY_CONFIG: join(root, "config/gateway.json"),
        GATEWAY_DATA_DIR: join(dir, "data"),
        // One host: the roles share a folder for large attachments' chunks, which keeps them out of Redis.
        GATEWAY_BLOB_DIR: join(dir, "data", "blobs"),
        GATEWAY_ENCRYPTION_KEY_FILE: keyring,
        LOG_LEVEL: "info",
        ...extraEnv,
      };
      return [
        startNode(cli, ["serve", "--role", "api"], env),
        startNode(cli, ["serve", "--role", "worker"], env, { nice: WORKER_NICE }),
      ];
    },
    (redis) => redis.zcard("{mg}:status:delivered"),
  );
}

export function floor(dir: string): Promise<System> {
  return startSystem(
    dir,
    ["http", "worker"],
    (redisUrl, port) => [
      startNode(join(import.meta.dirname, "e2e-http/floor-server.ts"), [], { REDIS_URL: redisUrl, PORT: String(port) }),
      startNode(
        join(import.meta.dirname, "e2e-http/floor-worker.ts"),
        [],
        { REDIS_URL: redisUrl },
        { nice: WORKER_NICE },
      ),
    ],
    async (redis) => Number((await redis.get("{floor}:done")) ?? 0),
  );
}

export async function waitDone(system: System, target: number, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await system.done()) < target) {
    if (Date.now() > deadline) throw new Error(`only ${await system.done()} of ${target} letters completed`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function refuseRefusals(what: string, sent: Sent): void {
  if (sent.refused > 0)
    throw new Error(`${what}: ${sent.refused} requests not accepted ${JSON.stringify(sent.statuses)}`);
}

interface Rate {
  /** Letters per second from the first request to the last letter completed. */
  perSecond: number;
  /** CPU milliseconds per letter, by process, over the same span. */
  cpuPerLetter: Record<string, number>;
  /** Append-only-file rewrites of the system's Redis that ran during the span. */
  aofRewrites: number;
}

/** `amount` letters at full speed, timed from the first request to the last letter completed (`before` done so far). */
async function timedBlast(system: System, what: string, amount: number, before: number): Promise<Rate> {
  const rewrites = await system.aofRewritesFrom();
  const cpuBefore = system.cpu();
  const driverBefore = process.cpuUsage();
  const started = performance.now();
  // The clock stops when the last letter has completed, watched while autocannon still runs: its promise settles
  // only on its next one-second tick after the last answer, which made the figure amount / (whole seconds + ε).
  const sending = blast(system.origin, amount, CONNECTIONS);
  // Refused requests never complete: stop waiting for them as soon as autocannon says so.
  const failedEarly = sending.then((sent) => (sent.refused > 0 ? sent : new Promise<never>(() => undefined)));
  const done = await Promise.race([waitDone(system, before + amount).then(() => undefined), failedEarly]);
  const perSecond = amount / ((performance.now() - started) / 1000);
  const cpuAfter = system.cpu();
  const driver = process.cpuUsage(driverBefore);
  if (done) refuseRefusals(what, done);
  refuseRefusals(what, await sending);
  const cpuPerLetter = cpuPerLetterBetween(cpuBefore, cpuAfter, amount);
  // The load generator's share of the same two cores (autocannon, and the polling for completed letters).
  cpuPerLetter.driver = hundredth((driver.user + driver.system) / 1000 / amount);
  return { perSecond, cpuPerLetter, aofRewrites: await rewrites() };
}

/**
 * Sustained throughput: the rate once the processes' JIT has settled, and the first TOTAL letters after they started
 * (`cold`). V8 optimises a function once it has run often enough, and much of a letter's way runs once per letter (a
 * check per element, a builder per resource): the gateway's api spent ≈ 3.7 ms of CPU per letter over its first 1,600
 * letters, ≈ 2.2 over the next, ≈ 1.6 over the third and ≈ 1.4 from the fourth on, where it stayed (thirteenth session,
 * docs/sizing.md); a warm-up of a tenth of TOTAL measured mostly the compiler. WARMUP letters (TOTAL of them timed as
 * `cold`) go first, the same for the floor.
 */
async function throughput(system: System, what: string): Promise<Rate & { cold: number }> {
  const cold = await timedBlast(system, `${what} warm-up`, TOTAL, 0);
  refuseRefusals(`${what} warm-up`, await blast(system.origin, WARMUP - TOTAL, CONNECTIONS));
  await waitDone(system, WARMUP);
  return { ...(await timedBlast(system, what, TOTAL, WARMUP)), cold: cold.perSecond };
}

export const hundredth = (x: number) => Math.round(x * 100) / 100;

/** CPU milliseconds per letter by process, from two readings of System.cpu() `letters` letters apart. */
export function cpuPerLetterBetween(
  before: Record<string, number>,
  after: Record<string, number>,
  letters: number,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after).map(([name, ms]) => [name, hundredth((ms - (before[name] ?? 0)) / letters)]),
  );
}

export async function measure<T>(start: (dir: string) => Promise<System>, run: (s: System) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "mg-e2e-"));
  let system: System | undefined;
  try {
    system = await start(dir);
    return await run(system);
  } finally {
    await system?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface E2eHttpFigures {
  throughput: number;
  floor: number;
  /** Letters/s over the first TOTAL letters after the processes started: the gateway's, the floor's (its first run). */
  cold: { gateway: number; floor: number };
  /** AOF rewrites of the gateway's Redis during its timed throughput run. */
  rewritesInThroughput: number;
  /** CPU ms per letter by process in the throughput runs: the gateway's, and the floor's (the two floor runs' mean). */
  cpuPerLetter: { gateway: Record<string, number>; floor: Record<string, number> };
  latency: Sent["latency"];
  /** The floor's submit latency at the same fixed rate (the second floor run). */
  floorLatency: Sent["latency"];
  /** The rate the fixed-rate run actually reached (below RATE when the gateway cannot keep up). */
  achieved: number;
  /** Append-only-file rewrites of each system's Redis that ran during its fixed-rate run: a rewrite stalls the
   *  fsync'd writes while it runs, and the p99 then says as much about it as about the gateway (sizing.md). */
  aofRewrites: { gateway: number; floor: number };
  /** The gateway with GATEWAY_BLOB_DIR unset (chunks in Redis): throughput, fixed-rate latency, its AOF rewrites. */
  blobsInRedis: { throughput: number; latency: Sent["latency"]; aofRewrites: number; apiCpu: number };
}

/** The fixed-rate run, and how many AOF rewrites of the system's Redis ran during it. */
async function pacedRun(s: System, what: string): Promise<Sent & { aofRewrites: number }> {
  const rewrites = await s.aofRewritesFrom();
  const atRate = await paced(s.origin, RATE, RATE_SECONDS);
  refuseRefusals(what, atRate);
  return { ...atRate, aofRewrites: await rewrites() };
}

export async function e2eHttpFigures(): Promise<E2eHttpFigures> {
  // The floor before and after the gateway, averaged: on a shared host the load drifts between the runs.
  const floorBefore = await measure(floor, (s) => throughput(s, "floor"));
  const gatewayRun = (what: string) => async (s: System) => {
    const rate = await throughput(s, what);
    const before = await s.done();
    const atRate = await pacedRun(s, `${what} at a fixed rate`);
    await waitDone(s, before + atRate.accepted);
    return { throughput: rate, latency: atRate.latency, achieved: atRate.perSecond, aofRewrites: atRate.aofRewrites };
  };
  const figures = await measure(gateway, gatewayRun("gateway"));
  // The same with the attachments' chunks in Redis (GATEWAY_BLOB_DIR unset, the default): what the folder buys.
  const inRedis = await measure(
    (dir) => gateway(dir, undefined, { GATEWAY_BLOB_DIR: "" }),
    gatewayRun("gateway, chunks in Redis"),
  );
  // The floor's latency at the same fixed rate: what the hop, the body and Redis's fsync alone cost a submit.
  const floorAfter = await measure(floor, async (s) => {
    const rate = await throughput(s, "floor");
    const atRate = await pacedRun(s, "floor at a fixed rate");
    return { ...rate, latency: atRate.latency, aofRewrites: atRate.aofRewrites };
  });
  const floorCpu = Object.fromEntries(
    Object.entries(floorBefore.cpuPerLetter).map(([name, ms]) => [
      name,
      hundredth((ms + (floorAfter.cpuPerLetter[name] ?? ms)) / 2),
    ]),
  );
  return {
    throughput: figures.throughput.perSecond,
    latency: figures.latency,
    floorLatency: floorAfter.latency,
    achieved: figures.achieved,
    aofRewrites: { gateway: figures.aofRewrites, floor: floorAfter.aofRewrites },
    blobsInRedis: {
      throughput: inRedis.throughput.perSecond,
      latency: inRedis.latency,
      aofRewrites: inRedis.aofRewrites,
      apiCpu: inRedis.throughput.cpuPerLetter.api ?? NaN,
    },
    floor: (floorBefore.perSecond + floorAfter.perSecond) / 2,
    cold: { gateway: figures.throughput.cold, floor: floorBefore.cold },
    rewritesInThroughput: figures.throughput.aofRewrites,
    cpuPerLetter: { gateway: figures.throughput.cpuPerLetter, floor: floorCpu },
  };
}

const tenth = (x: number) => Math.round(x * 10) / 10;

export async function printE2eHttpFigures(): Promise<void> {
  const figures = await e2eHttpFigures();
  const { throughput: rate, floor: floorRate, latency, floorLatency, achieved, cpuPerLetter, aofRewrites } = figures;
  const line = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
  line({
    name: "e2e.throughput",
    unit: "letters/s",
    value: tenth(rate),
    n: TOTAL,
    rewrites: figures.rewritesInThroughput,
  });
  line({ name: "e2e.floor", unit: "letters/s", value: tenth(floorRate), n: TOTAL });
  line({ name: "e2e.ratio", unit: "gateway/floor", value: Math.round((rate / floorRate) * 1000) / 1000 });
  const { cold } = figures;
  line({
    name: "e2e.throughput-cold",
    unit: "letters/s",
    gateway: tenth(cold.gateway),
    floor: tenth(cold.floor),
    n: TOTAL,
  });
  const { p50, p99, n } = latency;
  const rewrites = aofRewrites.gateway;
  line({
    name: "e2e.submit-latency",
    unit: "ms",
    rate: RATE,
    achieved: tenth(achieved),
    median: p50,
    p99,
    n,
    rewrites,
  });
  const floorPaced = {
    median: floorLatency.p50,
    p99: floorLatency.p99,
    n: floorLatency.n,
    rewrites: aofRewrites.floor,
  };
  line({ name: "e2e.floor-submit-latency", unit: "ms", rate: RATE, ...floorPaced });
  line({ name: "e2e.cpu-per-letter", unit: "ms", ...cpuPerLetter });
  const { blobsInRedis: inRedis } = figures;
  line({
    name: "e2e.blobs-in-redis",
    unit: "ms",
    throughput: tenth(inRedis.throughput),
    median: inRedis.latency.p50,
    p99: inRedis.latency.p99,
    n: inRedis.latency.n,
    rewrites: inRedis.aofRewrites,
    apiCpuPerLetter: inRedis.apiCpu,
  });
}

// `npx tsx bench/e2e-http.ts` prints these four figures alone.
if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) await printE2eHttpFigures();
