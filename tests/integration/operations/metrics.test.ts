// /metrics: Prometheus text with HTTP, queue, delivery, acknowledgement, duplicate and resend figures, and no message
// ids or patient data among the labels.
import { describe, expect, it } from "vitest";
import { technicalResend } from "../../../src/medcom/builders/index.js";
import { writeFhirXml } from "../../../src/medcom/fhir/index.js";
import { build, composeFixture, sequentialIds } from "../../support/build.js";
import {
  acknowledge,
  GLN,
  KEYS,
  METRICS_TOKEN,
  gatewayForFile,
  startTestGateway,
  submitLetter,
  waitForStatus,
} from "../../support/gateway.js";

const gateway = gatewayForFile();

describe("/metrics", () => {
  it("reports the gateway's figures without ids or patient data", async () => {
    const { id } = await submitLetter(gateway);
    await waitForStatus(gateway, id, ["delivered"]);
    await acknowledge(gateway, KEYS.gp, GLN.gp, id, { code: "ok" });
    const bundle = build(composeFixture("new-ppr-to-gp.json"), undefined, sequentialIds(6100));
    // A duplicate is a technical resend (new Bundle.id, same MessageHeader.id); the same Bundle again is the client's
    // retry of its request and is not counted (issue 12, point 1).
    const resend = technicalResend(bundle, { newId: sequentialIds(6200), now: "2026-11-22T10:40:00+01:00" });
    for (const b of [bundle, bundle, resend])
      await gateway.request("POST", "/v1/messages", {
        key: KEYS.ppr,
        body: writeFhirXml(b),
        contentType: "application/fhir+xml",
      });

    const response = await gateway.request("GET", "/metrics", { key: METRICS_TOKEN });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toMatch(/medcom_http_requests_total\{method="POST",route="\/v1\/messages",status="202"\} [1-9]/);
    expect(text).toMatch(
      /medcom_http_request_duration_seconds_bucket\{le="[\d.]+",method="GET",route="\/v1\/messages\/:id"\}/,
    );
    expect(text).toMatch(new RegExp(`medcom_deliveries_total\\{receiver="${GLN.gp}",outcome="delivered"\\} [1-9]`));
    expect(text).toMatch(/medcom_queue_jobs\{queue="delivery",state="waiting"\} \d+/);
    expect(text).toMatch(/medcom_queue_oldest_waiting_seconds\{queue="ack-deadline"\} [\d.]+/);
    // The delivered letter's acknowledgement deadline is scheduled (queue/ack-deadlines.ts); none failed.
    expect(text).toMatch(/medcom_ack_deadlines\{state="scheduled"\} [1-9]/);
    expect(text).toMatch(/medcom_ack_deadlines\{state="failed"\} 0/);
    expect(text).toMatch(/medcom_acknowledgement_latency_seconds_count\{code="ok"\} 1/);
    expect(text).toMatch(/medcom_acknowledgements_overdue \d+/);
    expect(text).toMatch(/medcom_duplicates_total 1/);
    expect(text).toMatch(/# TYPE medcom_resends_total counter/);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    expect(text).not.toContain("2509479989");
  });
});

describe("/metrics access (issue 11, point 16)", () => {
  it("answers only the METRICS_TOKEN bearer token; an API key, a wrong or a missing token get 401", async () => {
    for (const key of [undefined, KEYS.admin, `${METRICS_TOKEN}x`, METRICS_TOKEN.slice(0, -1)]) {
      const response = await gateway.request("GET", "/metrics", key === undefined ? {} : { key });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain("Bearer");
      expect(await response.text()).not.toContain("medcom_");
    }
  });

  it("is not served at all (404) when no METRICS_TOKEN is configured", async () => {
    const plain = await startTestGateway({ env: { metricsToken: undefined } });
    try {
      const response = await plain.request("GET", "/metrics", { key: METRICS_TOKEN });
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain("medcom_");
    } finally {
      await plain.stop();
    }
  });
});

describe("request ids (issue 11, point 16)", () => {
  it("are always the gateway's own; a caller's X-Request-Id is not used as the id", async () => {
    const chosen = "00000000-0000-4000-8000-000000000000";
    const first = await gateway.request("GET", "/healthz", { headers: { "X-Request-Id": chosen } });
    const second = await gateway.request("GET", "/v1/messages/nope", { headers: { "X-Request-Id": chosen } });
    const ids = [first.headers.get("x-request-id"), second.headers.get("x-request-id")];
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids).not.toContain(chosen);
    expect(ids[0]).not.toBe(ids[1]);
    const problem = (await second.json()) as { instance?: string };
    expect(problem.instance).toBe(ids[1]);
  });
});
