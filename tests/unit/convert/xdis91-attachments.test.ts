// XDIS91 references and XBIN01 objects → attachment segments (LEGACY.md §3, §6.3, §6.7).
import { describe, expect, test } from "vitest";
import {
  ATTACHMENT_MISSING,
  ATTACHMENT_OTHER_PATIENT,
  ATTACHMENT_UNREFERENCED,
  awaitedObjectIds,
  carriedObjectIds,
} from "../../../src/medcom/convert/legacy-attachments.js";
import { attachmentSegments, communication, ownProvenance, segmentId } from "./bundle-parts.js";
import { convert, errorsOf, withLetter } from "./flow1-convert.js";
import { flow1Xbin01, flow1Xdis91 } from "./legacy-examples.js";

describe("pairing keys", () => {
  test("a letter's awaited object ids and an XBIN01's carried ones meet in one form", () => {
    expect(awaitedObjectIds(flow1Xdis91())).toEqual(["c39ea6b2605245e4a207415e0205ab6f"]);
    expect(carriedObjectIds(flow1Xbin01())).toEqual(awaitedObjectIds(flow1Xdis91()));
    const urlOnly = withLetter((l) => (l.references = [{ description: "Link", url: "https://www.medcom.dk" }]));
    expect(awaitedObjectIds(urlOnly)).toEqual([]);
  });
});

describe("attachments", () => {
  test("no XBIN01: MedCom's incomplete attachment (no data, no title) and an error issue (S1.A2, §6.7)", () => {
    const { bundle, issues } = convert(flow1Xdis91(), undefined);
    const [file] = attachmentSegments(bundle);
    expect(segmentId(file)).toBe("urn:uuid:c39ea6b2-6052-45e4-a207-415e0205ab6f");
    expect(file?.contentAttachment).toEqual({ contentType: "application/pdf" });
    expect(issues).toEqual([
      expect.objectContaining({
        severity: "error",
        code: ATTACHMENT_MISSING,
        path: "/Emessage/ClinicalEmail/Reference[1]/BIN/ObjectIdentifier",
      }),
    ]);
    // Deliberately invalid, as MedCom's converter makes it: the validator's only complaint is the missing title
    // (the errors MedCom lets the converter ignore here, Forudsætning 7).
    expect(errorsOf({ bundle }).map((i) => [i.code, i.path])).toEqual([
      ["cardinality-min", "Bundle.entry[1].resource.ofType(Communication).payload[1].contentAttachment.title"],
    ]);
  });

  test("an XBIN01 without the referenced object is the same incomplete case", () => {
    const binary = flow1Xbin01();
    binary.objects = binary.objects.map((o) => ({ ...o, objectIdentifier: "00000000-0000-4000-8000-000000000001" }));
    const { bundle, issues } = convert(flow1Xdis91(), binary);
    expect(issues.map((i) => [i.severity, i.code])).toEqual([
      ["error", ATTACHMENT_MISSING],
      ["warning", ATTACHMENT_UNREFERENCED],
    ]);
    // The unreferenced object is still attached (Forudsætning 5: every file is converted), titled by its ObjectCode.
    const files = attachmentSegments(bundle);
    expect(files.map((f) => segmentId(f))).toEqual([
      "urn:uuid:c39ea6b2-6052-45e4-a207-415e0205ab6f",
      "urn:uuid:00000000-0000-4000-8000-000000000001",
    ]);
    expect(files[1]?.contentAttachment?.title).toBe("billede");
  });

  test("an XBIN01 about another patient is never attached: incomplete, with the reason", () => {
    const binary = flow1Xbin01();
    if (binary.patient) binary.patient.cpr = "0101010101";
    const { bundle, issues } = convert(flow1Xdis91(), binary);
    expect(issues.map((i) => [i.severity, i.code])).toEqual([
      ["error", ATTACHMENT_OTHER_PATIENT],
      ["error", ATTACHMENT_MISSING],
    ]);
    expect(JSON.stringify(issues)).not.toContain("0101010101");
    expect(attachmentSegments(bundle).map((f) => f.contentAttachment)).toEqual([{ contentType: "application/pdf" }]);
  });

  test("the object is found whatever the case and hyphenation of its UUID", () => {
    const letter = withLetter((l) => {
      const ref = l.references[0];
      if (ref && "bin" in ref) ref.bin.objectIdentifier = "C39EA6B2605245E4A207415E0205AB6F";
    });
    const { bundle, issues } = convert(letter);
    expect(issues).toEqual([]);
    expect(segmentId(attachmentSegments(bundle)[0])).toBe("urn:uuid:c39ea6b2-6052-45e4-a207-415e0205ab6f");
  });

  test("a URL reference: url and title, a derived identifier, no XBIN01 needed", () => {
    const letter = withLetter((l) => {
      l.references = [{ description: "Vejledning", url: "https://www.medcom.dk/vejledning.pdf" }];
    });
    const first = convert(letter, undefined);
    expect(first.issues).toEqual([]);
    const [file] = attachmentSegments(first.bundle);
    expect(file?.contentAttachment).toEqual({ url: "https://www.medcom.dk/vejledning.pdf", title: "Vejledning" });
    expect(segmentId(file)).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(segmentId(attachmentSegments(convert(letter, undefined).bundle)[0])).toBe(segmentId(file));
    expect(errorsOf(first)).toEqual([]);
  });

  test("a file type outside CareCommunication's six is still converted; the validator names it (S1.A4)", () => {
    const binary = flow1Xbin01();
    binary.objects = binary.objects.map((o) => ({ ...o, extensionCode: "doc" }));
    const { bundle, issues } = convert(flow1Xdis91(), binary);
    expect(issues).toEqual([]);
    // The XBIN01's own file type wins over the reference's (pdf): it describes the bytes.
    expect(attachmentSegments(bundle)[0]?.contentAttachment?.contentType).toBe("application/msword");
    expect(errorsOf({ bundle }).map((i) => i.code)).toEqual(["code-not-in-value-set"]);
  });

  test("a SUP reference (paper supplement) has no segment", () => {
    const letter = withLetter((l) => (l.references = [{ description: "Papir", sup: true }]));
    expect(attachmentSegments(convert(letter, undefined).bundle)).toEqual([]);
  });

  test("several objects keep the letter's order; the Provenance names every segment", () => {
    const ids = ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"];
    const letter = withLetter((l) => {
      l.references = ids.map((id, i) => ({
        description: `Bilag ${i + 1}`,
        bin: { objectIdentifier: id.replaceAll("-", ""), objectCode: "billede", extensionCode: "png", originalSize: 3 },
      }));
    });
    const binary = flow1Xbin01();
    binary.objects = [...ids].reverse().map((id) => ({
      objectIdentifier: id,
      objectCode: "billede",
      extensionCode: "png",
      originalSize: 3,
      base64: "AAAA",
    }));
    const { bundle, issues } = convert(letter, binary);
    expect(issues).toEqual([]);
    const files = attachmentSegments(bundle);
    expect(files.map((f) => [segmentId(f), f.contentAttachment?.title, f.contentAttachment?.contentType])).toEqual([
      [`urn:uuid:${ids[0] ?? ""}`, "Bilag 1", "image/png"],
      [`urn:uuid:${ids[1] ?? ""}`, "Bilag 2", "image/png"],
    ]);
    expect(ownProvenance(bundle)?.entity?.map((e) => e.what.identifier?.value)).toEqual(
      communication(bundle).payload?.map((p) => segmentId(p)),
    );
    expect(errorsOf({ bundle })).toEqual([]);
  });
});
