// End-to-end figure (issue 3): compose requests over HTTP, 32 at a time, a realistic mix (90 % text letters, 10 % with
// a 200 KB PDF), until every one is delivered into its mailbox; and in the same run the floor: the same number of
// messages through bare fast-xml-parser parse+build, one Redis write and a BullMQ add/process of an id-only job.
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue, Worker } from "bullmq";
import { XMLBuilder, XMLParser } from "fast-xml-parser";
import { Redis } from "ioredis";
import { loadGatewayConfig } from "../src/config/load.js";
import { buildCareCommunication } from "../src/medcom/builders/index.js";
import { parseComposeRequest } from "../src/medcom/compose/index.js";
import { writeFhirXml } from "../src/medcom/fhir/index.js";
import { createLogger } from "../src/log.js";
import { startGateway } from "../src/main.js";
import { startEmbeddedRedis } from "../src/redis/embedded.js";
import { figure } from "./measure.js";

const root = join(import.meta.dirname, "..");
const TOTAL = Number(process.env.BENCH_E2E_MESSAGES ?? 2000);
const CONCURRENCY = 32;
const KEY = "demo-ppr-gribskov-key";
const RECEIVERS = ["5790000209354", "5790004110014", "5790004110021"];

const letter = JSON.parse(readFileSync(join(root, "test-fixtures/compose/new-ppr-to-gp.json"), "utf8")) as object;
const pdf = randomBytes(200 * 1024).toString("base64");

/** Message i of the mix: every tenth carries a 200 KB PDF. */
function composeRequest(i: number): object {
  const receiver = RECEIVERS[i % RECEIVERS.length];
  return i % 10 === 9
    ? { ...letter, receiver, attachments: [{ title: "Vurdering", contentType: "application/pdf", data: pdf }] }
    : { ...letter, receiver };
}

async function runPool(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await task(next++);
    }),
  );
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 5));
}

export async function gatewayFigures(): Promise<{ throughput: number; latencies: number[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), "mg-bench-"));
  const config = loadGatewayConfig(join(root, "config/gateway.json"));
  if (!config.ok) throw new Error("the demo configuration must load");
  const gateway = await startGateway({
    env: { port: 0, configPath: "", dataDir, logLevel: "info", maxBodyBytes: 16 << 20, keyPrefix: "{mg}" },
    config: config.value,
    role: "all",
    // Production log level, written where a container's stdout would go, minus the terminal.
    log: createLogger("info", createWriteStream("/dev/null")),
  });
  const redis = new Redis({ path: gateway.embeddedRedis?.socketPath ?? "" });
  const url = `http://127.0.0.1:${gateway.port ?? 0}/v1/messages`;
  const bodies = Array.from({ length: TOTAL }, (_, i) => JSON.stringify(composeRequest(i)));
  const latencies: number[] = [];
  const started = performance.now();
  await runPool(TOTAL, CONCURRENCY, async (i) => {
    const t0 = performance.now();
    const response = await fetch(url, {
      method: "POST",
      headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" },
      body: bodies[i],
    });
    await response.arrayBuffer();
    if (response.status !== 202) throw new Error(`bench submit answered ${response.status}`);
    latencies.push(performance.now() - t0);
  });
  await waitFor(async () => (await redis.zcard("{mg}:status:delivered")) >= TOTAL);
  const seconds = (performance.now() - started) / 1000;
  redis.disconnect();
  await gateway.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return { throughput: TOTAL / seconds, latencies };
}

/** The floor: what the same messages cost through the bare parts, with the same Redis set-up and concurrency. */
export async function floorFigure(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), "mg-bench-floor-"));
  const log = createLogger("silent");
  const embedded = await startEmbeddedRedis(dataDir, log);
  const connection = () => new Redis({ path: embedded.socketPath, maxRetriesPerRequest: null });
  const [producer, workerConnection] = [connection(), connection()];
  const parties = {
    sender: { gln: "5790001348120", sor: "953741000016009", name: "PPR Gribskov Kommune" },
    receiver: { gln: "5790000209354", sor: "265161000016000", name: "Lægerne i Helsinge" },
  };
  let n = 0;
  const newId = () => `00000000-0000-4000-8000-${(n++).toString(16).padStart(12, "0")}`;
  const xmls = Array.from({ length: TOTAL }, (_, i) => {
    const parsed = parseComposeRequest(composeRequest(i));
    if (!parsed.ok) throw new Error("bench compose request must be valid");
    return writeFhirXml(buildCareCommunication(parsed.value, { newId, now: "2026-11-22T10:00:00+01:00", parties }));
  });
  const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, parseAttributeValue: false });
  const builder = new XMLBuilder({ ignoreAttributes: false });
  const queue = new Queue("floor", { connection: producer, prefix: "{floor}" });
  let processed = 0;
  const worker = new Worker(
    "floor",
    () => {
      processed += 1;
      return Promise.resolve();
    },
    { connection: workerConnection, prefix: "{floor}", concurrency: 16 },
  );
  const started = performance.now();
  await runPool(TOTAL, CONCURRENCY, async (i) => {
    const xml = builder.build(parser.parse(xmls[i] ?? ""));
    await producer.set(`{floor}:msg:${i}`, xml);
    await queue.add("deliver", { messageId: String(i) }, { removeOnComplete: true });
  });
  await waitFor(() => Promise.resolve(processed >= TOTAL));
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.close();
  await Promise.all([producer.quit(), workerConnection.quit()]);
  await embedded.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return TOTAL / seconds;
}

const round = (x: number) => Math.round(x * 10) / 10;

export async function printE2eFigures(): Promise<void> {
  const floor = await floorFigure();
  const { throughput, latencies } = await gatewayFigures();
  const line = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
  line({ name: "e2e.throughput", unit: "msg/s", value: round(throughput), n: TOTAL });
  line({ name: "e2e.floor", unit: "msg/s", value: round(floor), n: TOTAL });
  line({ name: "e2e.ratio", unit: "gateway/floor", value: Math.round((throughput / floor) * 1000) / 1000 });
  line(figure("e2e.submit-latency", "ms", latencies));
}
