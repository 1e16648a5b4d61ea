// The legacy way in through the running gateway (issue 15, point 3): real HTTP, real Redis, the real workers. A
// journal system that speaks OIOXML posts MedCom's XDIS91 and XBIN01 (Flow1, read in place) as application/xml; an
// unreadable one is refused (problem+json, or the XCTL02 itself); the pairing timeout answers a lone XDIS91; a legacy
// receiver's two XCTL03 become one ok acknowledgement. Every answer is checked against /openapi.json.
import { afterAll, describe, expect, it } from "vitest";
import { timeOutLegacyPairs } from "../../../src/background/legacy-pairing-timeout.js";
import { hashApiKey } from "../../../src/config/schema.js";
import { createSealer } from "../../../src/crypto/keyring.js";
import { silentLogger } from "../../../src/log.js";
import { convertedIds } from "../../../src/medcom/convert/xdis91-to-cc.js";
import { newOioId, readOioxml, writeOioxml, type Xctl, type Xdis91 } from "../../../src/medcom/oioxml/index.js";
import { createServices, type Services } from "../../../src/services.js";
import { offsetClock } from "../../support/clock.js";
import { demoConfig } from "../../support/config.js";
import { gatewayForFile, KEYS, METRICS_TOKEN, rawRedis, waitForStatus } from "../../support/gateway.js";
import {
  brokenXdis91,
  FLOW4,
  legacyLetterCompose,
  LEGACY_RECEIVER,
  LEGACY_SENDER,
  withLegacyParties,
  xbin01,
  xdis91,
} from "../../support/legacy-letters.js";
import { readBundle } from "../../support/messages.js";

const SOCIAL_KEY = "test-social-gribskov-legacy-key";
const config = withLegacyParties(
  demoConfig({
    clients: [
      {
        id: "social-legacy",
        apiKeySha256: hashApiKey(SOCIAL_KEY),
        locations: [LEGACY_RECEIVER],
        roles: ["send", "receive"],
      },
    ],
  }),
);
const clock = offsetClock();
const gateway = gatewayForFile({ config, clock });
const XML = "application/xml";

let services: Services | undefined;
/** The use cases' dependencies on the gateway's own Redis prefix and keyring: for running a pass at once. */
function deps() {
  services ??= createServices({
    redis: rawRedis(gateway.redisUrl),
    prefix: gateway.prefix,
    config,
    log: silentLogger(),
    sealer: createSealer(gateway.keyringPath),
    clock,
  });
  return services.deps;
}
afterAll(async () => services?.close());

const post = (path: string, body: Uint8Array, key: string = KEYS.bup, headers: Record<string, string> = {}) =>
  gateway.request("POST", path, { key, body, contentType: XML, headers });

async function mailbox(gln: string, key: string) {
  const response = await gateway.request("GET", `/v1/mailboxes/${gln}/messages?status=all`, { key });
  return ((await response.json()) as { items: { id: string; kind: string; acknowledges?: string }[] }).items;
}

describe("OIOXML letters posted as application/xml", () => {
  it("XBIN01 with two attachments first, then its XDIS91: one CareCommunication accepted and delivered", async () => {
    // text/xml works as application/xml does.
    const waiting = await gateway.request("POST", "/v1/messages", {
      key: KEYS.bup,
      body: xbin01({ objects: 2 }),
      contentType: "text/xml; charset=utf-8",
    });
    expect(waiting.status).toBe(202);
    expect(await waiting.json()).toMatchObject({ status: "waiting-for-partner", waitingFor: "xdis91" });
    const metrics = await gateway.request("GET", "/metrics", { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(await metrics.text()).toContain("medcom_legacy_pairs_waiting 1");

    const response = await post("/v1/messages", xdis91({ attachments: 2 }));
    expect(response.status).toBe(202);
    const body = (await response.json()) as { id: string; status: string };
    expect(body.status).toBe("accepted");
    const record = await waitForStatus(gateway, body.id, ["delivered"], KEYS.bup);
    expect(record.receiver.gln).toBe(LEGACY_RECEIVER);

    const content = await gateway.request("GET", `/v1/messages/${body.id}/content`, { key: KEYS.bup });
    const bundle = readBundle(await content.text(), "xml");
    const attachments = (bundle.entry ?? []).flatMap((e) =>
      e.resource?.resourceType === "Communication"
        ? ((e.resource as { payload?: { contentAttachment?: { data?: string } }[] }).payload ?? [])
        : [],
    );
    expect(attachments.filter((p) => p.contentAttachment?.data)).toHaveLength(2);

    // The same XDIS91 again: the existing duplicate answer, the first body.
    const again = await post("/v1/messages", xdis91({ attachments: 2 }));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(body);
  });

  it("an unreadable XDIS91: 422 with every issue's path, or with Accept: application/xml the XCTL02 itself", async () => {
    const problem = await post("/v1/messages", brokenXdis91());
    expect(problem.status).toBe(422);
    expect(problem.headers.get("content-type")).toContain("application/problem+json");
    const { issues } = (await problem.json()) as { issues: { path: string }[] };
    expect(issues.map((i) => i.path).join(" ")).toContain("/Emessage/ClinicalEmail/Patient");

    const receipt = await post("/v1/messages", brokenXdis91(), KEYS.bup, { Accept: XML });
    expect(receipt.status).toBe(422);
    expect(receipt.headers.get("content-type")).toContain("application/xml");
    const read = readOioxml(new Uint8Array(await receipt.arrayBuffer()));
    if (!read.ok) throw new Error(JSON.stringify(read.issues));
    expect(read.value).toMatchObject({ kind: "xctl02", receiver: LEGACY_SENDER });
    expect((read.value as Xctl).original.letters[0]?.refusal?.code).toBe("syntaksfejl");
  });

  it("an XDIS91 whose XBIN01 never comes: after 60 minutes a fatal-error acknowledgement reaches the sender", async () => {
    const letter = xdis91({ letter: "Brevt2340TIME1", envelope: "KuvNrTIMEOUT01" });
    expect((await post("/v1/messages", letter)).status).toBe(202);
    clock.advance(61 * 60_000);
    expect(await timeOutLegacyPairs(deps())).toBe(1);
    const read = readOioxml(letter);
    if (!read.ok) throw new Error("Flow1 variant unreadable");
    const answered = convertedIds(read.value as Xdis91).header;
    const deadline = Date.now() + 15_000;
    let ack: { id: string; kind: string; acknowledges?: string } | undefined;
    while (!ack && Date.now() < deadline) {
      ack = (await mailbox(LEGACY_SENDER, KEYS.bup)).find(
        (m) => m.kind === "acknowledgement" && m.acknowledges === answered,
      );
      if (!ack) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(ack).toBeDefined();
    const record = await waitForStatus(gateway, ack?.id ?? "", ["delivered"], KEYS.bup);
    expect(record).toMatchObject({ kind: "acknowledgement", receiver: { gln: LEGACY_SENDER } });
    const content = await gateway.request("GET", `/v1/messages/${ack?.id ?? ""}/content`, { key: KEYS.bup });
    const text = await content.text();
    expect(text).toContain('<code value="fatal-error"/>');
    expect(text).toContain("Konverteringen ml. XML/EDI og FHIR kunne ikke udføres korrekt");
    // What the sender's system fetches (the way out, legacy-egress): the XCTL02 for the XDIS91 it sent, quoting its
    // ids, with MedCom's conversion text (LEGACY.md §6.7).
    const fetched = await gateway.request("GET", `/v1/mailboxes/${LEGACY_SENDER}/messages/${ack?.id ?? ""}`, {
      key: KEYS.bup,
    });
    expect(fetched.headers.get("content-type")).toBe("application/xml; charset=ISO-8859-1");
    const xctl = readOioxml(new Uint8Array(await fetched.arrayBuffer()));
    if (!xctl.ok) throw new Error(JSON.stringify(xctl.issues));
    expect(xctl.value).toMatchObject({
      kind: "xctl02",
      receiver: LEGACY_SENDER,
      original: { envelopeIdentifier: "KuvNrTIMEOUT01", letters: [{ identifier: "Brevt2340TIME1" }] },
    });
    expect((xctl.value as Xctl).original.letters[0]?.refusal?.text).toContain("Konverteringen ml. XML/EDI og FHIR");
    expect(fetched.headers.get("link")).toBeNull();
  });
});

describe("XCTL receipts posted as application/xml by a legacy receiver", () => {
  it("XCTL03 for the XDIS91 and for the XBIN01: one ok acknowledgement", async () => {
    // A letter with an attachment from the child psychiatry (FHIR) to Gribskov's social services, delivered to it as
    // XDIS91 + XBIN01: their ids are those the OIOXML delivery kept (first write wins), or — without it — Flow4's.
    const compose = legacyLetterCompose({
      attachments: [{ title: "Vurdering", contentType: "application/pdf", data: "JVBERi0xLjQKJSVFT0YK" }],
    });
    const submitted = await gateway.request("POST", "/v1/messages", { key: KEYS.bup, json: compose });
    const { id } = (await submitted.json()) as { id: string };
    await waitForStatus(gateway, id, ["delivered"], KEYS.bup);
    const kept = await deps().legacyIds.remember({
      messageId: id,
      legacyParty: LEGACY_RECEIVER,
      documents: [
        { kind: "xdis91", envelope: FLOW4.xdis91Envelope, letter: FLOW4.xdis91Letter, version: "XD9134L" },
        { kind: "xbin01", envelope: FLOW4.xbin01Envelope, letter: FLOW4.xbin01Letter, version: "XB0131X" },
      ],
    });
    const [letter, binary] = kept.documents;
    if (!letter || !binary) throw new Error("the letter was not delivered as XDIS91 + XBIN01");

    const first = await post("/v1/acknowledgements", positiveReceipt(letter), SOCIAL_KEY);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ status: "waiting-for-partner", waitingFor: "xctl", acknowledges: id });
    const second = await post("/v1/acknowledgements", positiveReceipt(binary), SOCIAL_KEY);
    expect(second.status).toBe(202);
    expect(await second.json()).toMatchObject({ code: "ok", acknowledges: id, matched: true });
    const record = await waitForStatus(gateway, id, ["acknowledged"], KEYS.bup);
    expect(record.acknowledgement).toMatchObject({ code: "ok" });
  });
});

/** The legacy receiver's XCTL03 for one delivered document. */
function positiveReceipt(document: { envelope: string; letter: string; version: string }): Uint8Array {
  return writeOioxml({
    kind: "xctl03",
    envelope: {
      sent: { date: "2026-11-22", time: "10:00" },
      identifier: newOioId(),
      acknowledgementCode: "minuspositivkvitt",
    },
    letter: { identifier: newOioId(), versionCode: "XC0330Q", statisticalCode: "XCTL03" },
    sender: LEGACY_RECEIVER,
    receiver: LEGACY_SENDER,
    original: {
      envelopeIdentifier: document.envelope,
      sender: LEGACY_SENDER,
      receiver: LEGACY_RECEIVER,
      letters: [{ identifier: document.letter, versionCode: document.version }],
    },
  });
}
