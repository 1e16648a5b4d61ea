// The transactional outbox: a message stored but never handed to the queue (the API process died in between) is
// picked up by a worker's dispatcher and delivered. Retention trims the indexes once records have expired.
import { describe, expect, it } from "vitest";
import { sweepRetention } from "../../../src/background/retention-sweeper.js";
import { writeFhirJson } from "../../../src/medcom/fhir/index.js";
import { describeMessage } from "../../../src/medcom/readers/index.js";
import { createSealer } from "../../../src/crypto/keyring.js";
import { silentLogger } from "../../../src/log.js";
import { createAuditLog } from "../../../src/store/audit-log.js";
import { createMailboxStore } from "../../../src/store/mailbox-store.js";
import { createMessageStore } from "../../../src/store/message-store.js";
import { createOutboxParking } from "../../../src/store/outbox-parking.js";
import { build, composeFixture, sequentialIds } from "../../support/build.js";
import { GLN, METRICS_TOKEN, rawRedis, gatewayForFile, waitForStatus } from "../../support/gateway.js";
import { acceptInput } from "../../support/store.js";

const gateway = gatewayForFile();
const redis = () => rawRedis(gateway.redisUrl);

describe("outbox", () => {
  it("delivers a message that was stored but never handed to the queue", async () => {
    const client = redis();
    const store = createMessageStore(client, gateway.prefix, createSealer(gateway.keyringPath));
    const bundle = build(composeFixture("new-ppr-to-gp.json"), undefined, sequentialIds(7000));
    const summary = describeMessage(bundle);
    const accepted = await store.accept(
      acceptInput({ id: summary.id, bundleId: summary.bundleId }, writeFhirJson(bundle)),
    );
    expect(accepted.outcome).toBe("accepted");
    const record = await waitForStatus(gateway, summary.id, ["delivered"]);
    expect(record.events.map((e) => e.type)).toEqual(["accepted", "queued", "delivery-attempt", "delivered"]);
    client.disconnect();
  });
});

describe("a poisoned outbox (issue 11, point 10)", () => {
  it("parks entries it cannot hand over, with their reason, and delivers the messages behind them", async () => {
    const client = redis();
    const store = createMessageStore(client, gateway.prefix, createSealer(gateway.keyringPath));
    const outbox = store.keys.status("accepted");
    const missing = "00000000-0000-4000-8000-00000000dead";
    const unreadable = "00000000-0000-4000-8000-00000000beef";
    // What a hostile Redis writer (or an older gateway's unchecked id) leaves at the head of the outbox.
    await client.set(store.keys.record(unreadable), "not a hash");
    await client.zadd(outbox, "1", "poison:id/../x", "2", missing, "3", unreadable);
    const ids = [7100, 7200].map((n) =>
      describeMessage(build(composeFixture("new-ppr-to-gp.json"), undefined, sequentialIds(n))),
    );
    for (const [i, n] of [7100, 7200].entries()) {
      const bundle = build(composeFixture("new-ppr-to-gp.json"), undefined, sequentialIds(n));
      await store.accept(
        acceptInput({ id: ids[i]?.id ?? "", bundleId: ids[i]?.bundleId ?? "" }, writeFhirJson(bundle)),
      );
    }
    for (const summary of ids) await waitForStatus(gateway, summary.id, ["delivered"]);

    const parked = await client.hgetall(store.keys.outboxParked);
    expect(Object.fromEntries(Object.entries(parked).map(([id, v]) => [id, v.split(" ")[0]]))).toEqual({
      "poison:id/../x": "id-malformed",
      [missing]: "record-missing",
      [unreadable]: "record-unreadable",
    });
    expect(await client.zrange(outbox, "0", "-1")).toEqual([]);
    const metrics = await (await gateway.request("GET", "/metrics", { key: METRICS_TOKEN })).text();
    expect(metrics).toContain('medcom_outbox_parked{reason="id-malformed"} 1');
    expect(metrics).toContain('medcom_outbox_parked{reason="record-missing"} 1');
    expect(metrics).toContain('medcom_outbox_parked{reason="enqueue-refused"} 0');
    client.disconnect();
  });
});

describe("status changes", () => {
  it("refuses a change the state machine does not allow, before touching Redis", async () => {
    const client = redis();
    const store = createMessageStore(client, gateway.prefix, createSealer(gateway.keyringPath));
    const event = { at: new Date().toISOString(), type: "queued" as const };
    await expect(store.transition("any", "acknowledged", "queued", event)).rejects.toThrow(
      "acknowledged may not become queued",
    );
    await expect(store.transition("any", ["delivered", "rejected"], "accepted", event)).rejects.toThrow(
      "rejected may not become accepted",
    );
    client.disconnect();
  });
});

describe("retention", () => {
  it("removes index and mailbox entries older than retentionDays, and keeps newer ones", async () => {
    const client = redis();
    const store = createMessageStore(client, gateway.prefix, createSealer(gateway.keyringPath));
    const mailboxes = createMailboxStore(client, gateway.prefix);
    const counts = await store.countByStatus();
    expect(counts.delivered).toBeGreaterThan(0);
    const auditLog = createAuditLog(client, gateway.prefix, createSealer(gateway.keyringPath).auditKey);
    expect((await auditLog.list(1)).length).toBe(1);
    const parking = createOutboxParking(client, store.keys);
    const deps = { store, mailboxes, auditLog, parking, glns: [GLN.gp], retentionDays: 30, log: silentLogger() };
    expect(await sweepRetention({ ...deps, now: () => new Date() })).toBe(0);
    const later = new Date(Date.now() + 31 * 24 * 3600 * 1000);
    expect(await sweepRetention({ ...deps, now: () => later })).toBeGreaterThan(0);
    expect((await store.countByStatus()).delivered).toBe(0);
    expect((await mailboxes.list(GLN.gp, { onlyNew: false, limit: 10 })).ids).toEqual([]);
    expect(await auditLog.list(10)).toEqual([]);
    // The entries the poisoned-outbox test parked are forgotten with the retention period.
    expect(await parking.list(10)).toEqual([]);
    client.disconnect();
  });
});
