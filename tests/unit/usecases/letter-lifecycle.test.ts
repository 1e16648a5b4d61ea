// A letter's story through the use cases, on the in-memory ports and a fake clock (issue 14, point 4): submit,
// duplicate submit, delivery, acknowledgement, the acknowledgement deadline's resends and the final failure, and who
// may read what. No Redis, no queue, no real-time wait: the clock moves when the test moves it, by whole minutes of
// the shipped policy (30 minutes' timeout, 3 resends), never by a fractional-minute policy.
import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../src/errors.js";
import { acknowledgeReceived } from "../../../src/usecases/acknowledge/acknowledge-received.js";
import { readContent, readMessage } from "../../../src/usecases/read/read-message.js";
import { submitMessage } from "../../../src/usecases/submit/submit-message.js";
import { memoryGateway, type MemoryGateway } from "../../support/memory-gateway.js";
import { readFixture } from "../../support/shared.js";

const MINUTE = 60_000;
const letter = () => JSON.parse(readFixture("compose/new-ppr-to-gp.json")) as Record<string, unknown>;

async function submitLetter(gateway: MemoryGateway, body: unknown = letter(), idempotencyKey?: string) {
  const caller = gateway.caller("ppr-gribskov");
  return submitMessage(caller, { type: "compose", body, ...(idempotencyKey ? { idempotencyKey } : {}) }, gateway.deps);
}

async function submitAndDeliver(gateway: MemoryGateway) {
  const { body } = await submitLetter(gateway);
  await gateway.deliver(body.id);
  return body.id;
}

const statusOf = async (gateway: MemoryGateway, id: string) => (await gateway.deps.store.get(id))?.status;

describe("submitting a composed letter", () => {
  it("stores it, audits it and hands it to the queue, answering 202", async () => {
    const gateway = memoryGateway();
    const answer = await submitLetter(gateway);
    expect(answer.status).toBe(202);
    const record = await gateway.deps.store.get(answer.body.id);
    expect(record).toMatchObject({
      status: "queued",
      kind: "new",
      sender: { gln: "5790001348120" },
      receiver: { gln: "5790000209354" },
      createdAt: gateway.clock.now().toISOString(),
      submittedBy: "ppr-gribskov",
    });
    expect((await gateway.deps.store.events(answer.body.id)).map((e) => e.type)).toEqual(["accepted", "queued"]);
    const audit = await gateway.deps.auditLog.list(10);
    expect(audit.map((e) => [e.entry.action, e.entry.messageId])).toEqual([["submit", answer.body.id]]);
    expect(audit[0]?.entry.cprHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(audit)).not.toContain("2509479989");
  });

  it("answers the same request again with the first message (200), stored once", async () => {
    const gateway = memoryGateway();
    const first = await submitLetter(gateway, letter(), "key-1");
    gateway.clock.advance(MINUTE);
    const again = await submitLetter(gateway, letter(), "key-1");
    expect(again).toEqual({ ...first, status: 200 });
    expect(await gateway.deps.store.countByStatus()).toMatchObject({ queued: 1, accepted: 0 });
  });

  it("refuses the same idempotency key for a different letter (409)", async () => {
    const gateway = memoryGateway();
    await submitLetter(gateway, letter(), "key-1");
    const other = submitLetter(gateway, { ...letter(), topic: "Noget andet" }, "key-1");
    await expect(other).rejects.toSatisfy((err) => err instanceof GatewayError && err.kind === "conflict");
  });
});

describe("acknowledging a delivered letter", () => {
  it("marks it acknowledged and sends the acknowledgement back to the sender", async () => {
    const gateway = memoryGateway();
    const id = await submitAndDeliver(gateway);
    gateway.clock.advance(5 * MINUTE);
    const gp = gateway.caller("gp-helsinge");
    await acknowledgeReceived(gp, "5790000209354", id, { code: "ok" }, gateway.deps);
    const record = await gateway.deps.store.get(id);
    expect(record).toMatchObject({ status: "acknowledged", ack: { code: "ok" } });
    const acks = await gateway.deps.store.newestFirst("queued", { min: -Infinity, max: Infinity }, 10);
    const ack = await gateway.deps.store.get(acks[0]?.id ?? "");
    expect(ack).toMatchObject({ kind: "acknowledgement", acknowledges: id, receiver: { gln: "5790001348120" } });
    // Answered: the deadline finds nothing to do when its time comes.
    gateway.clock.advance(30 * MINUTE);
    expect(await gateway.runDueDeadlines()).toEqual(["skipped"]);
    expect(await statusOf(gateway, id)).toBe("acknowledged");
  });

  it("lets only the receiving location's system acknowledge", async () => {
    const gateway = memoryGateway();
    const id = await submitAndDeliver(gateway);
    const other = gateway.caller("gp-gilleleje");
    const attempt = acknowledgeReceived(other, "5790000209354", id, { code: "ok" }, gateway.deps);
    await expect(attempt).rejects.toSatisfy((err) => err instanceof GatewayError && err.kind === "forbidden");
    expect(await statusOf(gateway, id)).toBe("delivered");
  });
});

describe("the acknowledgement deadline", () => {
  it("is not due before the timeout: nothing runs, nothing is resent", async () => {
    const gateway = memoryGateway();
    const id = await submitAndDeliver(gateway);
    gateway.clock.advance(29 * MINUTE);
    expect(await gateway.runDueDeadlines()).toEqual([]);
    expect(await statusOf(gateway, id)).toBe("delivered");
  });

  it("resends with a new Bundle.id once the clock passes the timeout, and fails after the last resend", async () => {
    const gateway = memoryGateway();
    const { maxResends } = gateway.config.policy;
    const id = await submitAndDeliver(gateway);
    const bundleIds = [(await gateway.deps.store.get(id))?.bundleId];
    for (let resend = 1; resend <= maxResends; resend += 1) {
      gateway.clock.advance(30 * MINUTE);
      expect(await gateway.runDueDeadlines()).toEqual(["resent"]);
      const record = await gateway.deps.store.get(id);
      expect(record).toMatchObject({ status: "queued", resends: resend });
      bundleIds.push(record?.bundleId);
      await gateway.deliver(id);
    }
    expect(new Set(bundleIds).size).toBe(maxResends + 1);
    gateway.clock.advance(30 * MINUTE);
    expect(await gateway.runDueDeadlines()).toEqual(["failed"]);
    const failed = await gateway.deps.store.get(id);
    expect(failed).toMatchObject({ status: "failed", resends: maxResends });
    expect(failed?.failureReason).toContain(`after ${maxResends} resends`);
    expect((await gateway.deps.counters.read()).resends).toEqual([{ reason: "no-acknowledgement", count: maxResends }]);
  });

  it("sends again a minute after a transient-error acknowledgement, not before; an ok then acknowledges", async () => {
    const gateway = memoryGateway();
    const id = await submitAndDeliver(gateway);
    const gp = gateway.caller("gp-helsinge");
    const issues = [{ code: "MSG_Mailbox_Out_Of_Operation", message: "Journalen er lukket" }];
    await acknowledgeReceived(gp, "5790000209354", id, { code: "transient-error", issues }, gateway.deps);
    gateway.clock.advance(MINUTE - 1);
    expect(await gateway.runDueDeadlines()).toEqual([]);
    gateway.clock.advance(1);
    expect(await gateway.runDueDeadlines()).toEqual(["resent"]);
    expect(await gateway.deps.store.get(id)).toMatchObject({ status: "queued", resends: 1 });
    await gateway.deliver(id);
    await acknowledgeReceived(gp, "5790000209354", id, { code: "ok" }, gateway.deps);
    expect(await statusOf(gateway, id)).toBe("acknowledged");
  });

  it("counts from the delivery, not from the scheduling: a late delivery postpones the deadline", async () => {
    const gateway = memoryGateway();
    const { body } = await submitLetter(gateway);
    // The deadline is scheduled when the worker starts delivering; the delivery itself lands 10 minutes later.
    await gateway.deps.scheduleResend(body.id, 0, 30 * MINUTE, "no-acknowledgement");
    gateway.clock.advance(10 * MINUTE);
    await gateway.deliver(body.id);
    gateway.clock.advance(20 * MINUTE);
    expect(await gateway.runDueDeadlines()).toEqual(["postponed"]);
    gateway.clock.advance(10 * MINUTE);
    expect(await gateway.runDueDeadlines()).toEqual(["resent"]);
  });
});

describe("reading a message", () => {
  it("is for the clients of the sending and the receiving locations only, and each read is audited", async () => {
    const gateway = memoryGateway();
    const id = await submitAndDeliver(gateway);
    for (const client of ["ppr-gribskov", "gp-helsinge"]) {
      const view = await readMessage(gateway.caller(client), id, gateway.deps);
      expect(view).toMatchObject({ id, status: "delivered" });
      expect((await readContent(gateway.caller(client), id, gateway.deps)).resourceType).toBe("Bundle");
    }
    for (const client of ["gp-gilleleje", "ppr-halsnaes"]) {
      await expect(readMessage(gateway.caller(client), id, gateway.deps)).rejects.toBeInstanceOf(GatewayError);
      await expect(readContent(gateway.caller(client), id, gateway.deps)).rejects.toBeInstanceOf(GatewayError);
    }
    const reads = (await gateway.deps.auditLog.list(20)).map((e) => [e.entry.action, e.entry.client]);
    expect(reads).toContainEqual(["read-content", "gp-helsinge"]);
    expect(reads).not.toContainEqual(["read-content", "gp-gilleleje"]);
  });
});
