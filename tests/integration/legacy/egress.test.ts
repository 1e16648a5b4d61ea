// The way out to legacy locations (issue 15 point 3), on a real gateway and Redis: a FHIR GP composes letters with an
// attachment to PPR locations configured `formats: ["xdis91"]` (a file-drop, a webhook, a mailbox). What they
// get is XDIS91 + XBIN01 that MedCom's XSDs accept (xmllint), with ids of at most 14 characters, the same ids on every
// fetch and after a technical resend; and the GP's Acknowledgement reaches the PPR as one XCTL per OIOXML document of
// the letter it answers. The letters the legacy PPR sends here go through the JSON compose API, and their OIOXML
// correspondence is written into the legacy id table directly (the way in through OIOXML: egress-end-to-end.test.ts).
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocationConfig } from "../../../src/config/schema.js";
import type { Xbin01, Xctl, Xdis91 } from "../../../src/medcom/oioxml/index.js";
import {
  acknowledge,
  demoConfig,
  eventually,
  glnFrom,
  GLN,
  KEYS,
  startTestGateway,
  waitForStatus,
  type TestGateway,
} from "../../support/gateway.js";
import { rememberCorrespondence } from "../../support/legacy-correspondence.js";
import { idsOf, readOioxmlOrThrow, xsdValid } from "../../support/oioxml-received.js";
import { startWebhookReceiver, type WebhookReceiver } from "../../support/receivers.js";
import { verifyWebhookSignature } from "../../../adapters/webhook.js";

const DROP = { gln: glnFrom("579000030001"), sor: "100000000000031", name: "PPR Legacy Fildrop" };
const BOX = { gln: glnFrom("579000030002"), sor: "100000000000032", name: "PPR Legacy Postkasse" };
const HOOK = { gln: glnFrom("579000030003"), sor: "100000000000033", name: "PPR Legacy Webhook" };
const HOOK_SECRET = "a-legacy-webhook-secret-of-32-chars";
const BOX_KEY = "legacy-ppr-mailbox-system-key";
const dropDir = mkdtempSync(join(tmpdir(), "mg-legacy-out-"));
const PDF =
  "JVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDwvVHlwZS9DYXRhbG9nPj4KZW5kb2JqCnRyYWlsZXIKPDwvUm9vdCAxIDAgUj4+CiUlRU9G";

const legacy = (party: typeof DROP, delivery: LocationConfig["delivery"]): LocationConfig => ({
  ...party,
  kind: "ppr",
  formats: ["xdis91"],
  delivery,
});

let gateway: TestGateway;
let hook: WebhookReceiver;
beforeAll(async () => {
  hook = await startWebhookReceiver();
  gateway = await startTestGateway({
    config: demoConfig({
      locations: [
        legacy(DROP, { adapter: "file-drop", dir: dropDir }),
        legacy(BOX, { adapter: "mailbox" }),
        legacy(HOOK, { adapter: "webhook", url: hook.url, secret: HOOK_SECRET }),
      ],
      clients: [{ id: "legacy-ppr", apiKey: BOX_KEY, locations: [BOX.gln], roles: ["send", "receive"] }],
    }),
  });
});
afterAll(async () => {
  await gateway.stop();
  await hook.close();
});

/** The GP's letter with a PDF attachment (with data: it travels in an XBIN01) and a link (it stays in the XDIS91). */
async function compose(sender: string, receiver: string, key: string): Promise<string> {
  const response = await gateway.request("POST", "/v1/messages", {
    key,
    json: {
      kind: "new",
      sender,
      receiver,
      patient: { cpr: "2509479989", family: "Elmer", given: ["Bruno"] },
      category: "examination-results",
      text: "Svar på undersøgelse.\nSe vedhæftede fil — æøå.",
      author: { given: "Søren", family: "Holm", role: "laege", phone: "+45 12 34 56 78" },
      attachments: [
        { title: "Epikrise", contentType: "application/pdf", data: PDF },
        { title: "Vejledning", url: "https://www.example.org/vejledning" },
      ],
    },
  });
  const body = (await response.json()) as { id: string };
  expect(response.status, JSON.stringify(body)).toBe(202);
  return body.id;
}

describe("a legacy location with a file-drop", () => {
  let id: string;
  let first: { xdis91: Buffer; xbin01: Buffer };

  it("gets the GP's letter as <id>.xdis91.xml and <id>.xbin01.xml, ISO-8859-1, valid against MedCom's XSDs", async () => {
    id = await compose(GLN.gp, DROP.gln, KEYS.gp);
    await waitForStatus(gateway, id, ["delivered"]);
    expect(
      readdirSync(dropDir)
        .filter((n) => n.startsWith(id))
        .sort(),
    ).toEqual([`${id}.xbin01.xml`, `${id}.xdis91.xml`]);
    first = {
      xdis91: readFileSync(join(dropDir, `${id}.xdis91.xml`)),
      xbin01: readFileSync(join(dropDir, `${id}.xbin01.xml`)),
    };
    expect(first.xdis91.toString("latin1").startsWith('<?xml version="1.0" encoding="ISO-8859-1"?>')).toBe(true);
    // The letter's Danish letters as single ISO-8859-1 bytes (LEGACY.md §2.3), not UTF-8 pairs.
    expect(first.xdis91.includes(Buffer.from("æøå", "latin1"))).toBe(true);
    expect(xsdValid(first.xdis91, "xdis91")).toBeUndefined();
    expect(xsdValid(first.xbin01, "xbin01")).toBeUndefined();
    const letter = readOioxmlOrThrow<Xdis91>(first.xdis91);
    const binary = readOioxmlOrThrow<Xbin01>(first.xbin01);
    for (const oioId of [...idsOf(letter), ...idsOf(binary)]) expect(oioId.length).toBeLessThanOrEqual(14);
    expect(new Set([...idsOf(letter), ...idsOf(binary)]).size).toBe(4);
    expect(letter.receiver.ean).toBe(DROP.gln);
    // The one link between the two letters: the attachment's UUID, without and with hyphens (LEGACY.md §3).
    const reference = letter.references.find((r) => "bin" in r);
    expect(reference && "bin" in reference ? reference.bin.objectIdentifier : "").toBe(
      binary.objects[0]?.objectIdentifier.replaceAll("-", ""),
    );
    expect(binary.objects[0]?.base64).toBe(PDF);
  });

  it("writes the same ids again after a technical resend (new Bundle.id, same MessageHeader.id)", async () => {
    const resend = await gateway.request("POST", `/v1/admin/messages/${id}/resend`, { key: KEYS.admin });
    expect(resend.status).toBe(202);
    await eventually(async () => {
      const record = (await (await gateway.request("GET", `/v1/messages/${id}`, { key: KEYS.admin })).json()) as {
        status: string;
        deliveryAttempts: number;
      };
      return record.status === "delivered" && record.deliveryAttempts >= 2 ? record : undefined;
    });
    const again = readFileSync(join(dropDir, `${id}.xdis91.xml`));
    expect(idsOf(readOioxmlOrThrow<Xdis91>(again))).toEqual(idsOf(readOioxmlOrThrow<Xdis91>(first.xdis91)));
    expect(idsOf(readOioxmlOrThrow<Xbin01>(readFileSync(join(dropDir, `${id}.xbin01.xml`))))).toEqual(
      idsOf(readOioxmlOrThrow<Xbin01>(first.xbin01)),
    );
  });
});

describe("a legacy location with a webhook", () => {
  it("is posted the XDIS91, then the XBIN01, each valid against MedCom's XSDs and signed over its bytes", async () => {
    const id = await compose(GLN.gp, HOOK.gln, KEYS.gp);
    await waitForStatus(gateway, id, ["delivered"]);
    const calls = hook.calls.filter((c) => c.headers["x-gateway-message-id"] === id);
    expect(calls.map((c) => c.headers["x-gateway-document"])).toEqual(["xdis91", "xbin01"]);
    for (const [i, kind] of (["xdis91", "xbin01"] as const).entries()) {
      const call = calls[i];
      expect(call?.headers["content-type"]).toBe("application/xml; charset=ISO-8859-1");
      expect(xsdValid(call?.bytes ?? Buffer.alloc(0), kind)).toBeUndefined();
      const signed = { messageId: id, bundleId: String(call?.headers["x-gateway-bundle-id"]), body: call?.bytes ?? "" };
      expect(verifyWebhookSignature(HOOK_SECRET, signed, String(call?.headers["x-gateway-signature"]))).toBe(true);
    }
  });
});

describe("a legacy location with a mailbox", () => {
  let id: string;

  it("fetches the XDIS91 with a Link to its XBIN01, both valid, the same bytes on every fetch", async () => {
    id = await compose(GLN.gp, BOX.gln, KEYS.gp);
    await waitForStatus(gateway, id, ["delivered"]);
    const path = `/v1/mailboxes/${BOX.gln}/messages/${id}`;
    const letter = await gateway.request("GET", path, { key: BOX_KEY });
    expect(letter.status).toBe(200);
    expect(letter.headers.get("content-type")).toBe("application/xml; charset=ISO-8859-1");
    expect(letter.headers.get("x-gateway-document")).toBe("xdis91");
    expect(letter.headers.get("link")).toBe(
      `<${path}/documents/xbin01>; rel="related"; type="application/xml"; title="xbin01"`,
    );
    const xdis91 = new Uint8Array(await letter.arrayBuffer());
    const binary = await gateway.request("GET", `${path}/documents/xbin01`, { key: BOX_KEY });
    expect(binary.headers.get("content-type")).toBe("application/xml; charset=ISO-8859-1");
    const xbin01 = new Uint8Array(await binary.arrayBuffer());
    expect(xsdValid(xdis91, "xdis91")).toBeUndefined();
    expect(xsdValid(xbin01, "xbin01")).toBeUndefined();
    for (const oioId of [...idsOf(readOioxmlOrThrow<Xdis91>(xdis91)), ...idsOf(readOioxmlOrThrow<Xbin01>(xbin01))])
      expect(oioId.length).toBeLessThanOrEqual(14);

    const again = await gateway.request("GET", `${path}/documents/xdis91`, { key: BOX_KEY });
    expect(Buffer.from(await again.arrayBuffer()).equals(Buffer.from(xdis91))).toBe(true);
    const binaryAgain = await gateway.request("GET", `${path}/documents/xbin01`, { key: BOX_KEY });
    expect(Buffer.from(await binaryAgain.arrayBuffer()).equals(Buffer.from(xbin01))).toBe(true);
    expect((await gateway.request("GET", `${path}/documents/xctl`, { key: BOX_KEY })).status).toBe(404);
  });

  it("still gives the FHIR Bundle to a client that asks for it by name, and lists the documents", async () => {
    const path = `/v1/mailboxes/${BOX.gln}/messages/${id}`;
    const fhir = await gateway.request("GET", path, { key: BOX_KEY, headers: { Accept: "application/fhir+json" } });
    expect(fhir.headers.get("content-type")).toBe("application/fhir+json; charset=utf-8");
    expect(((await fhir.json()) as { resourceType: string }).resourceType).toBe("Bundle");
    const list = await gateway.request("GET", `/v1/mailboxes/${BOX.gln}/messages?status=all`, { key: BOX_KEY });
    const items = ((await list.json()) as { items: { id: string; documents?: string[] }[] }).items;
    expect(items.find((i) => i.id === id)?.documents).toEqual(["xdis91", "xbin01"]);
  });
});

describe("the GP's Acknowledgement of a legacy location's letter", () => {
  async function ackFetched(letterId: string): Promise<{ ackId: string; documents: Uint8Array[] }> {
    await waitForStatus(gateway, letterId, ["delivered"]);
    const answer = await acknowledge(gateway, KEYS.gp, GLN.gp, letterId, { code: "ok" });
    expect(answer.status).toBe(202);
    const ackId = String(answer.body.id);
    await waitForStatus(gateway, ackId, ["delivered"]);
    const path = `/v1/mailboxes/${BOX.gln}/messages/${ackId}`;
    const list = await gateway.request("GET", `/v1/mailboxes/${BOX.gln}/messages?status=all`, { key: BOX_KEY });
    const item = ((await list.json()) as { items: { id: string; documents?: string[] }[] }).items.find(
      (i) => i.id === ackId,
    );
    const documents: Uint8Array[] = [];
    for (const label of item?.documents ?? []) {
      const response = await gateway.request("GET", `${path}/documents/${label}`, { key: BOX_KEY });
      expect(response.status).toBe(200);
      documents.push(new Uint8Array(await response.arrayBuffer()));
    }
    const first = await gateway.request("GET", path, { key: BOX_KEY });
    expect(Buffer.from(await first.arrayBuffer()).equals(Buffer.from(documents[0] ?? []))).toBe(true);
    return { ackId, documents };
  }

  it("is one XCTL03 per OIOXML document the letter came as, quoting their ids, valid against the XSD", async () => {
    const letterId = await compose(BOX.gln, GLN.gp, BOX_KEY);
    // The letter's OIOXML correspondence, as the way in (D1) keeps it for a received XDIS91 + XBIN01.
    await rememberCorrespondence(gateway, {
      messageId: letterId,
      legacyParty: BOX.gln,
      documents: [
        { kind: "xdis91", envelope: "KuvNrerwerwe99", letter: "BrevNr00129", version: "XD9134L" },
        { kind: "xbin01", envelope: "KuvBin00000001", letter: "BrevBin0000001", version: "XB0131X" },
      ],
    });
    const { documents } = await ackFetched(letterId);
    expect(documents).toHaveLength(2);
    const xctls = documents.map((d) => {
      expect(xsdValid(d, "xctl")).toBeUndefined();
      return readOioxmlOrThrow<Xctl>(d);
    });
    expect(xctls.map((x) => x.kind)).toEqual(["xctl03", "xctl03"]);
    expect(xctls.map((x) => [x.original.envelopeIdentifier, x.original.letters[0]?.identifier])).toEqual([
      ["KuvNrerwerwe99", "BrevNr00129"],
      ["KuvBin00000001", "BrevBin0000001"],
    ]);
    expect(xctls.map((x) => [x.sender, x.receiver])).toEqual([
      [GLN.gp, BOX.gln],
      [GLN.gp, BOX.gln],
    ]);
    for (const x of xctls) for (const oioId of idsOf(x)) expect(oioId.length).toBeLessThanOrEqual(14);
  });

  it("receipts a letter that never was OIOXML by the first 14 hexadecimal digits of its MessageHeader.id", async () => {
    const letterId = await compose(BOX.gln, GLN.gp, BOX_KEY);
    const { documents } = await ackFetched(letterId);
    expect(documents).toHaveLength(1);
    expect(xsdValid(documents[0] ?? new Uint8Array(), "xctl")).toBeUndefined();
    const hex = letterId.replaceAll("-", "").slice(0, 14);
    expect(readOioxmlOrThrow<Xctl>(documents[0] ?? new Uint8Array()).original).toMatchObject({
      envelopeIdentifier: hex,
      letters: [{ identifier: hex, versionCode: "XD9134L" }],
    });
  });
});
