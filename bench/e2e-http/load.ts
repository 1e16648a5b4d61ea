// The load the end-to-end bench sends (issue 17, point 3), with autocannon from the bench's own process: the
// benchmark's mix of compose requests — nine text letters, then one with a 200 KB PDF — each connection cycling
// through the ten in order, so every tenth letter it sends carries the PDF.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import autocannon from "autocannon";

const root = join(import.meta.dirname, "../..");
const letter = JSON.parse(readFileSync(join(root, "test-fixtures/compose/new-ppr-to-gp.json"), "utf8")) as object;
const RECEIVERS = ["5790000209354", "5790004110014", "5790004110021"];
/** The demo configuration's key for PPR Gribskov (config/gateway.json), the sender of the fixture letter. */
const KEY = "demo-ppr-gribskov-key";
export const MIX = 10;

/** The ten requests of the mix: the ninth index carries a 200 KB PDF (base64 in the JSON body). */
export function mixRequests(): { method: string; path: string; headers: Record<string, string>; body: string }[] {
  const pdf = randomBytes(200 * 1024).toString("base64");
  return Array.from({ length: MIX }, (_, i) => {
    const receiver = RECEIVERS[i % RECEIVERS.length] ?? "";
    const attachments = [{ title: "Vurdering", contentType: "application/pdf", data: pdf }];
    const body = i === MIX - 1 ? { ...letter, receiver, attachments } : { ...letter, receiver };
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
 * A fixed rate: `rate` requests a second for `seconds`, spread over `connections` connections. autocannon paces each
 * connection and, when an answer comes later than the next send was due, corrects the latencies for the sends it
 * could not make (coordinated omission), so the percentiles are those of an open loop at that rate as long as the
 * connections are many enough (the bench uses 40 for 200/s: each sends every 200 ms).
 */
export async function steady(origin: string, rate: number, seconds: number, connections: number): Promise<Sent> {
  const options = { url: origin, connections, overallRate: rate, amount: rate * seconds, timeout: 30 };
  return sent(await autocannon({ ...options, requests: mixRequests() }));
}
