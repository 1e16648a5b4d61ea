// How long the accept step keeps a submit waiting (issue 17, point 3): acceptMessage on a Redis of its own with
// `appendfsync always`, paced at 200 letters/s, answering after the audit move and the hand-over (as before) or right
// after the accept script (deps.afterAnswer, the work tracked and waited for at shutdown). Prints the answer's p50/p99
// in ms and this process's and Redis's CPU per letter, the two modes alternated.
// BENCH_ACCEPT_LETTERS (default 2,000) letters per run, BENCH_ACCEPT_ROUNDS (default 3) rounds.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { createSealer, newKeyringFile, writeKeyringFile } from "../src/crypto/keyring.js";
import { silentLogger } from "../src/log.js";
import { createServices } from "../src/services.js";
import { acceptMessage } from "../src/usecases/steps/accept.js";
import { build, composeFixture, sequentialIds } from "../tests/support/build.js";
import { demoConfig } from "../tests/support/config.js";
import { startRedis } from "./e2e-http/processes.js";

const N = Number(process.env.BENCH_ACCEPT_LETTERS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ACCEPT_ROUNDS ?? 3);
const PACE_MS = 5;

const cpuMs = (pid: number | undefined): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};
const bundle = build(composeFixture("new-ppr-to-gp.json"), undefined, sequentialIds(1));

async function run(redisUrl: string, redisPid: number | undefined, early: boolean) {
  const dir = mkdtempSync(join(tmpdir(), "mg-accept-answer-"));
  const keyring = join(dir, "keyring.json");
  writeKeyringFile(keyring, newKeyringFile(), { exclusive: true });
  const redis = new Redis(redisUrl);
  const services = createServices({
    redis,
    prefix: `{b${randomBytes(4).toString("hex")}}`,
    config: demoConfig(),
    log: silentLogger(),
    sealer: createSealer(keyring),
  });
  await services.queue.queue.waitUntilReady();
  const { afterAnswer, ...waits } = services.deps;
  const deps = early ? services.deps : waits;
  if (!afterAnswer) throw new Error("services.deps.afterAnswer is not set");
  const accept = async (): Promise<number> => {
    const id = randomUUID();
    const at = new Date().toISOString();
    const started = performance.now();
    await acceptMessage(
      {
        record: {
          id,
          bundleId: randomUUID(),
          kind: "new",
          sender: { gln: "5790001348120", name: "PPR" },
          receiver: { gln: "5790000209354", name: "GP" },
          status: "accepted",
          createdAt: at,
          updatedAt: at,
          deliveryAttempts: 0,
          resends: 0,
          submittedBy: "bench",
          fingerprint: "x",
        },
        content: bundle,
        audit: { client: "bench", action: "submit", messageId: id, detail: "accepted" },
        retry: "none",
        handOver: true,
      },
      deps,
    );
    return performance.now() - started;
  };
  for (let i = 0; i < 200; i += 1) await accept(); // warm-up
  await services.idle();
  const redisBefore = cpuMs(redisPid);
  const ownBefore = process.cpuUsage();
  const started = performance.now();
  const all: Promise<number>[] = [];
  for (let i = 0; i < N; i += 1) {
    const wait = started + i * PACE_MS - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    all.push(accept());
  }
  const latencies = (await Promise.all(all)).sort((a, b) => a - b);
  await services.idle();
  const own = process.cpuUsage(ownBefore);
  const at = (q: number) => Math.round((latencies[Math.floor(q * (latencies.length - 1))] ?? 0) * 100) / 100;
  const counts = await services.deps.store.countByStatus();
  if (counts.queued !== N + 200) throw new Error(`only ${counts.queued} of ${N + 200} queued`);
  await services.close();
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
  return {
    answer: early ? "after the accept script" : "after audit move and hand-over",
    p50: at(0.5),
    p99: at(0.99),
    apiCpuPerLetter: Math.round(((own.user + own.system) / 1000 / N) * 1000) / 1000,
    redisCpuPerLetter: Math.round(((cpuMs(redisPid) - redisBefore) / N) * 1000) / 1000,
  };
}

const dir = mkdtempSync(join(tmpdir(), "mg-accept-answer-redis-"));
const redis = await startRedis(dir);
try {
  for (let round = 0; round < ROUNDS; round += 1)
    for (const early of round % 2 === 0 ? [false, true] : [true, false])
      process.stdout.write(`${JSON.stringify(await run(redis.url, redis.pid, early))}\n`);
} finally {
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
}
