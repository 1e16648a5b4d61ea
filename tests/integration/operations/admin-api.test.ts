// /v1/admin: the overview (counts, backlog per receiver, overdue acknowledgements, the day's failures), the message
// search with its pages, and the administrator's retry and resend — on a real gateway and Redis.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Overview } from "../../../src/usecases/admin/overview.js";
import type { MessagePage } from "../../../src/usecases/admin/search.js";
import { readBundle } from "../../support/messages.js";
import { offsetClock } from "../../support/clock.js";
import { advanceClock } from "../../support/clock-travel.js";
import { recordFailedDeadline } from "../../support/failed-deadline.js";
import {
  acknowledge,
  demoConfig,
  glnFrom,
  GLN,
  KEYS,
  METRICS_TOKEN,
  startTestGateway,
  submitLetter,
  uniquePrefix,
  waitForStatus,
  type TestGateway,
} from "../../support/gateway.js";
import { startWebhookReceiver, webhookLocation, type WebhookReceiver } from "../../support/receivers.js";

const WEBHOOK_GLN = glnFrom("579000030001");

let receiver: WebhookReceiver;
let gateway: TestGateway;
// The shipped 30 minutes to acknowledge: a letter becomes overdue when the test moves the gateway's clock on.
const clock = offsetClock();
const ACK_TIMEOUT_MS = 30 * 60_000;
const running: TestGateway[] = [];

async function admin<T>(g: TestGateway, method: string, path: string): Promise<{ status: number; body: T }> {
  const response = await g.request(method, path, { key: KEYS.admin });
  return { status: response.status, body: (await response.json()) as T };
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  receiver.always(503);
  gateway = await startTestGateway({
    config: demoConfig(
      { locations: [webhookLocation(WEBHOOK_GLN, "100000000000031", receiver.url, ["application/fhir+json"])] },
      { deliveryAttempts: 2 },
    ),
    clock,
  });
  running.push(gateway);
});
afterAll(async () => {
  for (const g of running) await g.stop();
  await receiver.close();
});

describe("overview", () => {
  it("shows the backlog per receiver with its oldest message while nothing delivers", async () => {
    // An API process alone: messages are stored and queued, but no worker delivers them.
    const api = await startTestGateway({ role: "api", prefix: uniquePrefix() });
    running.push(api);
    const toGp = [await submitLetter(api), await submitLetter(api), await submitLetter(api)];
    await submitLetter(api, KEYS.ppr, { receiver: GLN.bup });
    const { status, body } = await admin<Overview>(api, "GET", "/v1/admin/overview");
    expect(status).toBe(200);
    expect(body.counts.accepted + body.counts.queued).toBe(4);
    expect(body.backlog.map((b) => [b.receiver.gln, b.waiting])).toEqual(
      expect.arrayContaining([
        [GLN.gp, 3],
        [GLN.bup, 1],
      ]),
    );
    expect(body.backlog.find((b) => b.receiver.gln === GLN.gp)?.oldest.id).toBe(toGp[0]?.id);
    expect(body.failures.count).toBe(0);
    expect(body.ackDeadlines).toEqual({ scheduled: 0, claimed: 0, failed: 0, recentFailures: [] });
  });

  it("lists acknowledgement deadlines that failed after every attempt, newest first, with their error", async () => {
    // An API process alone runs no sweep: the deadlines here are run by the test, through their own API.
    const api = await startTestGateway({ role: "api", prefix: uniquePrefix() });
    running.push(api);
    const first = { messageId: randomUUID(), send: 0, reason: "no-acknowledgement" as const };
    const second = { messageId: randomUUID(), send: 2, reason: "transient-error" as const };
    const firstAt = await recordFailedDeadline(api.redisUrl, api.prefix, first, "store unreadable");
    const secondAt = await recordFailedDeadline(api.redisUrl, api.prefix, second, "record vanished");
    const { status, body } = await admin<Overview>(api, "GET", "/v1/admin/overview");
    expect(status).toBe(200);
    expect(body.ackDeadlines).toEqual({
      scheduled: 0,
      claimed: 0,
      failed: 2,
      recentFailures: [
        {
          id: second.messageId,
          send: 2,
          reason: "transient-error",
          at: new Date(secondAt).toISOString(),
          error: "record vanished",
        },
        {
          id: first.messageId,
          send: 0,
          reason: "no-acknowledgement",
          at: new Date(firstAt).toISOString(),
          error: "store unreadable",
        },
      ],
    });
  });

  it("counts a letter as overdue until it is acknowledged; delivered acknowledgements never count", async () => {
    const { id } = await submitLetter(gateway);
    await waitForStatus(gateway, id, ["delivered"]);
    // Past the timeout on the gateway's clock: the letter is overdue (and its deadline resends it meanwhile).
    await advanceClock(gateway, clock, ACK_TIMEOUT_MS + 60_000);
    const { body: overdue } = await admin<Overview>(gateway, "GET", "/v1/admin/overview");
    expect(overdue.overdueAcknowledgements).toBe(1);
    expect(
      (await gateway.request("GET", "/metrics", { key: METRICS_TOKEN }).then((r) => r.text())).match(
        /medcom_acknowledgements_overdue (\d+)/,
      )?.[1],
    ).toBe("1");
    await waitForStatus(gateway, id, ["delivered"]);
    const ack = await acknowledge(gateway, KEYS.gp, GLN.gp, id, { code: "ok" });
    expect(ack.status).toBe(202);
    await waitForStatus(gateway, id, ["acknowledged"]);
    // The acknowledgement itself is delivered and, a timeout later, still not overdue.
    await waitForStatus(gateway, String(ack.body.id), ["delivered"]);
    await advanceClock(gateway, clock, ACK_TIMEOUT_MS + 60_000);
    const { body } = await admin<Overview>(gateway, "GET", "/v1/admin/overview");
    expect(body.overdueAcknowledgements).toBe(0);
  });

  it("lists the day's failures with their reasons", async () => {
    const { id } = await submitLetter(gateway, KEYS.ppr, { receiver: WEBHOOK_GLN });
    await waitForStatus(gateway, id, ["failed"]);
    const { body } = await admin<Overview>(gateway, "GET", "/v1/admin/overview");
    expect(body.failures.recent.map((f) => f.id)).toContain(id);
    expect(body.failures.reasons.map((r) => r.reason)).toContain(
      "gave up after 2 attempts: receiver answered HTTP 503",
    );
  });
});

describe("message search", () => {
  it("filters by status, receiver, sender and kind, newest first", async () => {
    const { body: failed } = await admin<MessagePage>(gateway, "GET", `/v1/admin/messages?status=failed`);
    expect(failed.items.length).toBeGreaterThan(0);
    expect(failed.items.every((m) => m.status === "failed" && m.receiver.gln === WEBHOOK_GLN)).toBe(true);
    const { body: acks } = await admin<MessagePage>(gateway, "GET", `/v1/admin/messages?kind=acknowledgement`);
    expect(acks.items.every((m) => m.kind === "acknowledgement" && m.sender.gln === GLN.gp)).toBe(true);
    const { body: fromGp } = await admin<MessagePage>(gateway, "GET", `/v1/admin/messages?sender=${GLN.gp}`);
    expect(fromGp.items.map((m) => m.id)).toEqual(acks.items.map((m) => m.id));
    const { body: all } = await admin<MessagePage>(gateway, "GET", `/v1/admin/messages`);
    const created = all.items.map((m) => m.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    // Lists carry no topic, text or patient: only the record's plain fields.
    expect(JSON.stringify(all)).not.toMatch(/2509479989|Elmer|Skolevægring|topic/);
  });

  it("pages through everything with the cursor, each message once", async () => {
    const g = await startTestGateway({ role: "api", prefix: uniquePrefix() });
    running.push(g);
    const ids = new Set<string>();
    for (let i = 0; i < 7; i++) ids.add((await submitLetter(g)).id);
    const seen: string[] = [];
    let path = "/v1/admin/messages?limit=3";
    for (;;) {
      const { body } = await admin<MessagePage>(g, "GET", path);
      seen.push(...body.items.map((m) => m.id));
      if (!body.next) break;
      path = `/v1/admin/messages?limit=3&cursor=${encodeURIComponent(body.next)}`;
    }
    expect(seen.length).toBe(7);
    expect(new Set(seen)).toEqual(ids);
    const { body: none } = await admin<MessagePage>(g, "GET", `/v1/admin/messages?to=2000-01-01`);
    expect(none.items).toEqual([]);
  });

  it("says what is wrong with a query, each problem at its parameter", async () => {
    const { status, body } = await admin<{ issues: { path: string; code: string }[] }>(
      gateway,
      "GET",
      "/v1/admin/messages?status=lost&sender=123&from=yesterday&limit=0&colour=blue",
    );
    expect(status).toBe(400);
    expect(body.issues.map((i) => `${i.path} ${i.code}`).sort()).toEqual(
      ["colour unknown-key", "from date", "limit range", "sender gln", "status value"].sort(),
    );
  });
});

describe("retry and resend", () => {
  it("retries a failed message once its receiver is back: a technical resend, audited", async () => {
    const { id } = await submitLetter(gateway, KEYS.ppr, { receiver: WEBHOOK_GLN });
    const failed = await waitForStatus(gateway, id, ["failed"]);
    receiver.always(200);
    const calls = receiver.calls.length;
    const { status, body } = await admin<{ status: string; resends: number; bundleId: string }>(
      gateway,
      "POST",
      `/v1/admin/messages/${id}/retry`,
    );
    expect(status).toBe(202);
    expect(body.resends).toBe(1);
    expect(body.bundleId).not.toBe(failed.bundleId);
    const record = await waitForStatus(gateway, id, ["delivered"]);
    expect(record.failureReason).toBeUndefined();
    expect(record.events.find((e) => e.type === "resend")?.detail).toMatchObject({ by: "ops", resend: 1 });
    const delivered = receiver.calls.slice(calls).at(-1);
    expect(delivered?.headers["idempotency-key"]).toBe(id);
    expect(readBundle(delivered?.body ?? "", "json").id).toBe(body.bundleId);
    const audit = await admin<{ items: { entry: { action: string; messageId?: string; client: string } }[] }>(
      gateway,
      "GET",
      "/v1/admin/audit?limit=50",
    );
    expect(audit.body.items.map((i) => i.entry)).toContainEqual(
      expect.objectContaining({ action: "admin-retry", messageId: id, client: "ops" }),
    );
    receiver.always(503);
  });

  it("refuses what the status does not allow, naming the status", async () => {
    const { id } = await submitLetter(gateway);
    await waitForStatus(gateway, id, ["delivered"]);
    const retry = await admin<{ issues: { code: string; message: string }[] }>(
      gateway,
      "POST",
      `/v1/admin/messages/${id}/retry`,
    );
    expect(retry.status).toBe(409);
    expect(retry.body.issues[0]?.code).toBe("not-failed");
    expect(retry.body.issues[0]?.message).toContain("delivered");
    expect((await admin(gateway, "POST", "/v1/admin/messages/00000000-0000-4000-8000-00000000dead/retry")).status).toBe(
      404,
    );
    // Not a message id at all: a malformed request (issue 11, point 1), not an unknown message.
    expect((await admin(gateway, "POST", "/v1/admin/messages/no-such-message/retry")).status).toBe(400);
    const ack = await acknowledge(gateway, KEYS.gp, GLN.gp, id, { code: "ok" });
    const ackRecord = await waitForStatus(gateway, String(ack.body.id), ["delivered"]);
    const resendAck = await admin<{ issues: { code: string }[] }>(
      gateway,
      "POST",
      `/v1/admin/messages/${ackRecord.id}/resend`,
    );
    expect(resendAck.status).toBe(409);
    expect(resendAck.body.issues[0]?.code).toBe("acknowledgement-not-acknowledged");
  });
});
