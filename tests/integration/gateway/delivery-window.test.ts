// Issue 12, point 4: the delivery window is measured in time, not attempts. Letters to a receiver that never answers
// wait without spending their retry budget, and fail with the reason only when the window (here 3.6 s) is over.
import { afterAll, beforeAll, expect, it } from "vitest";
import { readFixture } from "../../support/shared.js";
import { demoConfig, glnFrom, KEYS, startTestGateway, waitForStatus, type TestGateway } from "../../support/gateway.js";
import { startWebhookReceiver, webhookLocation, type WebhookReceiver } from "../../support/receivers.js";

const DEAD_GLN = glnFrom("579000012101");
let receiver: WebhookReceiver;
let gateway: TestGateway;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  receiver.always(503);
  gateway = await startTestGateway({
    config: demoConfig(
      { locations: [webhookLocation(DEAD_GLN, "100000000000031", receiver.url, ["application/fhir+json"])] },
      {
        deliveryAttempts: 2,
        breakerFailures: 2,
        breakerOpenMinutes: 0.005,
        breakerMaxOpenMinutes: 0.01,
        deliveryWindowHours: 0.001,
      },
    ),
  });
});
afterAll(async () => {
  await gateway.stop();
  await receiver.close();
});

it("fails a letter only when its delivery window is over, with the reason, not when the retry budget is spent", async () => {
  const json = { ...(JSON.parse(readFixture("compose/new-ppr-to-gp.json")) as object), receiver: DEAD_GLN };
  const started = Date.now();
  const ids = await Promise.all(
    [1, 2, 3].map(async () => {
      const response = await gateway.request("POST", "/v1/messages", { key: KEYS.ppr, json });
      expect(response.status).toBe(202);
      return ((await response.json()) as { id: string }).id;
    }),
  );
  for (const id of ids) {
    const record = await waitForStatus(gateway, id, ["failed", "delivered"], KEYS.admin, 15_000);
    expect(record.status).toBe("failed");
    expect(record.failureReason).toMatch(/^not delivered within the delivery window \(0\.001 h after acceptance\)/);
  }
  // Not before the window: 3.6 s after acceptance, though the budget of 2 attempts was spent within a second.
  expect(Date.now() - started).toBeGreaterThanOrEqual(3_500);
}, 30_000);
