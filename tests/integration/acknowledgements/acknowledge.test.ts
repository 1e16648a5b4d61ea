// Acknowledgements end to end across two locations (DOMAIN.md §3, §2.9): the GP's system answers ok, fatal-error or
// transient-error; the gateway builds the MedCom Acknowledgement, routes it to the PPR's mailbox and changes the
// letter's status — or sends it again after a transient error.
import { describe, expect, it } from "vitest";
import { buildAcknowledgement } from "../../../src/medcom/builders/index.js";
import { writeFhirXml } from "../../../src/medcom/fhir/index.js";
import type { MessageHeader } from "../../../src/medcom/model/index.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { build, composeFixture, sequentialIds } from "../../support/build.js";
import {
  acknowledge,
  demoConfig,
  eventually,
  GLN,
  KEYS,
  gatewayForFile,
  submitLetter,
  waitForStatus,
} from "../../support/gateway.js";
import { readBundle } from "../../support/messages.js";
import { offsetClock } from "../../support/clock.js";
import { advanceClock } from "../../support/clock-travel.js";

// The shipped 30 minutes to acknowledge; the transient-error backoff (a minute) passes on the gateway's clock, moved
// on by the test (no fractional-minute policy, no real wait).
const clock = offsetClock();
const gateway = gatewayForFile({ config: demoConfig({}, { maxResends: 2 }), clock });

const delivered = async () => {
  const { id } = await submitLetter(gateway);
  await waitForStatus(gateway, id, ["delivered"]);
  return id;
};

async function mailbox(key: string, gln: string, status = "all") {
  const response = await gateway.request("GET", `/v1/mailboxes/${gln}/messages?status=${status}&limit=500`, { key });
  return ((await response.json()) as { items: { id: string; kind: string; acknowledges?: string }[] }).items;
}

describe("ok", () => {
  it("acknowledges the letter, routes a valid Acknowledgement to the sender's mailbox, and answers a repeat identically", async () => {
    const id = await delivered();
    expect((await mailbox(KEYS.gp, GLN.gp, "new")).map((i) => i.id)).toContain(id);
    const answer = await acknowledge(gateway, KEYS.gp, GLN.gp, id, { code: "ok" });
    expect(answer).toMatchObject({ status: 202, body: { code: "ok", acknowledges: id, matched: true } });

    const record = await waitForStatus(gateway, id, ["acknowledged"], KEYS.ppr);
    expect(record.acknowledgement).toMatchObject({ id: answer.body.id, code: "ok", issues: [] });
    expect(record.events.map((e) => e.type)).toContain("acknowledged");
    expect((await mailbox(KEYS.gp, GLN.gp, "new")).map((i) => i.id)).not.toContain(id);

    const ackId = String(answer.body.id);
    await waitForStatus(gateway, ackId, ["delivered"], KEYS.ppr);
    expect(await mailbox(KEYS.ppr, GLN.ppr)).toContainEqual(
      expect.objectContaining({ id: ackId, kind: "acknowledgement", acknowledges: id }),
    );
    const content = await gateway.request("GET", `/v1/mailboxes/${GLN.ppr}/messages/${ackId}`, { key: KEYS.ppr });
    const ack = readBundle(await content.text(), "xml");
    const validation = validateMessage(ack);
    expect(validation).toMatchObject({ valid: true, type: "Acknowledgement" });
    const header = ack.entry?.[0]?.resource as MessageHeader;
    expect(header.response).toMatchObject({ identifier: id, code: "ok" });

    expect(await acknowledge(gateway, KEYS.gp, GLN.gp, id, { code: "ok" })).toEqual({ status: 200, body: answer.body });
    const changed = await acknowledge(gateway, KEYS.gp, GLN.gp, id, {
      code: "fatal-error",
      issues: [{ code: "MSG_LOCAL_FAIL", message: "changed my mind" }],
    });
    expect(changed.status).toBe(409);
  });

  it("never acknowledges an acknowledgement (KR2)", async () => {
    const id = await delivered();
    const { body } = await acknowledge(gateway, KEYS.gp, GLN.gp, id, { code: "ok" });
    await waitForStatus(gateway, String(body.id), ["delivered"], KEYS.ppr);
    const again = await acknowledge(gateway, KEYS.ppr, GLN.ppr, String(body.id), { code: "ok" });
    expect(again.status).toBe(422);
    expect(again.body.issues).toEqual([expect.objectContaining({ code: "acknowledgement-acknowledged" })]);
  });
});

describe("fatal-error", () => {
  it("rejects the letter with the receiver's issues", async () => {
    const id = await delivered();
    const issues = [{ code: "MSG_VALUESET_VALUE_UNKNOWN", message: "Ukendt kategori" }];
    expect((await acknowledge(gateway, KEYS.gp, GLN.gp, id, { code: "fatal-error", issues })).status).toBe(202);
    const record = await waitForStatus(gateway, id, ["rejected"], KEYS.ppr);
    expect(record.acknowledgement).toMatchObject({ code: "fatal-error", issues });
    expect(record.failureReason).toContain("MSG_VALUESET_VALUE_UNKNOWN");
  });

  it("asks for issues with a negative acknowledgement and checks the request (422 with JSON pointers)", async () => {
    const id = await delivered();
    const { status, body } = await acknowledge(gateway, KEYS.gp, GLN.gp, id, { code: "fatal-error", extra: 1 });
    expect(status).toBe(422);
    expect((body.issues as { path: string }[]).map((i) => i.path).sort()).toEqual(["/extra", "/issues"]);
  });
});

describe("transient-error", () => {
  it("sends the letter again after a backoff (new Bundle.id, same id), and an ok then acknowledges it", async () => {
    const id = await delivered();
    const first = await waitForStatus(gateway, id, ["delivered"], KEYS.ppr);
    const issues = [{ code: "MSG_Mailbox_Out_Of_Operation", message: "Journalen er lukket for vedligehold" }];
    expect((await acknowledge(gateway, KEYS.gp, GLN.gp, id, { code: "transient-error", issues })).status).toBe(202);
    expect(await advanceClock(gateway, clock, 61_000)).toBe(1);
    const resent = await eventuallyResent(id);
    expect(resent.bundleId).not.toBe(first.bundleId);
    expect(resent.acknowledgement).toMatchObject({ code: "transient-error" });

    const content = await gateway.request("GET", `/v1/mailboxes/${GLN.gp}/messages/${id}`, { key: KEYS.gp });
    const bundle = readBundle(await content.text(), "xml");
    expect(bundle.id).toBe(resent.bundleId);
    expect(bundle.entry?.[0]?.resource?.id).toBe(id);
    expect((await mailbox(KEYS.gp, GLN.gp)).filter((i) => i.id === id)).toHaveLength(1);

    expect((await acknowledge(gateway, KEYS.gp, GLN.gp, id, { code: "ok" })).status).toBe(202);
    const done = await waitForStatus(gateway, id, ["acknowledged"], KEYS.ppr);
    expect(done.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(["acknowledgement", "resend", "delivered", "acknowledged"]),
    );
  });
});

const eventuallyResent = (id: string) =>
  eventually(async () => {
    const record = await waitForStatus(gateway, id, ["delivered", "queued", "accepted"], KEYS.ppr);
    return record.resends >= 1 && record.status === "delivered" ? record : undefined;
  });

describe("ready Acknowledgements (POST /v1/acknowledgements)", () => {
  it("correlates a system-built Acknowledgement on response.identifier", async () => {
    const id = await delivered();
    const content = await gateway.request("GET", `/v1/mailboxes/${GLN.gp}/messages/${id}`, {
      key: KEYS.gp,
      headers: { Accept: "application/fhir+json" },
    });
    const ack = buildAcknowledgement({
      message: readBundle(await content.text(), "json"),
      code: "ok",
      newId: sequentialIds(9000),
      now: "2026-11-22T12:00:00+01:00",
    });
    const post = (key: string) =>
      gateway.request("POST", "/v1/acknowledgements", {
        key,
        body: writeFhirXml(ack),
        contentType: "application/fhir+xml",
      });
    expect((await post(KEYS.bup)).status).toBe(403);
    const response = await post(KEYS.gp);
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ acknowledges: id, matched: true });
    await waitForStatus(gateway, id, ["acknowledged"], KEYS.ppr);
  });

  it("keeps and reports an acknowledgement for a message the gateway does not know", async () => {
    const unknown = build(composeFixture("new-ppr-to-gp.json"), undefined, sequentialIds(9100));
    const ack = buildAcknowledgement({
      message: unknown,
      code: "ok",
      newId: sequentialIds(9200),
      now: "2026-11-22T12:00:00+01:00",
    });
    const response = await gateway.request("POST", "/v1/acknowledgements", {
      key: KEYS.gp,
      body: writeFhirXml(ack),
      contentType: "application/fhir+xml",
    });
    expect(response.status).toBe(202);
    const body = (await response.json()) as { id: string; matched: boolean };
    expect(body.matched).toBe(false);
    const report = await gateway.request("GET", "/v1/admin/acknowledgements/unmatched", { key: KEYS.admin });
    expect(((await report.json()) as { items: { id: string; acknowledges: string }[] }).items).toContainEqual(
      expect.objectContaining({ id: body.id, acknowledges: unknown.entry?.[0]?.resource?.id }),
    );
    expect((await gateway.request("GET", "/v1/admin/acknowledgements/unmatched", { key: KEYS.gp })).status).toBe(403);
  });

  it("refuses a CareCommunication posted as an acknowledgement", async () => {
    const letter = build(composeFixture("new-ppr-to-gp.json"), undefined, sequentialIds(9300));
    const response = await gateway.request("POST", "/v1/acknowledgements", {
      key: KEYS.gp,
      body: writeFhirXml(letter),
      contentType: "application/fhir+xml",
    });
    expect(response.status).toBe(422);
  });
});

describe("conversations", () => {
  it("lists a thread in order with statuses, and refuses a reply to a message that is not the latest", async () => {
    const first = await submitLetter(gateway);
    await waitForStatus(gateway, first.id, ["delivered"]);
    const replyTo = (inReplyTo: string, key: string, sender: string) =>
      gateway.request("POST", "/v1/messages", {
        key,
        json: { ...(composeFixture("reply-gp-to-ppr.json") as object), inReplyTo, sender },
      });
    const reply = (await (await replyTo(first.id, KEYS.gp, GLN.gp)).json()) as { id: string; thread: string };
    expect(reply.thread).toBe(first.thread);
    await waitForStatus(gateway, reply.id, ["delivered"]);

    const stale = await replyTo(first.id, KEYS.gp, GLN.gp);
    expect(stale.status).toBe(422);
    expect(((await stale.json()) as { issues: unknown[] }).issues).toEqual([
      expect.objectContaining({ code: "reply-not-latest", path: "/inReplyTo", rule: "carecommunication-governance-5" }),
    ]);

    const thread = await gateway.request("GET", `/v1/threads/${encodeURIComponent(first.thread)}`, { key: KEYS.ppr });
    const body = (await thread.json()) as { items: { id: string; kind: string; status: string }[] };
    expect(body.items.map((i) => [i.id, i.kind])).toEqual([
      [first.id, "new"],
      [reply.id, "reply"],
    ]);
    expect(
      (await gateway.request("GET", `/v1/threads/${encodeURIComponent(first.thread)}`, { key: KEYS.bup })).status,
    ).toBe(404);
  });
});
