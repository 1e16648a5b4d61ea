// Redis commands per accepted letter, counted (issue 17, point 3): deterministic where the e2e bench's timings are
// noisy on a shared host. The gateway runs as the e2e bench runs it (an api and a worker process on a Redis of their
// own); after a warm-up, Redis MONITOR records every command while BENCH_ROUND_TRIPS_MESSAGES (default 200) letters of
// the bench's mix are submitted and delivered; each command is counted for the process whose connection sent it (the
// connection's port, looked up with `ss`). Scripts are named by their sha and first key (ids blanked).
// Prints one JSON line per process and command, calls per letter; then the process CPU per letter (ms, noisy; with
// BENCH_ROUND_TRIPS_MONITOR=0 without MONITOR, which costs Redis CPU of its own). BENCH_ROUND_TRIPS_MESSAGES letters.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { newKeyringFile, writeKeyringFile } from "../src/crypto/keyring.js";
import { blast, MIX } from "./e2e-http/load.js";
import { freePort, startNode, startRedis, waitHttp } from "./e2e-http/processes.js";

const root = join(import.meta.dirname, "..");
const CONNECTIONS = 8;
const round = CONNECTIONS * MIX;
const TOTAL = Math.max(round, Math.round(Number(process.env.BENCH_ROUND_TRIPS_MESSAGES ?? 200) / round) * round);

function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** The local ports of a process's TCP connections to `port`. */
function portsOf(pid: number, port: number): Set<string> {
  const out = execFileSync("ss", ["-tnpH", "state", "established", `dport = :${port}`], { encoding: "utf8" });
  const ports = new Set<string>();
  for (const line of out.split("\n"))
    if (line.includes(`pid=${pid},`)) ports.add(/127\.0\.0\.1:(\d+)\s+127\.0\.0\.1/.exec(line)?.[1] ?? "");
  return ports;
}

async function waitDelivered(redis: Redis, target: number): Promise<void> {
  const deadline = Date.now() + 300_000;
  while ((await redis.zcard("{mg}:status:delivered")) < target) {
    if (Date.now() > deadline) throw new Error("letters not delivered in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

const dir = mkdtempSync(join(tmpdir(), "mg-rt-"));
const redisChild = await startRedis(dir);
const redisPort = Number(new URL(redisChild.url).port);
const keyring = join(dir, "keyring.json");
writeKeyringFile(keyring, newKeyringFile(), { exclusive: true });
const httpPort = await freePort();
const env = {
  REDIS_URL: redisChild.url,
  PORT: String(httpPort),
  GATEWAY_CONFIG: join(root, "config/gateway.json"),
  GATEWAY_DATA_DIR: join(dir, "data"),
  GATEWAY_ENCRYPTION_KEY_FILE: keyring,
  LOG_LEVEL: "warn",
};
const cli = join(root, "src/cli.ts");
const api = startNode(cli, ["serve", "--role", "api"], env);
const worker = startNode(cli, ["serve", "--role", "worker"], env);
const origin = `http://127.0.0.1:${httpPort}`;
const watcher = new Redis(redisChild.url);
try {
  await waitHttp(`${origin}/readyz`, () => api.failed() ?? worker.failed());
  await blast(origin, round, CONNECTIONS);
  await waitDelivered(watcher, round);
  await new Promise((r) => setTimeout(r, 500));
  const counts = new Map<string, number>();
  // Commands a script runs come right after its EVALSHA (source "lua"): counted under that script too.
  const inner = new Map<string, number>();
  let script = "";
  // BENCH_ROUND_TRIPS_MONITOR=0: CPU alone, without MONITOR's own cost in Redis (nothing is counted then).
  const watching = process.env.BENCH_ROUND_TRIPS_MONITOR !== "0";
  const monitor = watching ? await watcher.monitor() : undefined;
  monitor?.on("monitor", (_time: string, args: string[], source: string) => {
    const command = (args[0] ?? "").toLowerCase();
    const name =
      command === "evalsha" || command === "eval"
        ? `${command} ${(args[1] ?? "").slice(0, 8)} ${(args[3] ?? "").replace(/[0-9a-f-]{8,}|\d+/g, "*")}`
        : command;
    if (source === "lua") {
      inner.set(`${script} > ${command}`, (inner.get(`${script} > ${command}`) ?? 0) + 1);
      return;
    }
    if (name.startsWith("eval")) script = name;
    const key = `${source.split(":")[1] ?? ""} ${name}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  const cpuBefore = { api: cpuMs(api.pid), worker: cpuMs(worker.pid), redis: cpuMs(redisChild.pid) };
  const sent = await blast(origin, TOTAL, CONNECTIONS);
  if (sent.refused > 0) throw new Error(`refused: ${JSON.stringify(sent.statuses)}`);
  await waitDelivered(watcher, round + TOTAL);
  // Background passes still finishing the last letters (hand-over, audit) are counted too.
  await new Promise((r) => setTimeout(r, 1500));
  const cpuAfter = { api: cpuMs(api.pid), worker: cpuMs(worker.pid), redis: cpuMs(redisChild.pid) };
  const apiPorts = portsOf(api.pid ?? 0, redisPort);
  const workerPorts = portsOf(worker.pid ?? 0, redisPort);
  monitor?.disconnect();
  const rows = new Map<string, number>();
  for (const [key, n] of counts) {
    const [port, ...rest] = key.split(" ");
    const who = apiPorts.has(port ?? "") ? "api" : workerPorts.has(port ?? "") ? "worker" : "other";
    const row = `${who} ${rest.join(" ")}`;
    rows.set(row, (rows.get(row) ?? 0) + n);
  }
  const totals: Record<string, number> = { api: 0, worker: 0, other: 0 };
  for (const [row, n] of [...rows].sort((a, b) => b[1] - a[1])) {
    const who = row.split(" ")[0] ?? "";
    totals[who] = (totals[who] ?? 0) + n;
    process.stdout.write(`${JSON.stringify({ row, perLetter: Math.round((n / TOTAL) * 100) / 100 })}\n`);
  }
  const perLetter = (n: number) => Math.round((n / TOTAL) * 100) / 100;
  for (const [row, n] of [...inner].sort((a, b) => a[0].localeCompare(b[0])))
    process.stdout.write(`${JSON.stringify({ inScript: row, perLetter: perLetter(n) })}\n`);
  process.stdout.write(
    `${JSON.stringify({ commandsPerLetter: Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, perLetter(v)])), n: TOTAL })}\n`,
  );
  process.stdout.write(
    `${JSON.stringify({ cpuMsPerLetter: Object.fromEntries(Object.entries(cpuAfter).map(([k, v]) => [k, perLetter(v - cpuBefore[k as keyof typeof cpuBefore])])) })}\n`,
  );
} finally {
  watcher.disconnect();
  await api.stop();
  await worker.stop();
  await redisChild.stop();
  rmSync(dir, { recursive: true, force: true });
}
