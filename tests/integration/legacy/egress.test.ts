// The way out to legacy locations (issue 15 point 3), on a real gateway and Redis: a FHIR GP composes letters with an
// attachment to two PPR locations configured `formats: ["xdis91"]`, one with a file-drop, one with a mailbox. What they
// get is XDIS91 + XBIN01 that MedCom's XSDs accept (xmllint), with ids of at most 14 characters, the same ids on every
// fetch and after a technical resend; and the GP's Acknowledgement reaches the PPR as one XCTL per OIOXML document of
// the letter it answers. The letters the legacy PPR sends here go through the JSON compose API, and their OIOXML
// correspondence is written into the legacy id table directly (the OIOXML way in is helper D1's; the end-to-end test
// through it is the lead's after merging) — and once end to end through D1's way in: a legacy location's XDIS91 +
// XBIN01 posted as application/xml reaches another legacy location, whose system answers through the JSON API; the
// Acknowledgement is fetched as two XCTL03.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocationConfig } from "../../../src/config/schema.js";
import {
  readOioxml,
  type OioxmlDocument,
  type Xbin01,
  type Xctl,
  type Xdis91,
} from "../../../src/medcom/oioxml/index.js";
import { createLegacyIds } from "../../../src/store/legacy-ids.js";
import { keysFor } from "../../../src/store/keys.js";
import { emessageXsd } from "../../support/legacy-examples.js";
import { FLOW1, LEGACY_RECEIVER, LEGACY_SENDER, xbin01, xdis91 } from "../../support/legacy-letters.js";
import {
  acknowledge,
  demoConfig,
  eventually,
  glnFrom,
  GLN,
  KEYS,
  rawRedis,
  startTestGateway,
  waitForStatus,
  type TestGateway,
} from "../../support/gateway.js";

const DROP = { gln: glnFrom("579000030001"), sor: "100000000000031", name: "PPR Legacy Fildrop" };
const BOX = { gln: glnFrom("579000030002"), sor: "100000000000032", name: "PPR Legacy Postkasse" };
const BOX_KEY = "legacy-ppr-mailbox-system-key";
/** Flow1's receiver (Gribskov's social services) answers through the API: a FHIR location. */
const SOCIAL_KEY = "social-gribskov-test-system-key";
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
beforeAll(async () => {
  const config = demoConfig({
    locations: [legacy(DROP, { adapter: "file-drop", dir: dropDir }), legacy(BOX, { adapter: "mailbox" })],
    clients: [
      { id: "legacy-ppr", apiKey: BOX_KEY, locations: [BOX.gln], roles: ["send", "receive"] },
      { id: "social-test", apiKey: SOCIAL_KEY, locations: [LEGACY_RECEIVER], roles: ["send", "receive"] },
    ],
  });
  // Flow1's two parties, the child psychiatry in Hillerød and Gribskov's social services, speak OIOXML; the social
  // services' system answers through the JSON API.
  config.locations = config.locations.map((l) =>
    l.gln === LEGACY_SENDER || l.gln === LEGACY_RECEIVER ? { ...l, formats: ["xdis91", ...l.formats] } : l,
  );
  gateway = await startTestGateway({ config });
});
afterAll(async () => {
  await gateway.stop();
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

/** xmllint --schema with the schema set of the document's kind: MedCom's XSDs say whether it is valid. */
function xsdValid(bytes: Uint8Array, kind: "xdis91" | "xbin01" | "xctl"): string | undefined {
  const file = join(mkdtempSync(join(tmpdir(), "mg-xsd-")), "doc.xml");
  writeFileSync(file, bytes);
  const run = spawnSync("xmllint", ["--noout", "--schema", emessageXsd[kind], file], { encoding: "utf8" });
  return run.status === 0 ? undefined : run.stderr;
}

function read<T extends OioxmlDocument>(bytes: Uint8Array): T {
  const result = readOioxml(bytes);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value as T;
}

const idsOf = (d: Xdis91 | Xbin01 | Xctl) => [d.envelope.identifier, d.letter.identifier];

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
    const letter = read<Xdis91>(first.xdis91);
    const binary = read<Xbin01>(first.xbin01);
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
    expect(idsOf(read<Xdis91>(again))).toEqual(idsOf(read<Xdis91>(first.xdis91)));
    expect(idsOf(read<Xbin01>(readFileSync(join(dropDir, `${id}.xbin01.xml`))))).toEqual(
      idsOf(read<Xbin01>(first.xbin01)),
    );
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
    for (const oioId of [...idsOf(read<Xdis91>(xdis91)), ...idsOf(read<Xbin01>(xbin01))])
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
    const redis = rawRedis(gateway.redisUrl);
    try {
      await createLegacyIds(redis, keysFor(gateway.prefix)).remember({
        messageId: letterId,
        legacyParty: BOX.gln,
        documents: [
          { kind: "xdis91", envelope: "KuvNrerwerwe99", letter: "BrevNr00129", version: "XD9134L" },
          { kind: "xbin01", envelope: "KuvBin00000001", letter: "BrevBin0000001", version: "XB0131X" },
        ],
      });
    } finally {
      redis.disconnect();
    }
    const { documents } = await ackFetched(letterId);
    expect(documents).toHaveLength(2);
    const xctls = documents.map((d) => {
      expect(xsdValid(d, "xctl")).toBeUndefined();
      return read<Xctl>(d);
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
    expect(read<Xctl>(documents[0] ?? new Uint8Array()).original).toMatchObject({
      envelopeIdentifier: hex,
      letters: [{ identifier: hex, versionCode: "XD9134L" }],
    });
  });
});

describe("end to end through the OIOXML way in (helper D1)", () => {
  it("a legacy location's XDIS91 + XBIN01 reaches a legacy location with its ids; answered ok through the API, it comes back as two XCTL03 quoting them", async () => {
    const post = (body: Uint8Array) =>
      gateway.request("POST", "/v1/messages", { key: KEYS.bup, body, contentType: "application/xml" });
    expect((await post(xdis91())).status).toBe(202);
    const converted = await post(xbin01());
    const { id } = (await converted.json()) as { id: string };
    expect(converted.status).toBe(202);
    await waitForStatus(gateway, id, ["delivered"]);
    // Legacy to legacy: the receiver's XDIS91 and XBIN01 carry the sender's own ids, as a pass-through would.
    const letterPath = `/v1/mailboxes/${LEGACY_RECEIVER}/messages/${id}`;
    const letter = new Uint8Array(await (await gateway.request("GET", letterPath, { key: SOCIAL_KEY })).arrayBuffer());
    const binary = await gateway.request("GET", `${letterPath}/documents/xbin01`, { key: SOCIAL_KEY });
    const binaryBytes = new Uint8Array(await binary.arrayBuffer());
    expect(xsdValid(letter, "xdis91")).toBeUndefined();
    expect(xsdValid(binaryBytes, "xbin01")).toBeUndefined();
    expect(idsOf(read<Xdis91>(letter))).toEqual([FLOW1.envelope, FLOW1.letter]);
    expect(idsOf(read<Xbin01>(binaryBytes))).toEqual([FLOW1.binaryEnvelope, FLOW1.binaryLetter]);
    expect(read<Xbin01>(binaryBytes).objects[0]?.objectIdentifier).toBe(FLOW1.object);

    const answer = await acknowledge(gateway, SOCIAL_KEY, LEGACY_RECEIVER, id, { code: "ok" });
    expect(answer.status).toBe(202);
    const ackId = String(answer.body.id);
    await waitForStatus(gateway, ackId, ["delivered"]);

    const path = `/v1/mailboxes/${LEGACY_SENDER}/messages/${ackId}`;
    const first = await gateway.request("GET", path, { key: KEYS.bup });
    expect(first.headers.get("x-gateway-document")).toBe("xctl");
    expect(first.headers.get("link")).toContain(`${path}/documents/xctl-2`);
    const second = await gateway.request("GET", `${path}/documents/xctl-2`, { key: KEYS.bup });
    const documents = [new Uint8Array(await first.arrayBuffer()), new Uint8Array(await second.arrayBuffer())];
    const xctls = documents.map((d) => {
      expect(xsdValid(d, "xctl")).toBeUndefined();
      return read<Xctl>(d);
    });
    expect(xctls.map((x) => [x.kind, x.original.envelopeIdentifier, x.original.letters[0]?.identifier])).toEqual([
      ["xctl03", FLOW1.envelope, FLOW1.letter],
      ["xctl03", FLOW1.binaryEnvelope, FLOW1.binaryLetter],
    ]);
    expect(xctls.map((x) => [x.sender, x.receiver])).toEqual([
      [LEGACY_RECEIVER, LEGACY_SENDER],
      [LEGACY_RECEIVER, LEGACY_SENDER],
    ]);
  });
});
