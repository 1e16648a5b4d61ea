// envelopeFor (LEGACY.md §5.2; DOMAIN.md §4.2): Format, Name, Version and ServiceTags per payload, a new
// EnvelopeIdentifier per send, MessageIdentifier = the message's id, SentDateTime as Danish wall-clock time.
import { describe, expect, test } from "vitest";
import {
  ACKNOWLEDGEMENT_VERSION,
  envelopeFor,
  fitsVans,
  readVansEnvelope,
  type VansPayload,
  writeVansEnvelope,
} from "../../../src/medcom/vans/index.js";
import { MESSAGE_ID, RECEIVER, SENDER } from "../../support/vans-documents.js";

const bytes = new TextEncoder().encode("{}");
const to = { sender: SENDER, receiver: RECEIVER };
const cc: VansPayload = {
  kind: "care-communication",
  messageId: MESSAGE_ID,
  category: "examination-results",
  mime: "application/fhir+json",
  bytes,
};

describe("envelopeFor", () => {
  test("CareCommunication: HL7, MCM:FDIS91#<category>, 5.0, MCM:MIME, reliable", () => {
    const e = envelopeFor(cc, { ...to, now: Date.parse("2020-08-26T15:12:13Z") });
    expect(e).toMatchObject({
      kind: "message",
      sender: { id: SENDER, type: "EAN" },
      receiver: { id: RECEIVER, type: "EAN" },
      // Summer time: +02:00, written without an offset as in MedCom's example.
      sentDateTime: "2020-08-26T17:12:13",
      meta: {
        identifier: MESSAGE_ID,
        document: { format: "HL7", name: "MCM:FDIS91#examination-results", version: "5.0", sizeInBytes: 2 },
        transport: {
          type: "reliable",
          transformMessage: false,
          serviceTags: [{ name: "MCM:MIME", value: "application/fhir+json" }],
        },
      },
    });
    expect(e.data.bytes()).toBe(bytes);
    expect(readVansEnvelope(writeVansEnvelope(e)).ok).toBe(true);
  });

  test("a new EnvelopeIdentifier for every send, the same MessageIdentifier", () => {
    const a = envelopeFor(cc, to);
    const b = envelopeFor(cc, to);
    expect(a.envelopeIdentifier).not.toBe(b.envelopeIdentifier);
    expect(a.envelopeIdentifier).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.meta.identifier).toBe(b.meta.identifier);
    expect(envelopeFor(cc, { ...to, envelopeIdentifier: "x", transformMessage: true })).toMatchObject({
      envelopeIdentifier: "x",
      meta: { transport: { transformMessage: true } },
    });
  });

  test.each(["ok", "transient-error", "fatal-error"] as const)(
    "Acknowledgement %s: MCM:FCTL#<code>, version 2.0",
    (code) => {
      const e = envelopeFor(
        { kind: "acknowledgement", messageId: MESSAGE_ID, code, mime: "application/fhir+xml", bytes },
        to,
      );
      expect(e.meta.document).toEqual({
        format: "HL7",
        name: `MCM:FCTL#${code}`,
        version: ACKNOWLEDGEMENT_VERSION,
        sizeInBytes: 2,
      });
      expect(ACKNOWLEDGEMENT_VERSION).toBe("2.0");
      expect(e.meta.transport?.serviceTags).toEqual([{ name: "MCM:MIME", value: "application/fhir+xml" }]);
    },
  );

  test.each([
    ["xdis91", "MCM:XDIS91", "XD9134L"],
    ["xbin01", "MCM:XBIN01", "XB0131X"],
    ["xctl01", "MCM:XCTL01", "XC0130Q"],
    ["xctl02", "MCM:XCTL02", "XC0230Q"],
    ["xctl03", "MCM:XCTL03", "XC0330Q"],
  ] as const)("OIOXML %s: XML, %s, %s (unconfirmed, LEGACY.md §5.2), no ServiceTag", (type, name, version) => {
    const e = envelopeFor({ kind: "oioxml", type, messageId: MESSAGE_ID, bytes }, to);
    expect(e.meta.document).toEqual({ format: "XML", name, version, sizeInBytes: 2 });
    expect(e.meta.transport).toEqual({ type: "reliable", transformMessage: false, serviceTags: [] });
  });

  test("refused: a message id that is not a lower-case UUID, a sender that is not a GLN, a bad category", () => {
    expect(() => envelopeFor({ ...cc, messageId: MESSAGE_ID.toUpperCase() }, to)).toThrow(RangeError);
    expect(() => envelopeFor(cc, { ...to, sender: "123" })).toThrow(RangeError);
    expect(() => envelopeFor(cc, { ...to, receiver: "123" })).toThrow(RangeError);
    expect(() => envelopeFor({ ...cc, category: "Examination Results" }, to)).toThrow(RangeError);
    expect(() => envelopeFor({ ...cc, category: "" }, to)).toThrow(RangeError);
  });

  test("100 MB including the envelope: base64 makes 4 of 3, so just under 75 MB of payload fit", () => {
    expect(fitsVans(74 * 1024 * 1024)).toBe(true);
    expect(fitsVans(75 * 1024 * 1024)).toBe(false);
    expect(fitsVans(76 * 1024 * 1024)).toBe(false);
    const big = { ...cc, bytes: { byteLength: 80 * 1024 * 1024 } as Uint8Array };
    expect(() => envelopeFor(big, to)).toThrow(/100 MB/);
  });
});
