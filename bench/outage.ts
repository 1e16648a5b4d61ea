// `delivery.latency-others-with-one-down` (issue 12, point 4): the delivery latency of letters to a healthy webhook
// receiver while another receiver is down and slow (it answers 500 after 2 s), as a ratio to the same latency with no
// fault, in one run on one gateway. Latency: from submitting the letter to the receiver having it. The issue asks for
// a ratio within 2. Run alone with `npx tsx bench/outage.ts`; `npm run bench` runs it after the other figures.
import { mkdtempSync, readFileSync, rmSync, createWriteStream } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseGatewayConfig, type LocationConfig } from "../src/config/schema.js";
import { createLogger } from "../src/log.js";
import { startGateway } from "../src/main.js";
import { figure } from "./measure.js";

const root = join(import.meta.dirname, "..");
const LETTERS = Number(process.env.BENCH_OUTAGE_LETTERS ?? 150);
const SUBMITTERS = 8;
const SLOW_MS = 2_000;
const KEY = "demo-ppr-gribskov-key";
const OTHER_GLN = "5790000900015";
const DOWN_GLN = "5790000900022";

interface Receiver {
  url: string;
  /** Message id → when the receiver had it (ms, performance clock). */
  got: Map<string, number>;
  down: boolean;
  close(): Promise<void>;
}

async function receiver(): Promise<Receiver> {
  const r = { got: new Map<string, number>(), down: false };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (r.down) {
        setTimeout(() => {
          res.statusCode = 500;
          res.end();
        }, SLOW_MS);
        return;
      }
      r.got.set(String(req.headers["x-gateway-message-id"]), performance.now());
      res.statusCode = 200;
      res.end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return Object.assign(r, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/medcom`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((ok) => server.close(() => ok()));
    },
  });
}

const webhook = (gln: string, sor: string, url: string): LocationConfig => ({
  gln,
  sor,
  name: `Bench ${sor.slice(-2)}`,
  kind: "gp",
  municipality: "Benchrup",
  formats: ["application/fhir+json"],
  delivery: { adapter: "webhook", url, secret: "the-bench-receivers-webhook-secret" },
});

export async function outageFigure(): Promise<{ ratio: number; noFault: number[]; withOneDown: number[] }> {
  const other = await receiver();
  const down = await receiver();
  const raw = JSON.parse(readFileSync(join(root, "config/gateway.json"), "utf8")) as {
    locations: unknown[];
    clients: unknown[];
    policy?: object;
  };
  const config = parseGatewayConfig({
    ...raw,
    locations: [
      ...raw.locations,
      webhook(OTHER_GLN, "100000000000091", other.url),
      webhook(DOWN_GLN, "100000000000092", down.url),
    ],
  });
  if (!config.ok) throw new Error(`bench configuration invalid: ${JSON.stringify(config.issues)}`);
  const dataDir = mkdtempSync(join(tmpdir(), "mg-bench-outage-"));
  const gateway = await startGateway({
    env: { port: 0, configPath: "", dataDir, logLevel: "info", maxBodyBytes: 16 << 20, keyPrefix: "{mg}" },
    config: config.value,
    role: "all",
    log: createLogger("info", createWriteStream("/dev/null")),
  });
  const url = `http://127.0.0.1:${gateway.port ?? 0}/v1/messages`;
  const letter = JSON.parse(readFileSync(join(root, "test-fixtures/compose/new-ppr-to-gp.json"), "utf8")) as object;

  async function submit(receiverGln: string): Promise<string> {
    const response = await fetch(url, {
      method: "POST",
      headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" },
      body: JSON.stringify({ ...letter, receiver: receiverGln }),
    });
    const body = (await response.json()) as { id: string };
    if (response.status !== 202) throw new Error(`bench submit answered ${response.status}`);
    return body.id;
  }

  /** Letters to the healthy receiver (and, when `alsoDown`, as many to the down one): their latencies in ms. */
  async function phase(alsoDown: boolean): Promise<number[]> {
    const sent = new Map<string, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: SUBMITTERS }, async () => {
        while (next < LETTERS) {
          next++;
          if (alsoDown) await submit(DOWN_GLN);
          const t0 = performance.now();
          sent.set(await submit(OTHER_GLN), t0);
        }
      }),
    );
    while ([...sent.keys()].some((id) => !other.got.has(id))) await new Promise((r) => setTimeout(r, 5));
    return [...sent].map(([id, t0]) => (other.got.get(id) ?? Number.NaN) - t0);
  }

  try {
    const noFault = await phase(false);
    down.down = true;
    const withOneDown = await phase(true);
    const median = (xs: number[]) => figure("", "ms", xs).median;
    return { ratio: median(withOneDown) / median(noFault), noFault, withOneDown };
  } finally {
    await gateway.stop();
    await Promise.all([other.close(), down.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function printOutageFigure(): Promise<void> {
  const { ratio, noFault, withOneDown } = await outageFigure();
  const line = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
  line({
    name: "delivery.latency-others-with-one-down",
    unit: "with-one-down/no-fault (median)",
    value: Math.round(ratio * 1000) / 1000,
    n: withOneDown.length,
  });
  line(figure("delivery.latency-others.no-fault", "ms", noFault));
  line(figure("delivery.latency-others.with-one-down", "ms", withOneDown));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await printOutageFigure();
