// The worker role's cost of one mailbox delivery (issue 17, point 3), without the API or HTTP: N letters are stored
// `queued` with their delivery jobs (as the API leaves them), then the worker role (src/workers.ts, its background
// passes included) is started in this process and delivers them all into mailboxes. Prints, per delivered letter:
// this process's CPU (process.cpuUsage), Redis's CPU (INFO cpu), Redis's commands (INFO commandstats, a script's
// inner commands included) and the commands this process sent (its round trips, counted at ioredis's sendCommand —
// deterministic, unlike the times). Redis is its own, configured as bench/e2e-http's (AOF synced on every write).
// `npx tsx bench/worker-delivery.ts` (N=3000 by default; ROUNDS=3 repeats and prints each). Stored first, the letters
// are a backlog (BullMQ's moveToFinished fetches the next job: 3 round trips a letter); RATE=500 feeds them from
// another process at that rate instead, as the API does, and the worker also waits (BZPOPMIN) and fetches
// (moveToActive) per letter. The watcher's ZCARD polls and the count hook run in this process: its CPU is a little
// above a worker's own. LOG=info logs as bench/e2e-http's worker does; BENCH_CPU_PROF=<file> profiles the deliveries.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { loadGatewayConfig } from "../src/config/load.js";
import { createSealer, newKeyringFile, writeKeyringFile } from "../src/crypto/keyring.js";
import { pino } from "pino";
import { spawn } from "node:child_process";
import { createLogger, silentLogger } from "../src/log.js";
import type { GatewayConfig } from "../src/config/types.js";
import type { Services } from "../src/services.js";
import { createServices } from "../src/services.js";
import { startWorkers } from "../src/workers.js";
import { benchRecord } from "./bench-record.js";
import { startRedis } from "./e2e-http/processes.js";

const N = Number(process.env.N ?? 3000);
/** RATE=<letters/s>: letters arrive at that rate from another process while the worker runs (as from the API), instead
 *  of waiting all stored before it starts. */
const RATE = Number(process.env.RATE ?? 0);
const ROUNDS = Number(process.env.ROUNDS ?? 1);
const root = join(import.meta.dirname, "..");
const prefix = "{mg}";

// BENCH_CPU_PROF=<file.cpuprofile>: a V8 CPU profile of the delivery phase alone (the last round's).
const profiler = process.env.BENCH_CPU_PROF ? new Session() : undefined;
profiler?.connect();
if (profiler) await profiler.post("Profiler.enable");
/** Scripts' names by sha (BullMQ's and ours are defined through defineCommand or run by sha). */
const scriptNames = new Map<string, string>();
// eslint-disable-next-line @typescript-eslint/unbound-method -- wrapped on the prototype, called with its own `this`
const define = Redis.prototype.defineCommand;
Redis.prototype.defineCommand = function (this: Redis, name, definition) {
  scriptNames.set(createHash("sha1").update(definition.lua).digest("hex"), name);
  return define.call(this, name, definition);
};
const sent = new Map<string, number>();
let counting = false;
// Every ioredis client of this process (the stores', BullMQ's) sends through this one method.
// eslint-disable-next-line @typescript-eslint/unbound-method -- wrapped on the prototype, called with its own `this`
const original = Redis.prototype.sendCommand;
Redis.prototype.sendCommand = function (this: Redis, command, stream) {
  if (counting) {
    const sha = command.name === "evalsha" ? String(command.args[0] ?? "") : "";
    const name = sha ? `evalsha ${scriptNames.get(sha) ?? sha.slice(0, 8)}` : command.name;
    sent.set(name, (sent.get(name) ?? 0) + 1);
  }
  return original.call(this, command, stream);
};

async function info(redis: Redis) {
  const cpu = await redis.info("cpu");
  const seconds = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(cpu)?.[1] ?? 0);
  const stats = await redis.info("commandstats");
  const commands = new Map<string, { calls: number; usec: number }>();
  for (const m of stats.matchAll(/cmdstat_([^:]+):calls=(\d+),usec=(\d+)/g))
    commands.set(m[1] ?? "", { calls: Number(m[2]), usec: Number(m[3]) });
  return { cpuMs: (seconds("used_cpu_user") + seconds("used_cpu_sys")) * 1000, commands };
}

/** Stores `n` letters `queued` with their jobs, as the API leaves them; `rate` letters/s, or all at once when 0. */
async function fill(services: Services, config: GatewayConfig, n: number, rate: number) {
  const { store } = services.deps;
  const mailboxes = config.locations.filter((l) => l.delivery.adapter === "mailbox").map((l) => l.gln);
  const sender = mailboxes[0] ?? "";
  const started = performance.now();
  let next = 0;
  const one = async (i: number) => {
    const ahead = rate > 0 ? started + (i * 1000) / rate - performance.now() : 0;
    if (ahead > 0) await new Promise((r) => setTimeout(r, ahead));
    const id = randomUUID();
    const at = new Date().toISOString();
    await store.accept({
      record: benchRecord(id, { sender, receiver: mailboxes[(i % (mailboxes.length - 1)) + 1] ?? "" }, "accepted"),
      content: `{"resourceType":"Bundle","type":"message","id":"${id}","pad":"${"x".repeat(5000)}"}`,
      retentionSeconds: 3600,
    });
    await store.transition(id, "accepted", "queued", { at, type: "queued" });
    await services.queue.enqueue(id);
  };
  // Eight letters under way at once, as concurrent requests at the API.
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < n) await one(next++);
    }),
  );
}

async function round(url: string, keyring: string, n: number) {
  const config = loadGatewayConfig(join(root, "config/gateway.json"));
  if (!config.ok) throw new Error("config/gateway.json must load");
  const watcher = new Redis(url);
  await watcher.flushall();
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  const services = createServices({
    redis,
    prefix,
    config: config.value,
    // LOG=info: the worker logs as bench/e2e-http's does (JSON lines, there to /dev/null).
    log: process.env.LOG
      ? createLogger(
          process.env.LOG,
          pino.destination({ dest: "/dev/null", sync: true }) as unknown as NodeJS.WritableStream,
        )
      : silentLogger(),
    sealer: createSealer(keyring),
  });
  if (RATE === 0) await fill(services, config.value, n, 0);

  // Each script's own time (its inner commands included), from the slow log of every command.
  await watcher.config("SET", "slowlog-log-slower-than", "0");
  await watcher.config("SET", "slowlog-max-len", String(20 * n));
  await watcher.slowlog("RESET");
  const before = await info(watcher);
  sent.clear();
  counting = true;
  const cpu = process.cpuUsage();
  const started = performance.now();
  if (profiler) await profiler.post("Profiler.start");
  const stop = startWorkers(redis, prefix, services);
  const feeding =
    RATE > 0
      ? spawn(process.execPath, ["--import", "tsx", process.argv[1] ?? ""], {
          env: { ...process.env, FEED_URL: url, FEED_KEYRING: keyring },
          stdio: "inherit",
        })
      : undefined;
  while ((await watcher.zcard(`${prefix}:status:delivered`)) < n) await new Promise((r) => setTimeout(r, 5));
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  counting = false;
  if (profiler) {
    const { profile } = await profiler.post("Profiler.stop");
    writeFileSync(process.env.BENCH_CPU_PROF ?? "", JSON.stringify(profile));
  }
  const after = await info(watcher);
  const scripts = new Map<string, { calls: number; usec: number }>();
  for (const [, , usec, args] of (await watcher.call("SLOWLOG", "GET", "-1")) as [number, number, number, string[]][]) {
    if (args[0]?.toLowerCase() !== "evalsha") continue;
    const name = `${(args[1] ?? "").slice(0, 8)} ${(args[3] ?? "").replace(/[0-9a-f-]{8,}|\d+/g, "*")}`;
    const seen = scripts.get(name) ?? { calls: 0, usec: 0 };
    scripts.set(name, { calls: seen.calls + 1, usec: seen.usec + usec });
  }
  await watcher.config("SET", "slowlog-log-slower-than", "10000");
  feeding?.kill();
  await stop();
  await services.close();
  redis.disconnect();
  watcher.disconnect();
  const per = (x: number) => Math.round((x / n) * 1000) / 1000;
  const redisCommands = [...after.commands]
    .map(([name, a]) => {
      const b = before.commands.get(name) ?? { calls: 0, usec: 0 };
      return { name, calls: per(a.calls - b.calls), usec: per(a.usec - b.usec) };
    })
    .filter((c) => c.calls > 0.01)
    .sort((x, y) => y.usec - x.usec);
  console.log(
    JSON.stringify({
      letters: n,
      letters_per_s: Math.round(n / (wall / 1000)),
      worker_cpu_ms: per((used.user + used.system) / 1000),
      redis_cpu_ms: per(after.cpuMs - before.cpuMs),
      round_trips: per([...sent.values()].reduce((a, b) => a + b, 0)),
      // Scripts' inner commands included, each script call counted once more as evalsha.
      redis_commands: Math.round(redisCommands.reduce((sum, c) => sum + c.calls, 0) * 100) / 100,
    }),
  );
  const sentPer = [...sent].filter(([, v]) => v / n > 0.01).map(([k, v]) => `${k} ${per(v)}`);
  console.log(`  sent per letter: ${sentPer.join(", ")}`);
  const byScript = [...scripts].filter(([, s]) => s.calls / n > 0.01).sort((a, b) => b[1].usec - a[1].usec);
  console.log(
    `  scripts per letter: ${byScript.map(([k, s]) => `${k} ${per(s.calls)}× ${per(s.usec)} µs`).join(", ")}`,
  );
  console.log(`  redis per letter: ${redisCommands.map((c) => `${c.name} ${c.calls}× ${c.usec} µs`).join(", ")}`);
}

if (process.env.FEED_URL) {
  // The feeder (RATE > 0): another process, so its CPU is not the worker's.
  const config = loadGatewayConfig(join(root, "config/gateway.json"));
  if (!config.ok) throw new Error("config/gateway.json must load");
  const redis = new Redis(process.env.FEED_URL);
  const services = createServices({
    redis,
    prefix,
    config: config.value,
    log: silentLogger(),
    sealer: createSealer(process.env.FEED_KEYRING ?? ""),
  });
  await fill(services, config.value, N, RATE);
  await services.close();
  redis.disconnect();
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), "bench-worker-"));
const keyring = join(dir, "keyring.json");
writeKeyringFile(keyring, newKeyringFile(), { exclusive: true });
const server = await startRedis(dir);
try {
  for (let r = 0; r < ROUNDS; r++) await round(server.url, keyring, N);
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
