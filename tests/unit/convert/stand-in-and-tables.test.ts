import { describe, expect, test } from "vitest";
import { buildAcknowledgement } from "../../../src/medcom/builders/index.js";
import { DEFAULT_MIME, fileTypeOfMime, mimeOfExtension } from "../../../src/medcom/convert/mime.js";
import { STAND_IN_TEXT, xbin01StandIn } from "../../../src/medcom/convert/xbin01-stand-in.js";
import { xdis91ToCareCommunication } from "../../../src/medcom/convert/xdis91-to-cc.js";
import { IdentifierSystem } from "../../../src/medcom/systems.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { sequentialIds } from "../../support/build.js";
import {
  attachmentSegments,
  gln,
  header,
  patient,
  receiverOrg,
  segmentId,
  senderOrg,
  textSegment,
} from "./bundle-parts.js";
import { FLOW1_PARTIES, flow1Xbin01, flow1Xdis91 } from "./legacy-examples.js";

describe("xbin01StandIn: an XBIN01 whose XDIS91 never came", () => {
  const standIn = xbin01StandIn(flow1Xbin01(), { parties: FLOW1_PARTIES });

  test("carries the XBIN01's parties, patient and files, and says what it is", () => {
    expect(gln(senderOrg(standIn))).toBe("5790001382445");
    expect(gln(receiverOrg(standIn))).toBe("5790000121441");
    expect(patient(standIn).identifier?.[0]?.value).toBe("2512489996");
    expect(textSegment(standIn)?.contentString).toBe(STAND_IN_TEXT);
    const [file] = attachmentSegments(standIn);
    expect(segmentId(file)).toBe("urn:uuid:c39ea6b2-6052-45e4-a207-415e0205ab6f");
    expect(file?.contentAttachment?.contentType).toBe("application/pdf");
    expect(file?.contentAttachment?.title).toBe("billede");
    expect(validateMessage(standIn).issues).toEqual([]);
  });

  test("is deterministic and is not the XDIS91's message", () => {
    expect(xbin01StandIn(flow1Xbin01(), { parties: FLOW1_PARTIES })).toEqual(standIn);
    const letter = xdis91ToCareCommunication(flow1Xdis91(), flow1Xbin01(), { parties: FLOW1_PARTIES }).bundle;
    expect(header(standIn).id).not.toBe(header(letter).id);
    expect(standIn.id).not.toBe(letter.id);
  });

  test("can be answered with a fatal-error Acknowledgement to the XBIN01's sender", () => {
    const ack = buildAcknowledgement({
      message: standIn,
      code: "fatal-error",
      issues: [{ code: "MSG_LOCAL_FAIL", message: "XDIS91 kom ikke." }],
      newId: sequentialIds(800),
      now: "2023-11-20T18:45:00+01:00",
    });
    expect(validateMessage(ack).issues).toEqual([]);
    expect(gln(receiverOrg(ack))).toBe("5790001382445");
  });

  test("an XBIN01 without patient (SystemInformation) still gives a stand-in", () => {
    const binary = flow1Xbin01();
    delete binary.patient;
    binary.systemInformation = { contents: "Systemdata" };
    const made = xbin01StandIn(binary, { parties: FLOW1_PARTIES });
    expect(patient(made).identifier?.[0]).toEqual({
      use: "official",
      system: IdentifierSystem.cpr,
      value: "0000000000",
    });
  });
});

describe("ObjectExtensionCode → MIME type (LEGACY.md §6.6, §10.5)", () => {
  test.each([
    ["pdf", "application/pdf"],
    ["gif", "image/gif"],
    ["jpeg", "image/jpeg"],
    ["jpg", "image/jpeg"],
    ["png", "image/png"],
    ["tiff", "image/tiff"],
    ["bmp", "image/bmp"],
    ["PDF", "application/pdf"],
    ["doc", "application/msword"],
    ["txt", "text/plain"],
    ["exe", DEFAULT_MIME],
    ["constructor", DEFAULT_MIME],
  ])("%s → %s", (code, mime) => {
    expect(mimeOfExtension(code)).toBe(mime);
  });
});

describe("MIME type → ObjectExtensionCode and ObjectCode, from the same table (LEGACY.md §6.6)", () => {
  test.each([
    ["application/pdf", "pdf", "vektor_grafik"],
    ["IMAGE/JPEG", "jpeg", "billede"],
    ["image/tiff", "tiff", "billede"],
    ["text/rtf", "rtf", "tekstfil"],
    ["audio/x-wav", "wav", "multimedie"],
    ["audio/midi", "mid", "multimedie"],
    ["application/octet-stream", "bin", "proprietaert_indhold"],
  ])("%s → %s / %s", (mime, extension, code) => {
    expect(fileTypeOfMime(mime)).toEqual({ extension, code });
  });

  test("an unknown type has none, and every extension's MIME type goes back to it", () => {
    expect(fileTypeOfMime("application/x-unknown")).toBeUndefined();
    expect(fileTypeOfMime("constructor")).toBeUndefined();
    for (const extension of ["pdf", "gif", "jpeg", "png", "tiff", "bmp", "pcx", "dcm", "txt", "rtf", "doc", "xls"]) {
      expect(fileTypeOfMime(mimeOfExtension(extension))?.extension).toBe(extension);
    }
    for (const extension of ["wpd", "wav", "mid", "mpg", "avi", "zip", "bin"]) {
      expect(fileTypeOfMime(mimeOfExtension(extension))?.extension).toBe(extension);
    }
  });
});
