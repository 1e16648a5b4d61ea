// Issue 12, "Done when": an outage test. The gateway as deployed (one API and two worker processes on one
// redis-server) with the SHIPPED delivery policy: deliveryAttempts 8 and exponential backoff from 1 s (at most
// 1+2+4+…+64 = 127 s of retries, less with jitter: the budget that turned 323 of 3,600 letters into `failed` in the
// issue). One webhook receiver answers 500 to everything for 150 s, longer than that whole budget, so on the old code
// (before the circuit breaker, 32669d3) the letters accepted in about the first minute of the outage (the jittered budget
// is 64–127 s) ran out of attempts: 55 ended `failed` "gave up after 8 attempts" when this test was run there.
// Letters flow at a steady rate to it, to a healthy webhook receiver and to a mailbox. Asserted: no letter `failed`;
// the others' letters all delivered, with latency during the outage within 2× of the no-fault latency measured in the
// same run before it; and when the receiver answers again, its backlog arrives there complete, each letter once, in
// order of acceptance.
//
// Breaker settings: the shipped ones (5 failures in a row mark it down, first pause 30 s) except
// breakerMaxOpenMinutes, 0.5 instead of 10. The pause doubles after each failed probe (30 s, 60 s, 120 s, …); with the
// shipped cap the probe after a 150 s outage comes at ~210 s, a minute after recovery, which only makes the test wait
// and proves nothing more. With the cap at 30 s the receiver is probed every 30 s (5 failed probes during the outage
// instead of 2) and the backlog starts within 30 s of recovery.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSwitchableReceiver, type SwitchableReceiver } from "../support/receivers.js";
import { GLN, glnFrom, KEYS } from "../support/gateway.js";
import { projectRoot } from "../support/shared.js";
import { messageRecord, statusCounts, until } from "./checks.js";
import { startCluster, startFaultRedis, type Cluster, type FaultRedis } from "./cluster.js";
import { explainUndelivered, processOutputs } from "./diagnose.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One letter to each receiver per tick. */
const TICK_MS = 1_000;
/** Letters before the measurement: the first ones pay for cold connections and JIT, not for the gateway. */
const WARMUP_TICKS = 5;
const BASELINE_MS = 20_000;
/** Longer than the shipped retry budget (127 s at most, see above). */
const OUTAGE_MS = 150_000;
/**
 * Latencies below this count as this: on a shared 2-core CI box a no-fault median of, say, 40 ms against 90 ms during
 * the outage is scheduling noise, not a receiver holding the others up. A quarter second is still far below what the
 * others saw in the issue (letters stuck behind a dead receiver's retries for seconds to minutes).
 */
const LATENCY_FLOOR_MS = 250;

const SECRET = "the-receivers-shared-webhook-secret";
const DOWN_GLN = glnFrom("579000012101");
const UP_GLN = glnFrom("579000012102");
/** The mailbox receiver: Lægerne i Helsinge, the demo letter's own receiver. */
const MAILBOX_GLN = GLN.gp;

const webhookLocation = (gln: string, sor: string, url: string) => ({
  gln,
  sor,
  name: `Lægerne ${sor.slice(-2)}`,
  kind: "gp",
  municipality: "Testrup",
  formats: ["application/fhir+json"],
  delivery: { adapter: "webhook", url, secret: SECRET },
});

const letter = JSON.parse(
  readFileSync(join(projectRoot, "test-fixtures/compose/new-ppr-to-gp.json"), "utf8"),
) as object;

let redis: FaultRedis;
let cluster: Cluster;
let down: SwitchableReceiver;
let up: SwitchableReceiver;

beforeAll(async () => {
  down = await startSwitchableReceiver();
  up = await startSwitchableReceiver();
  redis = await startFaultRedis("always");
  cluster = await startCluster(
    {
      redis,
      fsync: "always",
      policy: { breakerMaxOpenMinutes: 0.5 },
      locations: [
        webhookLocation(DOWN_GLN, "100000000000121", down.url),
        webhookLocation(UP_GLN, "100000000000122", up.url),
      ],
    },
    1,
    2,
  );
});
afterAll(async () => {
  await cluster?.stop();
  await redis?.remove();
  await down?.close();
  await up?.close();
});

interface Sent {
  id: string;
  receiver: string;
  phase: "warmup" | "baseline" | "outage";
}

/** Submit one letter, retrying a 503 or a lost connection with the same Idempotency-Key (CONTRACT.md). */
async function send(receiverGln: string, key: string): Promise<string> {
  const body = JSON.stringify({ ...letter, receiver: receiverGln });
  for (let tries = 0; tries < 50; tries++) {
    const response = await fetch(`${cluster.apiUrls()[0] ?? ""}/v1/messages`, {
      method: "POST",
      headers: { Authorization: `Bearer ${KEYS.ppr}`, "Content-Type": "application/json", "Idempotency-Key": key },
      body,
      signal: AbortSignal.timeout(15_000),
    }).catch(() => undefined);
    if (response?.status === 202 || response?.status === 200) return ((await response.json()) as { id: string }).id;
    if (response && response.status !== 503)
      throw new Error(`submit answered ${response.status}: ${await response.text()}`);
    await sleep(200);
  }
  throw new Error(`letter ${key} not accepted`);
}

/** Milliseconds from the `accepted` event to the first `delivered` event (the gateway's own clock for both). */
function latencyOf(events: { at: string; type: string }[]): number | undefined {
  const accepted = events.find((e) => e.type === "accepted");
  const delivered = events.find((e) => e.type === "delivered");
  return accepted && delivered ? Date.parse(delivered.at) - Date.parse(accepted.at) : undefined;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

describe("one webhook receiver down for 150 s under steady load, shipped retry policy", () => {
  it("fails no letter, keeps the others' latency, then delivers the backlog complete and in acceptance order", async () => {
    const sent: Sent[] = [];
    let phase: Sent["phase"] = "warmup";
    let tick = 0;
    const run = async (until: number) => {
      while (Date.now() < until) {
        const tickStart = Date.now();
        // One at a time, so acceptance order is the order of `sent` (each 202 before the next request).
        for (const gln of [DOWN_GLN, UP_GLN, MAILBOX_GLN])
          sent.push({ id: await send(gln, `outage-${tick}-${gln}`), receiver: gln, phase });
        tick++;
        await sleep(Math.max(0, TICK_MS - (Date.now() - tickStart)));
      }
    };
    const started = Date.now();
    await run(started + WARMUP_TICKS * TICK_MS);
    phase = "baseline";
    await run(Date.now() + BASELINE_MS);
    phase = "outage";
    down.down = true;
    const outageStart = Date.now();
    await run(outageStart + OUTAGE_MS);
    down.down = false;
    const recoveredAt = Date.now();

    // Every letter ends delivered; the backlog needs the next probe (≤ 30 s) and then goes one letter at a time.
    const records = new Map<string, NonNullable<Awaited<ReturnType<typeof messageRecord>>>>();
    await until(
      async () => {
        for (const s of sent) {
          if (records.has(s.id)) continue;
          const record = await messageRecord(cluster.apiUrls()[0] ?? "", s.id);
          if (record?.status !== "delivered" && record?.status !== "failed") return undefined;
          records.set(s.id, record);
        }
        return true;
      },
      90_000,
      "every letter delivered or failed",
      () => explainUndelivered(redis.url, cluster.prefix, processOutputs(cluster)),
    );
    const failed = sent.filter((s) => records.get(s.id)?.status === "failed");
    expect(failed.map((s) => `${s.receiver} ${records.get(s.id)?.failureReason ?? ""}`)).toEqual([]);
    const drainedAt = Date.now();
    const counts = await statusCounts(redis.url, cluster.prefix);
    expect(counts.failed).toBe(0);

    // The others: all delivered; latency during the outage within 2× of before it (median and p90, floored).
    const latencies = (p: Sent["phase"]) =>
      sent
        .filter((s) => s.receiver !== DOWN_GLN && s.phase === p)
        .map((s) => latencyOf(records.get(s.id)?.events ?? []) ?? Number.POSITIVE_INFINITY);
    const before = latencies("baseline");
    const during = latencies("outage");
    const figures = {
      letters: sent.length,
      toDownDuringOutage: sent.filter((s) => s.receiver === DOWN_GLN && s.phase === "outage").length,
      refusedByDown: down.refused,
      medianBefore: quantile(before, 0.5),
      medianDuring: quantile(during, 0.5),
      p90Before: quantile(before, 0.9),
      p90During: quantile(during, 0.9),
      maxDuring: Math.max(...during),
      backlogDrainedSecondsAfterRecovery: (drainedAt - recoveredAt) / 1000,
      totalSeconds: (drainedAt - started) / 1000,
    };
    console.log("outage:", JSON.stringify(figures));
    expect(before.length).toBeGreaterThan(20);
    expect(during.length).toBeGreaterThan(100);
    expect(figures.medianDuring).toBeLessThanOrEqual(2 * Math.max(figures.medianBefore, LATENCY_FLOOR_MS));
    expect(figures.p90During).toBeLessThanOrEqual(2 * Math.max(figures.p90Before, LATENCY_FLOOR_MS));
    // The healthy webhook took each of its letters once.
    const toUp = sent.filter((s) => s.receiver === UP_GLN).map((s) => s.id);
    expect([...up.taken].sort()).toEqual([...toUp].sort());

    // The down receiver: nothing taken while down (it refused), then everything, each once; the backlog (the letters
    // accepted during the outage) in acceptance order. Before the outage no order is promised: a healthy location
    // takes up to DELIVERY_CONCURRENCY / 2 letters at once (breaker-wiring.ts), so two warm-up letters a second apart
    // may cross — this assertion once compared every letter and failed on exactly that (the first warm-up letter
    // taken second), while the backlog kept its order (docs/operations.md: "the backlog arrives complete and in order").
    const toDown = sent.filter((s) => s.receiver === DOWN_GLN).map((s) => s.id);
    const backlog = sent.filter((s) => s.receiver === DOWN_GLN && s.phase === "outage").map((s) => s.id);
    expect(figures.toDownDuringOutage).toBeGreaterThan(50);
    expect([...down.taken].sort()).toEqual([...toDown].sort());
    const inBacklog = new Set(backlog);
    expect(down.taken.filter((id) => inBacklog.has(id))).toEqual(backlog);
    // Probes, not retries: far fewer refused requests than letters × the retry budget.
    expect(down.refused).toBeLessThan(figures.toDownDuringOutage);
  }, 280_000);
});
