// Large letters (issue 17, point 1): a compose request carrying a 100 MB attachment through a `serve` process (role
// all, the embedded Redis), driven over HTTP from this process: seconds from the submit to `delivered`, then the
// mailbox fetch, and the serve process's peak resident memory (VmHWM in /proc/<pid>/status) before the large letter
// (after an ordinary one) and after it. The embedded redis-server's peak is printed beside it.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const MB = 1024 * 1024;
const ATTACHMENT_MB = Number(process.env.BENCH_LARGE_MB ?? 100);
/** How many large letters are sent at once (the issue's target: two, with ordinary traffic). */
const LETTERS = Number(process.env.BENCH_LARGE_LETTERS ?? 1);
const SENDER_KEY = "demo-ppr-gribskov-key";
const RECEIVER = "5790000209354";
const RECEIVER_KEY = "demo-gp-helsinge-key";

const letter = JSON.parse(readFileSync(join(root, "test-fixtures/compose/new-ppr-to-gp.json"), "utf8")) as object;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** VmHWM (peak resident set) of a process, in MB. */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  return kb ? Math.round(Number(kb) / 1024) : Number.NaN;
}

/** The serve process's redis-server child (the embedded Redis), if any. */
function redisChild(pid: number): number | undefined {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
  return children.map(Number).find((child) => readFileSync(`/proc/${child}/comm`, "utf8").startsWith("redis-server"));
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 600_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`bench large: ${what} did not happen in time`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function startServe(port: number, dataDir: string): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", join(root, "src/cli.ts"), "serve"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      GATEWAY_CONFIG: join(root, "config/gateway.json"),
      GATEWAY_DATA_DIR: dataDir,
      LOG_LEVEL: process.env.BENCH_LARGE_LOG ? "info" : "warn",
    },
    stdio: ["ignore", process.env.BENCH_LARGE_LOG ? "inherit" : "ignore", "inherit"],
  });
}

export async function printLargeFigures(): Promise<void> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), "mg-bench-large-"));
  const serve = startServe(port, dataDir);
  const pid = serve.pid ?? 0;
  try {
    await until("readiness", async () => ((await fetch(`${base}/readyz`)).ok ? true : undefined), 60_000);
    const submit = async (body: string): Promise<string> => {
      const response = await fetch(`${base}/v1/messages`, {
        method: "POST",
        headers: { Authorization: `Bearer ${SENDER_KEY}`, "Content-Type": "application/json" },
        body,
      });
      const answer = (await response.json()) as { id?: string; issues?: unknown };
      if (response.status !== 202 || !answer.id)
        throw new Error(`bench large: submit answered ${response.status} ${JSON.stringify(answer.issues)}`);
      return answer.id;
    };
    const delivered = (id: string) =>
      until(`delivery of ${id}`, async () => {
        const response = await fetch(`${base}/v1/messages/${id}`, {
          headers: { Authorization: `Bearer ${SENDER_KEY}` },
        });
        const record = (await response.json()) as { status?: string };
        return record.status === "delivered" ? true : undefined;
      });
    const fetchFromMailbox = async (id: string): Promise<number> => {
      const response = await fetch(`${base}/v1/mailboxes/${RECEIVER}/messages/${id}`, {
        headers: { Authorization: `Bearer ${RECEIVER_KEY}` },
      });
      const bytes = (await response.arrayBuffer()).byteLength;
      if (!response.ok) throw new Error(`bench large: mailbox fetch answered ${response.status}`);
      return bytes;
    };

    // Built before the ordinary letter: built after it, the kept-alive connection could be closed by the server's
    // keepAliveTimeout just as the large body starts on it (EPIPE).
    const data = randomBytes(ATTACHMENT_MB * MB).toString("base64");
    const body = JSON.stringify({
      ...letter,
      receiver: RECEIVER,
      attachments: [{ title: "Scanning", contentType: "application/pdf", data }],
    });
    // An ordinary letter first: the process as it is once warm.
    const small = await submit(JSON.stringify({ ...letter, receiver: RECEIVER }));
    await delivered(small);
    await fetchFromMailbox(small);
    const baseline = peakRssMb(pid);

    const started = performance.now();
    const ids = await Promise.all(Array.from({ length: LETTERS }, () => submit(body)));
    const accepted = performance.now();
    await Promise.all(ids.map(delivered));
    const deliveredAt = performance.now();
    const fetched = await Promise.all(ids.map(fetchFromMailbox));
    const fetchedAt = performance.now();
    const redis = redisChild(pid);

    const line = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
    const round = (x: number) => Math.round(x * 100) / 100;
    const n = LETTERS;
    line({ name: `large.${ATTACHMENT_MB}mb.body-mb`, unit: "MB", value: round(body.length / MB), n });
    line({ name: `large.${ATTACHMENT_MB}mb.baseline-rss-mb`, unit: "MB", value: baseline, n: 1 });
    line({ name: `large.${ATTACHMENT_MB}mb.peak-rss-mb`, unit: "MB", value: peakRssMb(pid), n, process: "serve" });
    if (redis) line({ name: `large.${ATTACHMENT_MB}mb.redis-peak-rss-mb`, unit: "MB", value: peakRssMb(redis), n });
    line({ name: `large.${ATTACHMENT_MB}mb.accept-seconds`, unit: "s", value: round((accepted - started) / 1000), n });
    line({ name: `large.${ATTACHMENT_MB}mb.seconds`, unit: "s", value: round((deliveredAt - started) / 1000), n });
    line({
      name: `large.${ATTACHMENT_MB}mb.fetch-seconds`,
      unit: "s",
      value: round((fetchedAt - deliveredAt) / 1000),
      n,
      bytes: fetched[0],
    });
  } finally {
    if (serve.exitCode === null && serve.signalCode === null) {
      const exited = new Promise((resolve) => serve.once("exit", resolve));
      serve.kill("SIGTERM");
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// Run on its own: `npx tsx bench/large.ts`.
if (process.argv[1]?.endsWith("large.ts")) await printLargeFigures();
