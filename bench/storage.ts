// Storage figure (issue 17, point 2): Redis bytes per ordinary text letter. The demo gateway accepts and delivers N
// text letters (the e2e bench's ordinary letter, to a mailbox); every key in Redis is measured with MEMORY USAGE
// before and after, and the difference divided by N. Shared keys (indexes, the audit chain, BullMQ's own) count with
// what each letter adds to them, so the figure is what 30 days of letters cost, not only their own keys.
// BENCH_STORAGE_DETAIL=1 also prints the bytes per key kind (ids replaced by *), the measurement behind docs/sizing.md.
import { randomBytes } from "node:crypto";
import {
  createWriteStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { loadGatewayConfig } from "../src/config/load.js";
import { createLogger } from "../src/log.js";
import { startGateway } from "../src/main.js";

const root = join(import.meta.dirname, "..");
const LETTERS = Number(process.env.BENCH_STORAGE_LETTERS ?? 200);
const KEY = "demo-ppr-gribskov-key";
const letter = readFileSync(join(root, "test-fixtures/compose/new-ppr-to-gp.json"), "utf8");

/** A key's kind: UUIDs, GLNs and other digit runs replaced by `*`, so a thousand letters make a handful of kinds. */
export const keyKind = (key: string): string =>
  key.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "*").replace(/\d+/g, "#");

/** MEMORY USAGE of every key (SAMPLES 0: every element of a collection counted), by kind. */
export async function bytesByKind(redis: Redis): Promise<Map<string, { keys: number; bytes: number }>> {
  const kinds = new Map<string, { keys: number; bytes: number }>();
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "COUNT", 1000);
    cursor = next;
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.memory("USAGE", key, "SAMPLES", 0);
    const replies = (await pipeline.exec()) ?? [];
    keys.forEach((key, i) => {
      const bytes = Number(replies[i]?.[1] ?? 0);
      const kind = kinds.get(keyKind(key)) ?? { keys: 0, bytes: 0 };
      kinds.set(keyKind(key), { keys: kind.keys + 1, bytes: kind.bytes + bytes });
    });
  } while (cursor !== "0");
  return kinds;
}

/**
 * Keys that do not stay the retention period: BullMQ's (a completed delivery job is kept a day or 10,000 jobs, an
 * acknowledgement deadline (a member of `ack-deadlines`, or a job of the former `ack-deadline` queue) until due, the event streams are capped at 10,000 entries) and the hourly
 * counters and rate windows. Bounded whatever the traffic of 30 days, so docs/sizing.md counts them once, not per letter.
 */
export const isTransient = (kind: string): boolean =>
  /^\{mg\}:(delivery|ack-deadlines?|background|counters|rate)(:|$)/.test(kind);

const total = (kinds: Map<string, { bytes: number }>) => [...kinds.values()].reduce((sum, k) => sum + k.bytes, 0);

async function settle(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("storage bench: the letters did not settle within 60 s");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Bytes of every file under `dir` (the chunk files of GATEWAY_BLOB_DIR); 0 when it does not exist. */
function bytesUnder(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0);
}

/** `blobFiles`: the gateway keeps attachments' chunks as files (GATEWAY_BLOB_DIR); `filesPerLetter` their bytes. */
export async function storageFigure(
  letters: number,
  body: string,
  options: { blobFiles?: boolean } = {},
): Promise<{ perLetter: number; retained: number; filesPerLetter: number; detail: [string, number][] }> {
  const dataDir = mkdtempSync(join(tmpdir(), "mg-bench-storage-"));
  const blobDir = join(dataDir, "blobs");
  const config = loadGatewayConfig(join(root, "config/gateway.json"));
  if (!config.ok) throw new Error("the demo configuration must load");
  const gateway = await startGateway({
    env: {
      port: 0,
      configPath: "",
      dataDir,
      logLevel: "info",
      maxBodyBytes: 16 << 20,
      keyPrefix: "{mg}",
      ...(options.blobFiles ? { blobDir } : {}),
    },
    config: config.value,
    role: "all",
    log: createLogger("info", createWriteStream("/dev/null")),
  });
  const redis = new Redis({ path: gateway.embeddedRedis?.socketPath ?? "" });
  try {
    const before = await bytesByKind(redis);
    const url = `http://127.0.0.1:${gateway.port ?? 0}/v1/messages`;
    for (let i = 0; i < letters; i += 1) {
      const response = await fetch(url, {
        method: "POST",
        headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" },
        body,
      });
      await response.arrayBuffer();
      if (response.status !== 202) throw new Error(`storage bench submit answered ${response.status}`);
    }
    // Delivered, and the audit entries moved from pending onto the chain: the letter's resting state.
    await settle(
      async () =>
        (await redis.zcard("{mg}:status:delivered")) >= letters && (await redis.hlen("{mg}:audit:pending")) === 0,
    );
    const after = await bytesByKind(redis);
    const detail: [string, number][] = [...after.entries()]
      .map(([kind, { bytes }]): [string, number] => [kind, (bytes - (before.get(kind)?.bytes ?? 0)) / letters])
      .filter(([, bytes]) => bytes !== 0)
      .sort((a, b) => b[1] - a[1]);
    const retained = detail.filter(([kind]) => !isTransient(kind)).reduce((sum, [, bytes]) => sum + bytes, 0);
    const filesPerLetter = bytesUnder(blobDir) / letters;
    return { perLetter: (total(after) - total(before)) / letters, retained, filesPerLetter, detail };
  } finally {
    redis.disconnect();
    await gateway.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function printStorageFigure(): Promise<void> {
  const { perLetter, retained, detail } = await storageFigure(LETTERS, letter);
  const line = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
  line({ name: "storage.bytes-per-letter", unit: "bytes", value: Math.round(perLetter), n: LETTERS });
  // What stays the retention period (the record, content, events, audit entries, indexes): what 30 days multiply.
  line({ name: "storage.bytes-per-letter.retained", unit: "bytes", value: Math.round(retained), n: LETTERS });
  // The benchmark's other letter (one in ten): a 200 KB PDF, which compression cannot shrink (random bytes, as a PDF's
  // compressed streams are) beyond undoing its base64.
  const pdf = randomBytes(200 * 1024).toString("base64");
  const withPdf = JSON.stringify({
    ...(JSON.parse(letter) as object),
    attachments: [{ title: "Vurdering", contentType: "application/pdf", data: pdf }],
  });
  const large = await storageFigure(20, withPdf);
  line({ name: "storage.bytes-per-letter.pdf-200kb", unit: "bytes", value: Math.round(large.perLetter), n: 20 });
  // The same with GATEWAY_BLOB_DIR: Redis's bytes, and the chunk files' on disk.
  const inFiles = await storageFigure(20, withPdf, { blobFiles: true });
  line({
    name: "storage.bytes-per-letter.pdf-200kb-files",
    unit: "bytes",
    value: Math.round(inFiles.perLetter),
    files: Math.round(inFiles.filesPerLetter),
    n: 20,
  });
  if (process.env.BENCH_STORAGE_DETAIL === "1")
    for (const [kind, bytes] of detail) line({ kind, bytesPerLetter: Math.round(bytes) });
}

const isMain = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) await printStorageFigure();
