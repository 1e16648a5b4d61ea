// Issue 15's end-to-end story, through one gateway on a real Redis: a PPR journal system that speaks only OIOXML
// (formats ["xdis91"], a file-drop) and a GP on CareCommunication (a mailbox) correspond without either noticing.
// - The PPR's XDIS91 with two attachments (in one XBIN01, sent first) reaches the GP as a valid CareCommunication
//   carrying the text, the patient and both attachments' data;
// - the GP's reply (JSON compose) reaches the PPR's folder as XDIS91 + XBIN01, valid against MedCom's XSDs, and the
//   GP's acknowledgement of the PPR's letter as two XCTL03 quoting the PPR's own envelope and letter ids;
// - the PPR's XCTL03 ×2 for the reply become one ok Acknowledgement at the GP, and the reply is `acknowledged`;
// - a broken XDIS91 is answered with an XCTL02 carrying MedCom's conversion error text (LEGACY.md §6.7).
// The OIOXML the PPR sends is made here with our writer from a hand-written model (not MedCom's example files, which
// the other legacy tests use), so the parties are the demo's PPR and GP.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeOioxml, type Xbin01, type Xctl, type Xdis91 } from "../../../src/medcom/oioxml/index.js";
import { readBundle } from "../../support/messages.js";
import type { Communication } from "../../../src/medcom/model/index.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import {
  acknowledge,
  demoConfig,
  GLN,
  KEYS,
  startTestGateway,
  until,
  waitForStatus,
  type TestGateway,
} from "../../support/gateway.js";
import { readOioxmlOrThrow, xsdValid } from "../../support/oioxml-received.js";

const dropDir = mkdtempSync(join(tmpdir(), "mg-legacy-ppr-"));
const OBJECTS = ["5a0e1c2d-3b4f-4a6b-8c7d-9e0f1a2b3c4d", "6b1f2d3e-4c5a-4b7c-9d8e-0f1a2b3c4d5e"] as const;
const PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
const SENT = { date: "2026-12-05", time: "09:30" };
const PPR_PARTY = {
  ean: GLN.ppr,
  identifier: GLN.ppr,
  identifierCode: "lokationsnummer",
  organisationName: "PPR Gribskov Kommune",
} as const;
const GP_PARTY = { ean: GLN.gp, identifier: GLN.gp, identifierCode: "lokationsnummer" } as const;
const PATIENT = { cpr: "2509479989", surname: "Elmer", given: "Bruno" };

function letterFromPpr(ids: { envelope: string; letter: string }, text: string): Xdis91 {
  return {
    kind: "xdis91",
    envelope: { sent: SENT, identifier: ids.envelope, acknowledgementCode: "pluspositivkvitt" },
    letter: {
      identifier: ids.letter,
      versionCode: "XD9134L",
      statisticalCode: "XDIS91",
      authorisation: SENT,
      statusCode: "nytbrev",
    },
    sender: { ...PPR_PARTY, telephone: "48300000" },
    receiver: GP_PARTY,
    patient: { ...PATIENT, episodeOfCareStatus: "ambulant" },
    subject: "Skolevægring",
    clinicalInformation: [text],
    references: [
      {
        description: "Psykologisk vurdering",
        bin: {
          objectIdentifier: OBJECTS[0].replaceAll("-", ""),
          objectCode: "vektor_grafik",
          extensionCode: "pdf",
          originalSize: PDF.length,
        },
      },
      {
        description: "Tegning",
        bin: {
          objectIdentifier: OBJECTS[1].replaceAll("-", ""),
          objectCode: "billede",
          extensionCode: "png",
          originalSize: PNG.length,
        },
      },
    ],
  };
}

const attachmentsFromPpr: Xbin01 = {
  kind: "xbin01",
  envelope: { sent: SENT, identifier: "PPRBIN0000001", acknowledgementCode: "pluspositivkvitt" },
  letter: {
    identifier: "PPRBINBREV0001",
    versionCode: "XB0131X",
    statisticalCode: "XBIN01",
    authorisation: SENT,
    statusCode: "nytbrev",
  },
  sender: PPR_PARTY,
  receiver: GP_PARTY,
  patient: PATIENT,
  objects: [
    {
      objectIdentifier: OBJECTS[0],
      objectCode: "vektor_grafik",
      extensionCode: "pdf",
      originalSize: PDF.length,
      base64: PDF.toString("base64"),
    },
    {
      objectIdentifier: OBJECTS[1],
      objectCode: "billede",
      extensionCode: "png",
      originalSize: PNG.length,
      base64: PNG.toString("base64"),
    },
  ],
};

/** The PPR system's XCTL03 for one document the gateway delivered to it. */
function receiptFromPpr(received: Xdis91 | Xbin01, own: string): Uint8Array {
  return writeOioxml({
    kind: "xctl03",
    envelope: { sent: SENT, identifier: `KV${own}`, acknowledgementCode: "minuspositivkvitt" },
    letter: { identifier: `BR${own}`, versionCode: "XC0330Q", statisticalCode: "XCTL03" },
    sender: GLN.ppr,
    receiver: received.sender.ean,
    original: {
      envelopeIdentifier: received.envelope.identifier,
      sender: received.sender.ean,
      receiver: GLN.ppr,
      letters: [{ identifier: received.letter.identifier, versionCode: received.letter.versionCode }],
    },
  });
}

/** The documents the gateway has written into the PPR's folder for one message, by part. */
function dropped(messageId: string): Map<string, Uint8Array> {
  const files = readdirSync(dropDir).filter((f) => f.startsWith(`${messageId}.`));
  return new Map(files.map((f) => [f.slice(messageId.length + 1, -".xml".length), readFileSync(join(dropDir, f))]));
}

let gateway: TestGateway;
beforeAll(async () => {
  const config = demoConfig();
  config.locations = config.locations.map((l) =>
    l.gln === GLN.ppr ? { ...l, formats: ["xdis91"], delivery: { adapter: "file-drop", dir: dropDir } } : l,
  );
  gateway = await startTestGateway({ config });
});
afterAll(async () => {
  await gateway.stop();
});

const postXml = (path: string, body: Uint8Array, headers: Record<string, string> = {}) =>
  gateway.request("POST", path, { key: KEYS.ppr, body, contentType: "application/xml", headers });

describe("a PPR that speaks only OIOXML and a GP on CareCommunication", () => {
  it("correspond in both directions with receipts, neither noticing the other's format", async () => {
    const pprIds = { envelope: "PPRKUV0000001", letter: "PPRBREV000001" };
    // 1. The XBIN01 first (it may come before its letter), then the XDIS91 that completes the pair.
    const waiting = await postXml("/v1/messages", writeOioxml(attachmentsFromPpr));
    expect(waiting.status).toBe(202);
    expect(await waiting.json()).toMatchObject({ status: "waiting-for-partner" });
    const posted = await postXml("/v1/messages", writeOioxml(letterFromPpr(pprIds, "Kære læge\nVi har testet Bruno.")));
    expect(posted.status).toBe(202);
    const { id: letterId } = (await posted.json()) as { id: string };
    await waitForStatus(gateway, letterId, ["delivered"]);

    // 2. The GP receives a valid CareCommunication with the text, the patient and both attachments.
    const fetched = await gateway.request("GET", `/v1/mailboxes/${GLN.gp}/messages/${letterId}`, {
      key: KEYS.gp,
      headers: { Accept: "application/fhir+json" },
    });
    const bundle = readBundle(await fetched.text(), "json");
    expect(validateMessage(bundle).issues.filter((i) => i.severity === "error")).toEqual([]);
    const communication = bundle.entry?.find((e) => e.resource?.resourceType === "Communication")
      ?.resource as Communication;
    expect(communication.payload?.[0]?.contentString).toBe("Kære læge\nVi har testet Bruno.");
    expect(communication.topic?.text).toBe("Skolevægring");
    expect(communication.payload?.slice(1).map((p) => p.contentAttachment?.data)).toEqual([
      PDF.toString("base64"),
      PNG.toString("base64"),
    ]);
    const patient = bundle.entry?.find((e) => e.resource?.resourceType === "Patient")?.resource;
    expect(JSON.stringify(patient)).toContain("2509479989");

    // 3. The GP acknowledges it: the PPR's folder gets two XCTL03 quoting its own XDIS91's and XBIN01's ids.
    const ack = await acknowledge(gateway, KEYS.gp, GLN.gp, letterId, { code: "ok" });
    expect(ack.status).toBe(202);
    const ackId = String(ack.body.id);
    await waitForStatus(gateway, ackId, ["delivered"]);
    const receipts = dropped(ackId);
    expect([...receipts.keys()].sort()).toEqual(["xctl", "xctl-2"]);
    const xctls = [...receipts.values()].map((bytes) => {
      expect(xsdValid(bytes, "xctl")).toBeUndefined();
      return readOioxmlOrThrow<Xctl>(bytes);
    });
    expect(xctls.map((x) => [x.kind, x.original.envelopeIdentifier, x.original.letters[0]?.identifier]).sort()).toEqual(
      [
        ["xctl03", attachmentsFromPpr.envelope.identifier, attachmentsFromPpr.letter.identifier],
        ["xctl03", pprIds.envelope, pprIds.letter],
      ],
    );
    expect((await waitForStatus(gateway, letterId, ["acknowledged"])).status).toBe("acknowledged");

    // 4. The GP replies in the thread with an attachment: the PPR's folder gets XDIS91 + XBIN01, valid and linked.
    const reply = await gateway.request("POST", "/v1/messages", {
      key: KEYS.gp,
      json: {
        kind: "reply",
        inReplyTo: letterId,
        sender: GLN.gp,
        category: "other",
        topic: "Skolevægring",
        text: "Tak for vurderingen.\nJeg ser Bruno i næste uge.",
        author: { given: "Anne", family: "Lund", role: "laege", phone: "+4548000000" },
        attachments: [{ title: "Journalnotat", contentType: "application/pdf", data: PDF.toString("base64") }],
      },
    });
    expect(reply.status).toBe(202);
    const { id: replyId, thread } = (await reply.json()) as { id: string; thread: string };
    expect(thread).toBe(communication.identifier?.[0]?.value);
    await waitForStatus(gateway, replyId, ["delivered"]);
    const documents = await until(() => {
      const d = dropped(replyId);
      return d.has("xdis91") && d.has("xbin01") ? d : undefined;
    });
    const replyLetter = documents.get("xdis91") ?? new Uint8Array();
    const replyBinary = documents.get("xbin01") ?? new Uint8Array();
    expect(xsdValid(replyLetter, "xdis91")).toBeUndefined();
    expect(xsdValid(replyBinary, "xbin01")).toBeUndefined();
    const xdis = readOioxmlOrThrow<Xdis91>(replyLetter);
    const xbin = readOioxmlOrThrow<Xbin01>(replyBinary);
    expect([xdis.sender.ean, xdis.receiver.ean, xdis.patient.cpr]).toEqual([GLN.gp, GLN.ppr, "2509479989"]);
    expect(xdis.clinicalInformation.join("\n")).toContain("Tak for vurderingen.\nJeg ser Bruno i næste uge.");
    expect(xdis.envelope.identifier.length).toBeLessThanOrEqual(14);
    // The XBIN01 carries the reply's new attachment; the XDIS91 refers to it by the same UUID without hyphens.
    expect(xbin.objects.map((o) => o.base64)).toEqual([PDF.toString("base64")]);
    const references = xdis.references.flatMap((r) => ("bin" in r ? [r.bin.objectIdentifier] : []));
    expect(references).toEqual([xbin.objects[0]?.objectIdentifier.replaceAll("-", "")]);

    // 5. The PPR's system receipts both documents; the gateway pairs them into one ok Acknowledgement to the GP.
    const first = await postXml("/v1/acknowledgements", receiptFromPpr(xdis, "000000001"));
    expect(first.status).toBeLessThan(300);
    const second = await postXml("/v1/acknowledgements", receiptFromPpr(xbin, "000000002"));
    expect(second.status).toBeLessThan(300);
    const acknowledged = await waitForStatus(gateway, replyId, ["acknowledged"]);
    expect(acknowledged.acknowledgement?.code).toBe("ok");
  });

  it("answers a broken XDIS91 with an XCTL02 carrying MedCom's conversion error text", async () => {
    const broken = new TextDecoder("latin1")
      .decode(writeOioxml(letterFromPpr({ envelope: "PPRKUV0000009", letter: "PPRBREV000009" }, "Tekst")))
      .replace(/<PersonSurnameName>Elmer<\/PersonSurnameName>/, "");
    const answer = await postXml("/v1/messages", Buffer.from(broken, "latin1"), { Accept: "application/xml" });
    expect(answer.status).toBe(422);
    const bytes = new Uint8Array(await answer.arrayBuffer());
    expect(xsdValid(bytes, "xctl")).toBeUndefined();
    const receipt = readOioxmlOrThrow<Xctl>(bytes);
    expect(receipt.kind).toBe("xctl02");
    expect(receipt.original.envelopeIdentifier).toBe("PPRKUV0000009");
    const refusal = receipt.original.letters[0]?.refusal;
    expect(refusal?.code).toBe("syntaksfejl");
    expect(refusal?.text).toContain(
      "Konverteringen ml. XML/EDI og FHIR kunne ikke udføres korrekt pga. tekniske el. indholdsmæssige forhold i meddelelsen.",
    );
    expect(refusal?.text).toContain("PersonSurnameName");
  });
});
