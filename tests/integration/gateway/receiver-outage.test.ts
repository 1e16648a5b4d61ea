// Issue 12, point 4: a receiver that is down for a while. Letters flow to a webhook receiver answering 500 and to one
// that answers; the down location's circuit breaker opens: its letters wait without spending attempts (the retry
// budget is 3 here, far fewer than the failures they see), the others are delivered promptly, and when the receiver
// answers again the backlog is delivered in order of acceptance. No letter fails.
//
// The openings last whole minutes (1, then 2) on the gateway's clock, which the test moves on to each probe (issue 14,
// point 4: no fractional-minute policy, no real wait): the time the admin view shows as the next probe, then the
// parked letters run at once and decide again on the clock (tests/support/clock-travel.ts).
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSwitchableReceiver, type SwitchableReceiver } from "../../support/receivers.js";
import type { LocationConfig } from "../../../src/config/schema.js";
import { createLogger } from "../../../src/log.js";
import { readFixture } from "../../support/shared.js";
import {
  demoConfig,
  eventually,
  glnFrom,
  KEYS,
  METRICS_TOKEN,
  startTestGateway,
  waitForStatus,
  type TestGateway,
} from "../../support/gateway.js";
import { offsetClock } from "../../support/clock.js";
import { advanceClock, promoteDeliveries } from "../../support/clock-travel.js";

const SECRET = "the-receivers-shared-webhook-secret";
const DOWN_GLN = glnFrom("579000012001");
const UP_GLN = glnFrom("579000012002");
const SLOW_GLN = glnFrom("579000012003");

const location = (gln: string, sor: string, url: string): LocationConfig => ({
  gln,
  sor,
  name: `Lægerne ${sor.slice(-2)}`,
  kind: "gp",
  municipality: "Testrup",
  formats: ["application/fhir+json"],
  delivery: { adapter: "webhook", url, secret: SECRET },
});

const logLines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString().split("\n").filter(Boolean)) logLines.push(JSON.parse(line) as never);
    done();
  },
});

let down: SwitchableReceiver;
let up: SwitchableReceiver;
let slow: SwitchableReceiver;
let gateway: TestGateway;
const clock = offsetClock();

beforeAll(async () => {
  down = await startSwitchableReceiver();
  up = await startSwitchableReceiver();
  slow = await startSwitchableReceiver();
  gateway = await startTestGateway({
    log: createLogger("info", sink),
    config: demoConfig(
      {
        locations: [
          location(DOWN_GLN, "100000000000021", down.url),
          location(UP_GLN, "100000000000022", up.url),
          location(SLOW_GLN, "100000000000023", slow.url),
        ],
      },
      // Marked down after 3 failures in a row, probed after a minute, then every two (on the gateway's clock).
      { deliveryAttempts: 3, breakerFailures: 3, breakerOpenMinutes: 1, breakerMaxOpenMinutes: 2 },
    ),
    clock,
  });
});
afterAll(async () => {
  await gateway.stop();
  await down.close();
  await up.close();
  await slow.close();
});

async function send(receiverGln: string): Promise<string> {
  const json = { ...(JSON.parse(readFixture("compose/new-ppr-to-gp.json")) as object), receiver: receiverGln };
  const response = await gateway.request("POST", "/v1/messages", { key: KEYS.ppr, json });
  expect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

type Locations = {
  items: {
    gln: string;
    breaker?: { state: string; nextProbeAt?: string; waiting: number };
    backlog?: { waiting: number };
  }[];
};

async function downLocation(): Promise<Locations["items"][number] | undefined> {
  const listed = (await (await gateway.request("GET", "/v1/admin/locations", { key: KEYS.admin })).json()) as Locations;
  return listed.items.find((l) => l.gln === DOWN_GLN);
}

/**
 * The gateway's clock reaches the down location's next probe (the time the admin view shows), and the parked letters
 * run at once: the oldest waiting letter is tried. Resolves when the receiver has answered it; while it is still down,
 * when the failed probe has opened the breaker again.
 */
async function probeDownLocation(): Promise<void> {
  const nextProbeAt = await eventually(
    async () => {
      const breaker = (await downLocation())?.breaker;
      return breaker?.state === "open" ? breaker.nextProbeAt : undefined;
    },
    5_000,
    "the down location's breaker open",
  );
  const tried = down.refused + down.taken.length;
  // Just past the probe time, within the grace the oldest letter has to be the probe (queue/breaker-wiring.ts).
  await advanceClock(gateway, clock, Math.max(0, Date.parse(nextProbeAt) - clock.ms()) + 1);
  await promoteDeliveries(gateway);
  await eventually(
    () => Promise.resolve(down.refused + down.taken.length > tried ? true : undefined),
    5_000,
    "the probe to reach the receiver",
  );
  if (down.down)
    await eventually(
      async () => ((await downLocation())?.breaker?.state === "open" ? true : undefined),
      5_000,
      "the failed probe to open the breaker again",
    );
}

describe("a receiver that is down for a while", () => {
  it("holds its letters without failing them, keeps the others flowing, then delivers the backlog in order", async () => {
    down.down = true;
    const toDown: string[] = [];
    const upLatencies: number[] = [];
    // Letters to both receivers, 16 rounds, while one of them answers 500 to everything; every fourth round the
    // gateway's clock reaches the down location's next probe (a minute, then two minutes on), which fails.
    for (let round = 1; round <= 16; round++) {
      toDown.push(await send(DOWN_GLN));
      const sentAt = Date.now();
      const id = await send(UP_GLN);
      await waitForStatus(gateway, id, ["delivered"], KEYS.admin);
      upLatencies.push(Date.now() - sentAt);
      if (round % 4 === 0) await probeDownLocation();
    }
    // Marked down as soon as it failed 3 times in a row, told once in the log, and shown to administrators.
    const downLines = logLines.filter((l) => l.msg === "location down");
    expect(downLines).toHaveLength(1);
    expect(downLines[0]).toMatchObject({ receiver: DOWN_GLN });
    const shown = await eventually(
      async () => {
        const entry = await downLocation();
        return entry?.breaker?.waiting === toDown.length ? entry : undefined;
      },
      5_000,
      "every letter to the down location waiting in its line",
    );
    expect(shown.breaker?.state).toMatch(/^(open|half-open)$/);
    expect(shown.backlog?.waiting).toBe(toDown.length);
    const metrics = await (
      await gateway.request("GET", "/metrics", { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    expect(metrics).toContain(`medcom_location_down{receiver="${DOWN_GLN}"} 1`);
    expect(metrics).toContain(`medcom_location_down{receiver="${UP_GLN}"} 0`);
    expect(metrics).toContain(`medcom_location_waiting{receiver="${DOWN_GLN}"} ${toDown.length}`);
    expect(toDown.length).toBeGreaterThan(10);
    // The others were not held up by it.
    expect(Math.max(...upLatencies)).toBeLessThan(2_000);
    // The down receiver was tried far fewer times than letters × retry budget: probes, not retries.
    expect(down.refused).toBeLessThan(toDown.length + 10);
    expect(down.taken).toEqual([]);

    down.down = false;
    // The next probe is answered: the backlog flows, oldest first, with no further move of the clock.
    await probeDownLocation();
    const attempts: number[] = [];
    for (const id of toDown) {
      const record = await waitForStatus(gateway, id, ["delivered", "failed"], KEYS.admin);
      expect(record.status).toBe("delivered");
      attempts.push(record.deliveryAttempts);
    }
    // The probe letter was tried more often than the retry budget allows and still delivered: waiting and probing
    // do not spend the budget. Most letters were never tried while the location was down.
    expect(Math.max(...attempts)).toBeGreaterThan(3);
    expect(attempts.filter((n) => n === 1).length).toBeGreaterThan(toDown.length / 2);
    // In order of acceptance, each once.
    expect(down.taken).toEqual(toDown);
    const after = (await (await gateway.request("GET", "/v1/admin/locations", { key: KEYS.admin })).json()) as {
      items: { gln: string; breaker?: { state: string } }[];
    };
    expect(after.items.find((l) => l.gln === DOWN_GLN)?.breaker?.state).toBe("closed");
    expect(logLines.some((l) => l.receiver === DOWN_GLN && String(l.msg).startsWith("location up"))).toBe(true);
  }, 60_000);

  it("a slow receiver takes only its share of the worker: letters to others are not held up behind it", async () => {
    slow.delayMs = 1_000;
    // 32 letters to a receiver that takes a second each: without a per-location limit they would hold all 16 slots.
    const toSlow = await Promise.all(Array.from({ length: 32 }, () => send(SLOW_GLN)));
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const sentAt = Date.now();
      await waitForStatus(gateway, await send(UP_GLN), ["delivered"], KEYS.admin);
      latencies.push(Date.now() - sentAt);
    }
    expect(Math.max(...latencies)).toBeLessThan(700);
    for (const id of toSlow)
      expect((await waitForStatus(gateway, id, ["delivered", "failed"])).status).toBe("delivered");
  }, 60_000);
});
