// Duplicates on receipt (DOMAIN.md §2.9, R-Tek-K/L): a technical resend of an answered message is delivered once and
// answered with the identical acknowledgement again. File-drop inboxes: a dropped message is sent like a posted one;
// an invalid one is answered with a fatal-error acknowledgement written back to the sender's directory.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocationConfig } from "../../../src/config/schema.js";
import { buildCareCommunication, technicalResend } from "../../../src/medcom/builders/index.js";
import { writeFhirXml } from "../../../src/medcom/fhir/index.js";
import type { Bundle, Communication, MessageHeader, OperationOutcome } from "../../../src/medcom/model/index.js";
import { composeFixture, DEMO_PARTIES, NOW, sequentialIds } from "../../support/build.js";
import {
  acknowledge,
  demoConfig,
  until,
  glnFrom,
  GLN,
  KEYS,
  startTestGateway,
  waitForStatus,
  type TestGateway,
} from "../../support/gateway.js";
import { readBundle } from "../../support/messages.js";
import { startWebhookReceiver, type WebhookReceiver } from "../../support/receivers.js";

const WEBHOOK = { gln: glnFrom("579000020001"), sor: "100000000000021", name: "Familieafdelingen Webhook" };
const DROP = { gln: glnFrom("579000020002"), sor: "100000000000022", name: "PPR Fildrop" };
const WEBHOOK_KEY = "webhook-municipality-system-key";
const dropDir = mkdtempSync(join(tmpdir(), "mg-out-"));
const inbox = mkdtempSync(join(tmpdir(), "mg-inbox-"));

let receiver: WebhookReceiver;
let gateway: TestGateway;

function location(party: typeof WEBHOOK, delivery: LocationConfig["delivery"]): LocationConfig {
  return { ...party, kind: "municipality", formats: ["application/fhir+xml"], delivery };
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  gateway = await startTestGateway({
    config: demoConfig({
      locations: [
        location(WEBHOOK, { adapter: "webhook", url: receiver.url, secret: "a-shared-secret-of-enough-length" }),
        location(DROP, { adapter: "file-drop", dir: dropDir, inbox }),
      ],
      clients: [{ id: "webhook-system", apiKey: WEBHOOK_KEY, locations: [WEBHOOK.gln], roles: ["send", "receive"] }],
    }),
  });
});
afterAll(async () => {
  await gateway.stop();
  await receiver.close();
});

function letterFrom(sender: typeof WEBHOOK, start: number): Bundle {
  return buildCareCommunication(composeFixture("new-ppr-to-gp.json", { sender: sender.gln }), {
    newId: sequentialIds(start),
    now: NOW,
    parties: { sender, receiver: DEMO_PARTIES[GLN.gp] ?? WEBHOOK },
  });
}

const ackCalls = () => receiver.calls.filter((c) => c.body.includes("acknowledgement-message"));

describe("duplicates on receipt", () => {
  it("delivers a resent message once and answers it with the identical acknowledgement", async () => {
    const letter = letterFrom(WEBHOOK, 100);
    const post = (bundle: Bundle) =>
      gateway.request("POST", "/v1/messages", {
        key: WEBHOOK_KEY,
        body: writeFhirXml(bundle),
        contentType: "application/fhir+xml",
      });
    const first = await post(letter);
    expect(first.status).toBe(202);
    const { id } = (await first.json()) as { id: string };
    await waitForStatus(gateway, id, ["delivered"]);
    expect((await acknowledge(gateway, KEYS.gp, GLN.gp, id, { code: "ok" })).status).toBe(202);
    await until(() => (ackCalls().length === 1 ? true : undefined));

    // The sender did not see the acknowledgement and sends the message again: new Bundle.id, same MessageHeader.id.
    const resend = technicalResend(letter, { newId: sequentialIds(200), now: "2026-11-22T10:40:00+01:00" });
    const again = await post(resend);
    expect(again.status).toBe(200);
    await until(() => (ackCalls().length === 2 ? true : undefined));
    const [a, b] = ackCalls();
    expect(b?.body).toBe(a?.body);
    expect(readBundle(a?.body ?? "", "xml").entry?.[0]?.resource).toMatchObject({
      response: { identifier: id, code: "ok" },
    });

    const record = await waitForStatus(gateway, id, ["acknowledged"]);
    expect(record.events).toContainEqual(
      expect.objectContaining({ type: "duplicate", detail: { bundleId: resend.id } }),
    );
    expect(record.events.filter((e) => e.type === "delivered")).toHaveLength(1);
  });
});

describe("file-drop inbox", () => {
  it("sends a valid dropped message like a posted one and removes it from the inbox", async () => {
    const letter = letterFrom(DROP, 300);
    writeFileSync(join(inbox, "brev-1.xml"), writeFhirXml(letter));
    const id = letter.entry?.[0]?.resource?.id ?? "";
    const record = await waitForStatus(gateway, id, ["delivered"]);
    expect(record.sender.gln).toBe(DROP.gln);
    await until(() =>
      readdirSync(inbox).filter((f) => !f.startsWith(".") && f !== "rejected").length === 0 ? true : undefined,
    );
  });

  it("answers an invalid dropped message with a fatal-error acknowledgement in the sender's directory", async () => {
    const letter = letterFrom(DROP, 400);
    const communication = letter.entry?.find((e) => e.resource?.resourceType === "Communication")
      ?.resource as Communication;
    communication.category = [];
    writeFileSync(join(inbox, "brev-2.xml"), writeFhirXml(letter));
    const id = letter.entry?.[0]?.resource?.id ?? "";

    const file = await until(() => readdirSync(dropDir).find((f) => f.endsWith(".xml")));
    const ack = readBundle(readFileSync(join(dropDir, file)), "xml");
    const header = ack.entry?.[0]?.resource as MessageHeader;
    expect(header.response).toMatchObject({ identifier: id, code: "fatal-error" });
    const outcome = ack.entry?.find((e) => e.resource?.resourceType === "OperationOutcome")
      ?.resource as OperationOutcome;
    expect(outcome.issue.some((i) => (i.details?.text ?? "").includes("category"))).toBe(true);
    // Nothing was stored or sent on to the receiver.
    expect((await gateway.request("GET", `/v1/messages/${id}`, { key: KEYS.admin })).status).toBe(404);
  });

  it("moves a file it cannot read to rejected/ with a problem report", async () => {
    writeFileSync(join(inbox, "noise.txt"), "not a MedCom message");
    const report = await until(() => {
      try {
        return readFileSync(join(inbox, "rejected", "noise.txt.problem.json"), "utf8");
      } catch {
        return undefined;
      }
    });
    expect(JSON.parse(report)).toMatchObject({
      file: "noise.txt",
      issues: [expect.objectContaining({ code: "format-unknown" })],
    });
    // The report is written before the file is moved beside it (so a watcher finds the reason first): wait for both.
    await until(() => (readdirSync(join(inbox, "rejected")).includes("noise.txt") ? true : undefined));
  });
});
