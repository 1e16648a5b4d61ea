// No acknowledgement within policy.ackTimeoutMinutes → technical resends (new Bundle.id, same MessageHeader.id) up to
// policy.maxResends, then failed with "no acknowledgement". The deadlines live in Redis: a worker stopped and started
// again inside the deadline window still resends on time.
import { afterAll, describe, expect, it } from "vitest";
import { readBundle } from "../../support/messages.js";
import {
  demoConfig,
  eventually,
  GLN,
  KEYS,
  newTestKeyring,
  startTestGateway,
  submitLetter,
  uniquePrefix,
  waitForStatus,
  type TestGateway,
} from "../../support/gateway.js";

const running: TestGateway[] = [];
afterAll(async () => {
  for (const g of running) await g.stop();
});

const keyringPath = newTestKeyring();

async function gateway(ackTimeoutMinutes: number, prefix = uniquePrefix()) {
  const g = await startTestGateway({
    prefix,
    keyringPath,
    config: demoConfig({}, { ackTimeoutMinutes, maxResends: 2 }),
  });
  running.push(g);
  return g;
}

describe("no acknowledgement", () => {
  it("resends twice with new Bundle.ids and the same MessageHeader.id, then fails with the reason", async () => {
    const g = await gateway(0.02); // 1.2 s
    const { id } = await submitLetter(g);
    const first = await waitForStatus(g, id, ["queued", "delivered"], KEYS.ppr);
    const failed = await waitForStatus(g, id, ["failed"], KEYS.ppr, 30_000);
    expect(failed.failureReason).toBe("no acknowledgement after 2 resends");
    expect(failed.resends).toBe(2);

    const resends = failed.events.filter((e) => e.type === "resend").map((e) => e.detail);
    expect(resends).toEqual([
      expect.objectContaining({ resend: 1, reason: "no acknowledgement" }),
      expect.objectContaining({ resend: 2, reason: "no acknowledgement" }),
    ]);
    const bundleIds = [first.bundleId, ...resends.map((d) => d?.bundleId)];
    expect(new Set(bundleIds).size).toBe(3);
    expect(failed.events.filter((e) => e.type === "delivered")).toHaveLength(3);

    const content = await g.request("GET", `/v1/messages/${id}/content`, { key: KEYS.ppr });
    const last = readBundle(await content.text(), "xml");
    expect(last.id).toBe(bundleIds[2]);
    expect(last.entry?.[0]?.resource?.id).toBe(id);
    // The receiver's mailbox holds the message once, however often it was sent.
    const mailbox = await g.request("GET", `/v1/mailboxes/${GLN.gp}/messages?status=all&limit=500`, { key: KEYS.gp });
    const items = ((await mailbox.json()) as { items: { id: string }[] }).items;
    expect(items.filter((i) => i.id === id)).toHaveLength(1);
  });

  it("resends on time after the worker was stopped and another started inside the deadline window", async () => {
    const prefix = uniquePrefix();
    const first = await gateway(0.05, prefix); // 3 s
    const { id } = await submitLetter(first);
    const delivered = await waitForStatus(first, id, ["delivered"], KEYS.ppr);
    await first.stop();
    running.splice(running.indexOf(first), 1);
    await new Promise((r) => setTimeout(r, 1000));

    const second = await gateway(0.05, prefix);
    const resent = await eventually(async () => {
      const record = await waitForStatus(second, id, ["delivered", "queued", "accepted"], KEYS.ppr);
      return record.resends >= 1 ? record : undefined;
    }, 20_000);
    const deliveredAt = Date.parse(delivered.events.find((e) => e.type === "delivered")?.at ?? "");
    const resendAt = Date.parse(resent.events.find((e) => e.type === "resend")?.at ?? "");
    expect(resendAt - deliveredAt).toBeGreaterThanOrEqual(2900);
    expect(resendAt - deliveredAt).toBeLessThan(8000);
  });
});
