// The way out end to end through the OIOXML way in (issue 15 point 3; helper D1's ingress): MedCom's Flow1 XDIS91 +
// XBIN01, posted as application/xml by one legacy location, reach another legacy location with the sender's own ids
// (as a pass-through would), valid against MedCom's XSDs; its system answers through the JSON API, and the sender
// fetches the Acknowledgement as two XCTL03 that quote the ids of both documents. And a legacy receiver's own XCTL03
// for such a letter finds it (it quotes the sender's ids) and reaches the sender as the same receipt.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeOioxml, type Xbin01, type Xctl, type Xdis91 } from "../../../src/medcom/oioxml/index.js";
import {
  acknowledge,
  demoConfig,
  KEYS,
  startTestGateway,
  waitForStatus,
  type TestGateway,
} from "../../support/gateway.js";
import { FLOW1, LEGACY_RECEIVER, LEGACY_SENDER, xbin01, xdis91 } from "../../support/legacy-letters.js";
import { idsOf, readOioxmlOrThrow, xsdValid } from "../../support/oioxml-received.js";

/** A system of Gribskov's social services (Flow1's receiver) that fetches and answers through the API. */
const SOCIAL_KEY = "social-gribskov-test-system-key";

let gateway: TestGateway;
beforeAll(async () => {
  const config = demoConfig({
    clients: [{ id: "social-test", apiKey: SOCIAL_KEY, locations: [LEGACY_RECEIVER], roles: ["send", "receive"] }],
  });
  // Flow1's two parties, the child psychiatry in Hillerød and Gribskov's social services, speak OIOXML.
  config.locations = config.locations.map((l) =>
    l.gln === LEGACY_SENDER || l.gln === LEGACY_RECEIVER ? { ...l, formats: ["xdis91", ...l.formats] } : l,
  );
  gateway = await startTestGateway({ config });
});
afterAll(async () => {
  await gateway.stop();
});

describe("a legacy location's letter to a legacy location, answered through the API", () => {
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
    expect(idsOf(readOioxmlOrThrow<Xdis91>(letter))).toEqual([FLOW1.envelope, FLOW1.letter]);
    expect(idsOf(readOioxmlOrThrow<Xbin01>(binaryBytes))).toEqual([FLOW1.binaryEnvelope, FLOW1.binaryLetter]);
    expect(readOioxmlOrThrow<Xbin01>(binaryBytes).objects[0]?.objectIdentifier).toBe(FLOW1.object);

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
      return readOioxmlOrThrow<Xctl>(d);
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

/** The XCTL03 a legacy receiver's system sends for a letter it received (LEGACY.md §4). */
const xctl03 = (original: { envelope: string; letter: string }, own: string): Uint8Array =>
  writeOioxml({
    kind: "xctl03",
    envelope: {
      sent: { date: "2026-12-05", time: "10:00" },
      identifier: `E${own}`,
      acknowledgementCode: "minuspositivkvitt",
    },
    letter: { identifier: `L${own}`, versionCode: "XC0330Q", statisticalCode: "XCTL03" },
    sender: LEGACY_RECEIVER,
    receiver: LEGACY_SENDER,
    original: {
      envelopeIdentifier: original.envelope,
      sender: LEGACY_SENDER,
      receiver: LEGACY_RECEIVER,
      letters: [{ identifier: original.letter, versionCode: "XD9134L" }],
    },
  });

describe("a legacy receiver's own XCTL for a letter from a legacy location", () => {
  it("acknowledges the letter, and the sender fetches an XCTL03 quoting its own ids", async () => {
    const ids = { envelope: "KuvEgress00001", letter: "BrevEgress0001" };
    const posted = await gateway.request("POST", "/v1/messages", {
      key: KEYS.bup,
      body: xdis91({ attachments: 0, ...ids }),
      contentType: "application/xml",
    });
    expect(posted.status).toBe(202);
    const { id } = (await posted.json()) as { id: string };
    await waitForStatus(gateway, id, ["delivered"]);
    const letter = await gateway.request("GET", `/v1/mailboxes/${LEGACY_RECEIVER}/messages/${id}`, { key: SOCIAL_KEY });
    expect(idsOf(readOioxmlOrThrow<Xdis91>(new Uint8Array(await letter.arrayBuffer())))).toEqual([
      ids.envelope,
      ids.letter,
    ]);

    const receipt = await gateway.request("POST", "/v1/acknowledgements", {
      key: SOCIAL_KEY,
      body: xctl03(ids, "Egress01"),
      contentType: "application/xml",
    });
    expect(receipt.status, await receipt.clone().text()).toBeLessThan(300);
    const record = await waitForStatus(gateway, id, ["acknowledged"]);
    const ackId = String((record as unknown as { acknowledgement: { id: string } }).acknowledgement.id);
    await waitForStatus(gateway, ackId, ["delivered"]);
    const fetched = await gateway.request("GET", `/v1/mailboxes/${LEGACY_SENDER}/messages/${ackId}`, { key: KEYS.bup });
    const bytes = new Uint8Array(await fetched.arrayBuffer());
    expect(xsdValid(bytes, "xctl")).toBeUndefined();
    expect(readOioxmlOrThrow<Xctl>(bytes).original).toMatchObject({
      envelopeIdentifier: ids.envelope,
      letters: [{ identifier: ids.letter, versionCode: "XD9134L" }],
    });
  });
});
