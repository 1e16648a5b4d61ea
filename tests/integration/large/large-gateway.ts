// The set-up of the large-letter tests (issue 17, "Done when"): one gateway process (`serve`, role all: the API that
// takes the body and the worker that delivers it, so its memory is the one that counts) on a redis-server of its own,
// with four receiving locations, one per adapter, and the receivers' ends that read what they get without holding it:
// - mailbox:   the demo's Lægerne i Helsinge; its system fetches the letter over HTTP, read as a stream;
// - webhook:   a receiver that hashes the body and checks the signature as the body arrives (webhook-receiver.ts);
// - file-drop: a folder; the file is read as a stream;
// - vans:      a remote location over the VANS folder transport; the envelope file is read as a stream.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Redis } from "ioredis";
import { glnFrom, GLN, newTestKeyring, rawRedis, uniquePrefix } from "../../support/gateway.js";
import { spawnGateway, type GatewayProcess } from "../../support/process.js";
import { freePort, removeDir, startRedisServer, type TestRedis } from "../../support/redis.js";
import { SETTLED_MARKER } from "../../support/settle-marker.js";
import { projectRoot } from "../../support/shared.js";
import { startHashingReceiver, type HashingReceiver } from "./webhook-receiver.js";

export type AdapterName = "mailbox" | "webhook" | "file-drop" | "vans";

export const RECEIVERS = {
  mailbox: { gln: GLN.gp, sor: "265161000016000", name: "Lægerne i Helsinge" },
  webhook: { gln: glnFrom("579000017001"), sor: "100000000000171", name: "Lægerne Webhook" },
  "file-drop": { gln: glnFrom("579000017002"), sor: "100000000000172", name: "Lægerne Fildrop" },
  vans: { gln: glnFrom("579000017003"), sor: "100000000000173", name: "Fjernlægen VANS" },
} as const satisfies Record<AdapterName, { gln: string; sor: string; name: string }>;

export const SENDER_KEY = "demo-ppr-gribskov-key";
export const MAILBOX_KEY = "demo-gp-helsinge-key";
export const ADMIN_KEY = "demo-ops-admin-key";

export interface LargeGateway {
  url: string;
  pid: number;
  prefix: string;
  redis: Redis;
  webhook: HashingReceiver;
  /** The file-drop location's folder. */
  dropDir: string;
  /** The VANS outbox folder. */
  vansOutbox: string;
  /** GATEWAY_BLOB_DIR, when the chunks are kept as files. */
  blobDir?: string;
  process: GatewayProcess;
  /** Collect the gateway's garbage now and resolve once it has (tests/support/settle-on-signal.ts). */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/** `blobFiles`: large attachments' chunks as files in a folder of their own (GATEWAY_BLOB_DIR) instead of Redis. */
export async function startLargeGateway(options: { blobFiles?: boolean } = {}): Promise<LargeGateway> {
  const root = mkdtempSync(join(tmpdir(), "mg-large-"));
  const blobDir = options.blobFiles ? join(root, "blobs") : undefined;
  const dropDir = join(root, "drop");
  const vansOutbox = join(root, "vans-out");
  const vansInbox = join(root, "vans-in");
  for (const dir of [dropDir, vansOutbox, vansInbox]) mkdirSync(dir);
  const redisServer: TestRedis = await startRedisServer();
  const webhook = await startHashingReceiver();
  const shipped = JSON.parse(readFileSync(join(projectRoot, "config/gateway.json"), "utf8")) as {
    locations: object[];
  };
  const location = (r: { gln: string; sor: string; name: string }, formats: string[], delivery: object) => ({
    ...r,
    kind: "gp",
    municipality: "Testrup",
    formats,
    delivery,
  });
  const config = {
    ...shipped,
    locations: [
      ...shipped.locations,
      location(RECEIVERS.webhook, ["application/fhir+xml"], {
        adapter: "webhook",
        url: webhook.url,
        secret: webhook.secret,
      }),
      // FHIR JSON here, so both serialisations are streamed out somewhere.
      location(RECEIVERS["file-drop"], ["application/fhir+json"], { adapter: "file-drop", dir: dropDir }),
      location(RECEIVERS.vans, ["application/fhir+xml"], { adapter: "vans" }),
    ],
    network: { vans: { transport: "folders", outbox: vansOutbox, inbox: vansInbox, pollSeconds: 5 } },
  };
  const configPath = join(root, "gateway.json");
  writeFileSync(configPath, JSON.stringify(config));
  const port = await freePort();
  const prefix = uniquePrefix();
  const gateway = spawnGateway(
    ["serve"],
    {
      REDIS_URL: redisServer.url,
      PORT: String(port),
      GATEWAY_KEY_PREFIX: prefix,
      GATEWAY_ENCRYPTION_KEY_FILE: newTestKeyring(),
      GATEWAY_CONFIG: configPath,
      GATEWAY_DATA_DIR: join(root, "data"),
      LOG_LEVEL: "warn",
      ...(blobDir ? { GATEWAY_BLOB_DIR: blobDir } : {}),
    },
    { settleOnSignal: true },
  );
  const url = `http://127.0.0.1:${port}`;
  const redis = rawRedis(redisServer.url);
  const stop = async () => {
    if (gateway.child.exitCode === null && gateway.child.signalCode === null) {
      gateway.child.kill("SIGTERM");
      await gateway.exited;
    }
    redis.disconnect();
    await webhook.close();
    await redisServer.remove();
    removeDir(root);
  };
  try {
    await waitReady(url, gateway);
  } catch (err) {
    await stop();
    throw err;
  }
  let settles = 0;
  const settle = async () => {
    settles += 1;
    const marker = `${SETTLED_MARKER} ${settles}\n`;
    gateway.child.kill("SIGUSR2");
    const deadline = Date.now() + 30_000;
    while (!gateway.output().includes(marker)) {
      if (gateway.child.exitCode !== null || Date.now() > deadline)
        throw new Error(`the gateway did not settle its heap: ${gateway.output().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    // The collector's background threads free what it found a moment after it returns.
    await new Promise((r) => setTimeout(r, 250));
  };
  return {
    url,
    pid: gateway.child.pid ?? 0,
    prefix,
    redis,
    webhook,
    dropDir,
    vansOutbox,
    ...(blobDir ? { blobDir } : {}),
    process: gateway,
    settle,
    stop,
  };
}

async function waitReady(url: string, gateway: GatewayProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gateway.child.exitCode !== null)
      throw new Error(`the gateway exited (${gateway.child.exitCode}): ${gateway.output().slice(-2000)}`);
    const ready = await fetch(`${url}/readyz`)
      .then(async (r) => (await r.arrayBuffer(), r.ok))
      .catch(() => false);
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`the gateway was not ready in time: ${gateway.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The finished envelope files in the VANS outbox (the transport writes under a hidden name, then renames). */
export const outboxFiles = (dir: string): string[] => readdirSync(dir).filter((n) => !n.startsWith("."));

/** The chunk files under GATEWAY_BLOB_DIR ("<shard>/<blob id>.<n>"); none when the chunks are kept in Redis. */
export function chunkFiles(g: LargeGateway): string[] {
  const dir = g.blobDir;
  if (dir === undefined || !existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((shard) => readdirSync(join(dir, shard)).map((name) => `${shard}/${name}`))
    .sort();
}

/** Every key under the gateway's prefix whose name contains `part` (SCAN, never KEYS). */
export async function keysContaining(g: LargeGateway, part: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await g.redis.scan(cursor, "MATCH", `${g.prefix}:*${part}*`, "COUNT", 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== "0");
  return found.sort();
}
