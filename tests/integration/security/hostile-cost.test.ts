// Issue 11, point 4, at the HTTP level: a hostile 1 MB XML body costs the gateway about what a plain 1 MB body costs,
// and /healthz keeps answering while it is read. The gateway runs in this process, so a request that held the event
// loop would hold the /healthz polls too. Ratios only, no absolute times: the slowest /healthz answer during a
// hostile body is compared with the time a plain body of the same size takes (before the fix, 4 KB held /healthz for
// 10 s and 1 MB never finished).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { KEYS, startTestGateway, type TestGateway } from "../../support/gateway.js";

const MB = 1024 * 1024;
const FHIR = '<Bundle xmlns="http://hl7.org/fhir">';
const MAX_RATIO = 25;

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(async () => {
  await gateway.stop();
});

const post = (body: string) =>
  gateway.request("POST", "/v1/messages", { key: KEYS.ppr, body, contentType: "application/fhir+xml" });

/** Wall time of a POST, and the slowest /healthz answer while it was in flight. */
async function measure(body: string): Promise<{ total: number; slowestHealth: number; healthStatuses: number[] }> {
  const started = performance.now();
  let done = false;
  const posted = post(body).then(async (r) => {
    await r.arrayBuffer();
    done = true;
    return r.status;
  });
  let slowestHealth = 0;
  const healthStatuses: number[] = [];
  while (!done) {
    const asked = performance.now();
    const health = await gateway.request("GET", "/healthz");
    await health.arrayBuffer();
    healthStatuses.push(health.status);
    slowestHealth = Math.max(slowestHealth, performance.now() - asked);
  }
  const status = await posted;
  expect(status).toBeGreaterThanOrEqual(400);
  expect(status).toBeLessThan(500);
  return { total: performance.now() - started, slowestHealth, healthStatuses };
}

const PLAIN = `${FHIR}<x>${"b".repeat(MB)}</x></Bundle>`;

const HOSTILE: [string, string][] = [
  ["unclosed tags", "<a".repeat(MB / 2)],
  ["'<' inside an attribute value", `${FHIR}<id value='${"<a".repeat(MB / 2)}`],
  ["unclosed comment openers", `${FHIR}${"<!--".repeat(MB / 4)}`],
  ["unclosed end tags", `${FHIR}${"</b".repeat(MB / 3)}`],
  ["unclosed tags with quotes", `${FHIR}${'<b "'.repeat(MB / 4)}`],
];

describe("a hostile 1 MB body does not hold /healthz (issue 11, point 4)", () => {
  test.each(HOSTILE)("%s", async (_name, body) => {
    let ratio = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 3 && ratio >= MAX_RATIO; attempt++) {
      const plain = Math.min((await measure(PLAIN)).total, (await measure(PLAIN)).total);
      const hostile = await measure(body);
      expect(hostile.healthStatuses.every((s) => s === 200)).toBe(true);
      ratio = Math.max(hostile.total, hostile.slowestHealth) / plain;
    }
    expect(ratio, "hostile body time / plain body time").toBeLessThan(MAX_RATIO);
  });
});
