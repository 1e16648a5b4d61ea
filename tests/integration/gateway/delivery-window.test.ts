// Issue 12, point 4: the delivery window is measured in time, not attempts. Letters to a receiver that never answers
// wait without spending their retry budget, and fail with the reason only when the window (here an hour) is over —
// an hour on the gateway's clock, which the test moves on (no fractional-hour policy, no real wait).
import { afterAll, beforeAll, expect, it } from "vitest";
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
import { startWebhookReceiver, webhookLocation, type WebhookReceiver } from "../../support/receivers.js";

const DEAD_GLN = glnFrom("579000012101");
let receiver: WebhookReceiver;
let gateway: TestGateway;
const clock = offsetClock();
const HOUR_MS = 3_600_000;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  receiver.always(503);
  gateway = await startTestGateway({
    config: demoConfig(
      { locations: [webhookLocation(DEAD_GLN, "100000000000031", receiver.url, ["application/fhir+json"])] },
      {
        deliveryAttempts: 2,
        breakerFailures: 2,
        breakerOpenMinutes: 1,
        breakerMaxOpenMinutes: 2,
        deliveryWindowHours: 1,
      },
    ),
    clock,
  });
});
afterAll(async () => {
  await gateway.stop();
  await receiver.close();
});

it("fails a letter only when its delivery window is over, with the reason, not when the retry budget is spent", async () => {
  const json = { ...(JSON.parse(readFixture("compose/new-ppr-to-gp.json")) as object), receiver: DEAD_GLN };
  const ids = await Promise.all(
    [1, 2, 3].map(async () => {
      const response = await gateway.request("POST", "/v1/messages", { key: KEYS.ppr, json });
      expect(response.status).toBe(202);
      return ((await response.json()) as { id: string }).id;
    }),
  );
  // The budget of 2 attempts is spent (the location is marked down after them), and still no letter has failed.
  await eventually(
    async () => {
      const metrics = await gateway.request("GET", "/metrics", { key: METRICS_TOKEN }).then((r) => r.text());
      return metrics.includes(`medcom_location_waiting{receiver="${DEAD_GLN}"} 3`) ? true : undefined;
    },
    15_000,
    "all three letters waiting for the location",
  );
  expect(receiver.calls.length).toBeGreaterThanOrEqual(2);
  for (const id of ids) expect((await waitForStatus(gateway, id, ["queued"], KEYS.admin)).status).toBe("queued");
  await promoteDeliveries(gateway); // run early on the clock as it is: the window is not over, they wait again
  for (const id of ids) expect((await waitForStatus(gateway, id, ["queued"], KEYS.admin)).status).toBe("queued");
  // Past the window on the gateway's clock: each parked letter, run again, fails with the reason.
  await advanceClock(gateway, clock, HOUR_MS);
  for (const id of ids) {
    const record = await eventually(async () => {
      await promoteDeliveries(gateway);
      const r = await waitForStatus(gateway, id, ["failed", "delivered", "queued"], KEYS.admin);
      return r.status === "queued" ? undefined : r;
    });
    expect(record.status).toBe("failed");
    expect(record.failureReason).toMatch(/^not delivered within the delivery window \(1 h after acceptance\)/);
  }
}, 30_000);
