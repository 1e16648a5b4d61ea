// The load the end-to-end bench sends (issue 17, point 3) from the bench's own process — autocannon's closed loop for
// throughput, an open loop of its own at a fixed rate for latency (`paced`) — the
// benchmark's mix of compose requests — nine text letters, then one with a 200 KB PDF — each connection cycling
// through the ten in order, so every tenth letter it sends carries the PDF.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Agent, request as httpRequest } from "node:http";
import autocannon from "autocannon";

const root = join(import.meta.dirname, "../..");
const letter = JSON.parse(readFileSync(join(root, "test-fixtures/compose/new-ppr-to-gp.json"), "utf8")) as object;
const RECEIVERS = ["5790000209354", "5790004110014", "5790004110021"];
/** The demo configuration's key for PPR Gribskov (config/gateway.json), the sender of the fixture letter. */
const KEY = "demo-ppr-gribskov-key";
export const MIX = 10;

/** The ten requests of the mix: the ninth index carries a 200 KB PDF (base64 in the JSON body); BENCH_E2E_ONLY=text
 *  or =pdf makes all ten of one kind. */
export function mixRequests(): { method: string; path: string; headers: Record<string, string>; body: string }[] {
  const only = process.env.BENCH_E2E_ONLY;
  const pdf = randomBytes(200 * 1024).toString("base64");
  return Array.from({ length: MIX }, (_, i) => {
    const receiver = RECEIVERS[i % RECEIVERS.length] ?? "";
    const attachments = [{ title: "Vurdering", contentType: "application/pdf", data: pdf }];
    const withPdf = only === "pdf" || (i === MIX - 1 && only !== "text");
    const body = withPdf ? { ...letter, receiver, attachments } : { ...letter, receiver };
    return {
      method: "POST",
      path: "/v1/messages",
      headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    };
  });
}

export interface Sent {
  accepted: number;
  refused: number;
  statuses: Record<string, number>;
  /** Requests answered per second on average (at a fixed rate: whether the rate was met). */
  perSecond: number;
  latency: { p50: number; p99: number; n: number };
}

function sent(result: Awaited<ReturnType<typeof autocannon>>): Sent {
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count]));
  return {
    accepted: result["2xx"],
    refused: result.non2xx + result.errors + result.timeouts,
    statuses,
    perSecond: result.requests.average,
    // n: the requests answered; autocannon's own count includes the sends it added for coordinated omission.
    latency: { p50: result.latency.p50, p99: result.latency.p99, n: result["2xx"] + result.non2xx },
  };
}

/** Closed loop at full speed: `amount` requests over `connections` connections, each sending its next on an answer. */
export async function blast(origin: string, amount: number, connections: number): Promise<Sent> {
  return sent(await autocannon({ url: origin, connections, amount, timeout: 30, requests: mixRequests() }));
}

/**
 * An open loop at a fixed rate: request i is due at start + i / rate and sent then, whether or not the earlier ones
 * were answered (as many connections as are busy: a keep-alive pool without a cap), each through the mix in order.
 * A request's latency runs from when it was due to its answer's end, so a sender that fell behind, or requests queued
 * for a socket, count against the gateway, not for it (coordinated omission).
 * Not autocannon's `overallRate`: its clients send each second's share back to back at the start of the second and
 * then wait (httpClient.js `reqsMadeThisSecond`, reset by a one-second interval), so 200/s arrives as one burst of
 * 200 a second; and its correction records each answer with an expected interval of `Math.ceil(1 / rate)` — 1 ms for
 * a connection's 5/s — adding a made-up sample for every millisecond of every answer. Both made the floor's own p99
 * at "200/s" ≈ 230–360 ms; paced, it is a few milliseconds.
 */
export async function paced(origin: string, rate: number, seconds: number): Promise<Sent> {
  const requests = mixRequests().map((r) => ({ ...r, body: Buffer.from(r.body) }));
  const url = new URL(origin);
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const total = rate * seconds;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let refused = 0;
  const send = (i: number, dueAt: number) =>
    new Promise<void>((resolve) => {
      const r = requests[i % requests.length];
      if (r === undefined) return resolve();
      const headers = { ...r.headers, "Content-Length": String(r.body.length) };
      const request = httpRequest(
        { host: url.hostname, port: url.port, path: r.path, method: r.method, headers, agent },
        (response) => {
          response.resume();
          response.once("end", () => {
            const status = String(response.statusCode ?? 0);
            statuses[status] = (statuses[status] ?? 0) + 1;
            if (status.startsWith("2")) latencies.push(performance.now() - dueAt);
            else refused++;
            resolve();
          });
        },
      );
      request.setTimeout(30_000, () => request.destroy(new Error("timeout")));
      request.once("error", () => {
        refused++;
        resolve();
      });
      request.end(r.body);
    });
  const start = performance.now() + 50;
  const answers: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const dueAt = start + (i * 1000) / rate;
    const wait = dueAt - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    answers.push(send(i, dueAt));
  }
  await Promise.all(answers);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN);
  return {
    accepted: latencies.length,
    refused,
    statuses,
    perSecond: latencies.length / elapsed,
    latency: { p50: at(0.5), p99: at(0.99), n: latencies.length },
  };
}
