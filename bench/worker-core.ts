// The worker's own CPU for one mailbox delivery, without Redis or BullMQ (issue 17, point 3): processDelivery with the
// real stores over a stand-in client that answers at once (the record's hash as HGETALL returns it, the mailbox
// script's reply), the real directory and deadline write, and a logger at info writing to /dev/null as a deployment's
// stdout would. Prints µs per delivery (process.cpuUsage over many). `npx tsx bench/worker-core.ts`
import { join } from "node:path";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { pino } from "pino";
import { mailboxAdapter } from "../adapters/mailbox.js";
import { createAckDeadlines } from "../queue/ack-deadlines.js";
import { processDelivery, type DeliveryDeps } from "../queue/delivery-processor.js";
import { loadGatewayConfig } from "../src/config/load.js";
import { createSealer, newKeyringFile, writeKeyringFile } from "../src/crypto/keyring.js";
import { createLogger, silentLogger } from "../src/log.js";
import { createDirectory } from "../src/routing/directory.js";
import { recordToFields } from "../src/store/codec.js";
import { createMailboxStore } from "../src/store/mailbox-store.js";
import { createMessageStore, SEALED_FIELDS } from "../src/store/message-store.js";
import { benchRecord } from "./bench-record.js";

const N = Number(process.env.N ?? 20000);
const root = join(import.meta.dirname, "..");
const config = loadGatewayConfig(join(root, "config/gateway.json"));
if (!config.ok) throw new Error("config/gateway.json must load");
const dir = mkdtempSync(join(tmpdir(), "bench-worker-core-"));
writeKeyringFile(join(dir, "keyring.json"), newKeyringFile(), { exclusive: true });
const sealer = createSealer(join(dir, "keyring.json"));
const glns = config.value.locations.map((l) => l.gln);

/** Each id's hash as the API stored it (sealed topic), `queued`. */
const hashes = new Map<string, Record<string, string>>();
function stored(id: string): void {
  const flat = recordToFields(benchRecord(id, { sender: glns[0] ?? "", receiver: glns[1] ?? "" }, "queued"));
  const h: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const field = flat[i] ?? "";
    const value = flat[i + 1] ?? "";
    h[field] = SEALED_FIELDS.has(field) ? sealer.seal(value, `${id}:${field}`) : value;
  }
  hashes.set(id, h);
}

const client = {
  hgetall: (key: string) => Promise.resolve({ ...(hashes.get(key.slice(key.lastIndexOf(":") + 1)) ?? {}) }),
  evalsha: () => Promise.resolve(["handed-over", 1, 1]),
} as unknown as Redis;

const deadlines = createAckDeadlines(client, "{mg}", () => new Date());
const logged =
  process.env.LOG === "silent"
    ? silentLogger()
    : createLogger("info", pino.destination({ dest: "/dev/null", sync: true }) as unknown as NodeJS.WritableStream);
const adapter = mailboxAdapter(createMailboxStore(client, "{mg}"));
const deps: DeliveryDeps = {
  store: createMessageStore(client, "{mg}", sealer),
  directory: createDirectory(config.value.locations),
  adapterFor: () => adapter,
  scheduleAckDeadline: () => Promise.reject(new Error("the hand-over schedules it")),
  ackDeadlineFor: (record) =>
    deadlines.scheduleWrite({ messageId: record.id, send: record.resends, reason: "no-acknowledgement" }, 3_600_000),
  now: () => new Date(),
  log: logged,
  workerId: "bench:1",
};

async function run(n: number): Promise<number> {
  const ids = Array.from({ length: n }, () => randomUUID());
  for (const id of ids) stored(id);
  const cpu = process.cpuUsage();
  for (const id of ids) {
    const result = await processDelivery({ data: { messageId: id }, attemptsMade: 0, opts: { attempts: 5 } }, deps);
    if (result !== "delivered") throw new Error(`expected delivered, got ${result}`);
  }
  const used = process.cpuUsage(cpu);
  for (const id of ids) hashes.delete(id);
  return (used.user + used.system) / n;
}

await run(2000);
const rounds: number[] = [];
for (let r = 0; r < 5; r++) rounds.push(await run(N));
rounds.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    name: "worker.core",
    unit: "µs/delivery",
    median: Math.round(rounds[2] ?? 0),
    min: Math.round(rounds[0] ?? 0),
    n: N,
  }),
);
