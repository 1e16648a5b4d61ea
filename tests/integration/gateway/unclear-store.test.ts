// Issue 12, point 1: a 202 follows the durable store and nothing else; an answer the gateway cannot know says so.
// - The audit append fails after the store: still 202, and the entry reaches the keyed chain later, exactly once.
// - The store command's reply is lost (a proxy cuts the connection after Redis ran it): the Redis client's resend
//   finds the message stored by this very request → 202, not a duplicate; when Redis stays away instead → 503
//   "may not have been accepted: retry with the same Idempotency-Key", and the retry → 200 with the same id,
//   audited once, not counted as a duplicate.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { technicalResend } from "../../../src/medcom/builders/index.js";
import { writeFhirXml } from "../../../src/medcom/fhir/index.js";
import { ACCEPT } from "../../../src/store/scripts.js";
import type { StoredAuditEntry } from "../../../src/store/audit-log.js";
import { build, composeFixture, sequentialIds } from "../../support/build.js";
import { readFixture } from "../../support/shared.js";
import {
  acknowledge,
  eventually,
  GLN,
  KEYS,
  METRICS_TOKEN,
  rawRedis,
  startTestGateway,
  submitLetter,
  waitForStatus,
  type TestGateway,
} from "../../support/gateway.js";
import { startRedisServer, type TestRedis } from "../../support/redis.js";
import { startTcpProxy, type TcpProxy } from "../../support/tcp-proxy.js";

let redis: TestRedis;
let proxy: TcpProxy;
let gateway: TestGateway;
beforeAll(async () => {
  redis = await startRedisServer();
  proxy = await startTcpProxy(redis.port);
  gateway = await startTestGateway({ redisUrl: proxy.url });
});
afterAll(async () => {
  await gateway.stop();
  await proxy.close();
  await redis.remove();
});

const FHIR_XML = "application/fhir+xml";
const letter = JSON.parse(readFixture("compose/new-ppr-to-gp.json")) as object;
const submit = (key: string) =>
  gateway.request("POST", "/v1/messages", { key: KEYS.ppr, json: letter, headers: { "Idempotency-Key": key } });

async function auditOf(id: string, action = "submit"): Promise<StoredAuditEntry[]> {
  const raw = rawRedis(redis.url);
  const lines = await raw.lrange(`${gateway.prefix}:audit`, 0, -1);
  raw.disconnect();
  return lines
    .map((line) => JSON.parse(line) as StoredAuditEntry)
    .filter((e) => e.entry.messageId === id && e.entry.action === action);
}

async function duplicatesCounted(): Promise<number> {
  const text = await (await gateway.request("GET", "/metrics", { key: METRICS_TOKEN })).text();
  return Number(/^medcom_duplicates_total (\d+)/m.exec(text)?.[1] ?? "0");
}

async function pendingAudit(): Promise<number> {
  const raw = rawRedis(redis.url);
  const n = await raw.hlen(`${gateway.prefix}:audit:pending`);
  raw.disconnect();
  return n;
}

describe("a stored letter is answered as stored", () => {
  it("answers 202 when the audit append fails after the store; the entry is appended later, once", async () => {
    const warm = await submit("audit-warm");
    expect(warm.status).toBe(202);
    const raw = rawRedis(redis.url);
    const headKey = `${gateway.prefix}:audit:head`;
    await eventually(async () => ((await pendingAudit()) === 0 ? true : undefined));
    const head = await raw.hgetall(headKey);
    // The audit chain's head is unusable (WRONGTYPE): every append fails, the store does not.
    await raw.del(headKey);
    await raw.set(headKey, "broken");
    let answer: Response;
    try {
      answer = await submit("audit-broken");
    } finally {
      await raw.del(headKey);
      await raw.hset(headKey, head);
      raw.disconnect();
    }
    const body = (await answer.json()) as { id: string };
    expect(answer.status).toBe(202);
    expect(await pendingAudit()).toBe(1);
    // The workers' audit drainer appends it; its later passes (and the retry below) never append it again.
    const entries = await eventually(async () => {
      const found = await auditOf(body.id);
      return found.length > 0 ? found : undefined;
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]?.entry).toMatchObject({ action: "submit", detail: "accepted" });
    expect(entries[0]?.entry.cprHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await submit("audit-broken")).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3500));
    expect(await auditOf(body.id)).toHaveLength(1);
    expect(await pendingAudit()).toBe(0);
    const verification = (await (
      await gateway.request("GET", "/v1/admin/audit?verify=full", { key: KEYS.admin })
    ).json()) as { verification: { ok: boolean } };
    expect(verification.verification.ok).toBe(true);
  });

  it("answers 202, not a duplicate, when the store's reply is lost and the client resends the store", async () => {
    expect((await submit("resent-warm")).status).toBe(202);
    const before = await duplicatesCounted();
    const cut = proxy.loseNextReply(ACCEPT.sha);
    const answer = await submit("resent");
    await cut;
    const body = (await answer.json()) as { id: string };
    expect(answer.status).toBe(202);
    expect(await duplicatesCounted()).toBe(before);
    await eventually(async () => ((await auditOf(body.id)).length > 0 ? true : undefined));
    expect(await auditOf(body.id)).toHaveLength(1);
  });

  it("answers 503 'may not have been accepted' when Redis goes away after the store; the retry gets the same id", async () => {
    expect((await submit("away-warm")).status).toBe(202);
    const before = await duplicatesCounted();
    const cut = proxy.loseNextReply(ACCEPT.sha, { refuse: true });
    const answer = await submit("away");
    await cut;
    expect(answer.status).toBe(503);
    const problem = (await answer.json()) as { title: string; issues: { code: string; message: string }[] };
    expect(problem.title).toContain("may not have been accepted: retry with the same Idempotency-Key");
    expect(problem.title).not.toContain("nothing was accepted");
    expect(problem.issues[0]?.code).toBe("store-outcome-unknown");

    await proxy.accept();
    await eventually(async () => ((await gateway.request("GET", "/readyz")).status === 200 ? true : undefined));
    const retry = await submit("away");
    expect(retry.status).toBe(200);
    const { id } = (await retry.json()) as { id: string };
    const record = (await (await gateway.request("GET", `/v1/messages/${id}`, { key: KEYS.admin })).json()) as {
      events: { type: string }[];
    };
    expect(record.events.filter((e) => e.type === "duplicate")).toEqual([]);
    expect(await duplicatesCounted()).toBe(before);
    await eventually(async () => ((await auditOf(id)).length > 0 ? true : undefined));
    expect((await submit("away")).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await auditOf(id)).toHaveLength(1);
  });

  it("answers an acknowledgement whose apply was cut off 503 'may not'; the retry applies it, audited once", async () => {
    const { id } = await submitLetter(gateway);
    await waitForStatus(gateway, id, ["delivered"]);
    // The reply to a step after the acknowledgement's store is lost and Redis stays away a moment.
    const cut = proxy.loseNextReply(":counters:ack-latency", { refuse: true });
    const first = await acknowledge(gateway, KEYS.gp, GLN.gp, id, { code: "ok" });
    await cut;
    expect(first.status).toBe(503);
    expect(String(first.body.title)).toContain("may not have been accepted");

    await proxy.accept();
    await eventually(async () => ((await gateway.request("GET", "/readyz")).status === 200 ? true : undefined));
    const again = await acknowledge(gateway, KEYS.gp, GLN.gp, id, { code: "ok" });
    expect(again.status).toBe(200);
    await waitForStatus(gateway, id, ["acknowledged"]);
    await eventually(async () => ((await auditOf(id, "acknowledge")).length > 0 ? true : undefined));
    await new Promise((r) => setTimeout(r, 3000));
    expect(await auditOf(id, "acknowledge")).toHaveLength(1);
  });

  it("counts and audits a technical resend once, however often the sender retries it", async () => {
    const bundle = build(composeFixture("new-ppr-to-gp.json"), undefined, sequentialIds(7100));
    const resend = technicalResend(bundle, { newId: sequentialIds(7200), now: "2026-11-22T10:40:00+01:00" });
    const post = (b: typeof bundle) =>
      gateway.request("POST", "/v1/messages", { key: KEYS.ppr, body: writeFhirXml(b), contentType: FHIR_XML });
    const first = await post(bundle);
    expect(first.status).toBe(202);
    const { id } = (await first.json()) as { id: string };
    const before = await duplicatesCounted();
    // The same Bundle again is the client's retry (not a duplicate); the resend, sent three times, is one duplicate.
    expect((await post(bundle)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await post(resend)).status).toBe(200);
    expect(await duplicatesCounted()).toBe(before + 1);
    const record = (await (await gateway.request("GET", `/v1/messages/${id}`, { key: KEYS.admin })).json()) as {
      events: { type: string; detail?: { bundleId?: string } }[];
    };
    expect(record.events.filter((e) => e.type === "duplicate")).toEqual([
      expect.objectContaining({ detail: { bundleId: resend.id } }),
    ]);
    await new Promise((r) => setTimeout(r, 3000));
    expect((await auditOf(id)).map((e) => e.entry.detail)).toEqual(["accepted", "duplicate"]);
  });
});
