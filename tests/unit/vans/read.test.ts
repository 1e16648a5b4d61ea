// Reading VANSEnvelope 1.0.4 (LEGACY.md §5.1): a message envelope and the three envelope receipts, read into the
// model. No official VANSEnvelope XSD or example exists in ../shared (LEGACY.md §0), so the documents are the tests'
// own (tests/support/vans-documents.ts), built from §5.1's structure.
import { describe, expect, test } from "vitest";
import { readVansEnvelope, VANS_MAX_BYTES, type VansEnvelope } from "../../../src/medcom/vans/index.js";
import {
  ENVELOPE_ID,
  MESSAGE_ID,
  PAYLOAD,
  RECEIVER,
  SENDER,
  messageEnvelope,
  negativeReceipt,
  negativeVans,
  positiveReceipt,
  replace,
} from "../../support/vans-documents.js";

function read(doc: string | Uint8Array): VansEnvelope {
  const result = readVansEnvelope(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

const expectedMeta = {
  identifier: MESSAGE_ID,
  processing: { providerIdentifier: "provider", serviceIdentifier: "service" },
  document: { format: "HL7", name: "MCM:FDIS91#examination-results", version: "5.0", sizeInBytes: PAYLOAD.length },
  transport: {
    type: "reliable",
    transformMessage: false,
    serviceTags: [{ name: "MCM:MIME", value: "application/fhir+xml" }],
  },
};

describe("readVansEnvelope", () => {
  test("a message envelope: head, MetaInformation, and Data decoded only when asked", () => {
    const envelope = read(Buffer.from(messageEnvelope, "utf8"));
    expect(envelope.kind).toBe("message");
    if (envelope.kind !== "message") return;
    expect(envelope.sender).toEqual({ id: SENDER, type: "EAN" });
    expect(envelope.receiver).toEqual({ id: RECEIVER, type: "EAN" });
    expect(envelope.envelopeIdentifier).toBe(ENVELOPE_ID);
    expect(envelope.sentDateTime).toBe("2020-08-26T17:12:13");
    expect(envelope.meta).toEqual(expectedMeta);
    // The base64 text is kept as read (with its line break); bytes() decodes it, white space skipped.
    expect(envelope.data.base64()).toContain("\n");
    expect(Buffer.from(envelope.data.bytes()).toString("utf8")).toBe(PAYLOAD);
  });

  test("the minimal message: no Processing, no Version, no Transport; a prefixed namespace", () => {
    const doc = messageEnvelope
      .replace(/<Processing>[^]*?<\/Processing>\s*/, "")
      .replace(/<Version>5.0<\/Version>\s*/, "")
      .replace(/<Transport>[^]*?<\/Transport>\s*/, "")
      .replace(`<VANSEnvelope xmlns=`, "<VANSEnvelope xmlns:v=")
      .replaceAll(/<(\/?)([A-Z])/g, "<$1v:$2");
    const envelope = read(doc);
    if (envelope.kind !== "message") throw new Error("not a message");
    expect(envelope.meta).toEqual({
      identifier: MESSAGE_ID,
      document: { format: "HL7", name: "MCM:FDIS91#examination-results", sizeInBytes: PAYLOAD.length },
    });
  });

  test("Transport without Type (reliable by default), TransformMessage 1, values with collapsible white space", () => {
    const doc = replace(
      replace(
        replace(messageEnvelope, "<Type>reliable</Type>", ""),
        "<TransformMessage>false</TransformMessage>",
        "<TransformMessage> 1 </TransformMessage>",
      ),
      `<SenderID EndPointType="EAN">${SENDER}</SenderID>`,
      `<SenderID EndPointType=" VANS "> ${SENDER} </SenderID>`,
    );
    const envelope = read(doc);
    if (envelope.kind !== "message") throw new Error("not a message");
    expect(envelope.sender).toEqual({ id: SENDER, type: "VANS" });
    expect(envelope.meta.transport).toEqual({
      transformMessage: true,
      serviceTags: [{ name: "MCM:MIME", value: "application/fhir+xml" }],
    });
  });

  test.each([
    ["SentDateTime", "2020-08-26T17:12:13", "2020-08-26T17:12:13.250+02:00"],
    ["SentDateTime", "2020-08-26T17:12:13", "2020-08-26T15:12:13Z"],
    ["SentDateTime", "2020-08-26T17:12:13", " 2020-08-26T17:12:13-01:30 "],
    ["SizeInBytes", `>${PAYLOAD.length}<`, ">+0<"],
    ["TransformMessage", ">false<", ">0<"],
    ["TransformMessage", ">false<", "> true <"],
    ["Format", ">HL7<", ">Other<"],
    ["Type", ">reliable<", ">unreliable<"],
  ])("%s %s may be written %s", (_, from, to) => {
    expect(readVansEnvelope(replace(messageEnvelope, from, to)).ok).toBe(true);
  });

  test("PositiveMessage", () => {
    expect(read(positiveReceipt)).toMatchObject({
      kind: "receipt",
      receipt: { kind: "positive-message", originalEnvelopeIdentifier: ENVELOPE_ID, originalMessage: expectedMeta },
    });
  });

  test("NegativeMessage with Error/Code", () => {
    expect(read(negativeReceipt)).toMatchObject({
      kind: "receipt",
      receipt: {
        kind: "negative-message",
        error: { code: 17, description: "Ukendt modtager" },
        originalEnvelopeIdentifier: ENVELOPE_ID,
        originalMessage: expectedMeta,
      },
    });
  });

  test("NegativeVans without Code and OriginalMessage", () => {
    const envelope = read(negativeVans);
    expect(envelope).toMatchObject({
      kind: "receipt",
      receipt: { kind: "negative-vans", error: { description: "Modtager ikke fundet" } },
    });
    if (envelope.kind === "receipt") {
      expect(envelope.receipt).not.toHaveProperty("originalMessage");
      expect(envelope.receipt.kind === "negative-vans" && envelope.receipt.error).not.toHaveProperty("code");
    }
  });

  test("NegativeVans with its OriginalMessage", () => {
    const doc = replace(
      negativeVans,
      "</OriginalEnvelopeIdentifier>",
      `</OriginalEnvelopeIdentifier><OriginalMessage><Identifier>${MESSAGE_ID}</Identifier><Document><Format>XML</Format><Name>MCM:XDIS91</Name><SizeInBytes>0</SizeInBytes></Document></OriginalMessage>`,
    );
    expect(read(doc)).toMatchObject({
      receipt: { originalMessage: { document: { format: "XML", name: "MCM:XDIS91", sizeInBytes: 0 } } },
    });
  });

  test("more than 100 MB is refused before parsing", () => {
    const big = new Uint8Array(VANS_MAX_BYTES + 1);
    const result = readVansEnvelope(big);
    expect(result.ok).toBe(false);
    expect(result.issues[0]).toMatchObject({ code: "vans-too-large", path: "/VANSEnvelope" });
  });
});
