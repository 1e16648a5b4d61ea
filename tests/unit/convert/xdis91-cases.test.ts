import { describe, expect, test } from "vitest";
import { ATTACHMENT_MISSING, ATTACHMENT_UNREFERENCED } from "../../../src/medcom/convert/legacy-attachments.js";
import { legacyUuid } from "../../../src/medcom/convert/legacy-uuid.js";
import { convertedIds, xdis91ToCareCommunication } from "../../../src/medcom/convert/xdis91-to-cc.js";
import type { Encounter } from "../../../src/medcom/model/index.js";
import type { Xbin01, Xdis91 } from "../../../src/medcom/oioxml/model.js";
import { IdentifierSystem, sorEndpoint } from "../../../src/medcom/systems.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import {
  attachmentSegments,
  byReference,
  communication,
  header,
  ownProvenance,
  patient,
  segmentId,
  textSegment,
} from "./bundle-parts.js";
import { FLOW1_PARTIES, flow1Xbin01, flow1Xdis91 } from "./legacy-examples.js";

const ctx = { parties: FLOW1_PARTIES };
/** With Flow1's XBIN01 unless another one, or `undefined` (none came), is given. */
const convert = (letter: Xdis91, ...binary: [Xbin01 | undefined] | []) =>
  xdis91ToCareCommunication(letter, binary.length === 0 ? flow1Xbin01() : binary[0], ctx);
const withLetter = (change: (l: Xdis91) => void): Xdis91 => {
  const l = flow1Xdis91();
  change(l);
  return l;
};
const errorsOf = (r: { bundle: Parameters<typeof validateMessage>[0] }) =>
  validateMessage(r.bundle).issues.filter((i) => i.severity === "error");

describe("determinism (issue 15 plan, decision 2)", () => {
  test("the same XDIS91 twice gives deep-equal Bundles", () => {
    expect(convert(flow1Xdis91())).toEqual(convert(flow1Xdis91()));
  });

  test("Bundle.id and MessageHeader.id are the derived ones, recomputable from the letter", () => {
    const { bundle } = convert(flow1Xdis91());
    expect({ bundle: bundle.id, header: header(bundle).id }).toEqual(convertedIds(flow1Xdis91()));
  });

  test("another letter id gives other ids everywhere (thread, segments, resources)", () => {
    const a = convert(flow1Xdis91()).bundle;
    const b = convert(withLetter((l) => (l.letter.identifier = "Brevt23400930"))).bundle;
    const ids = (x: typeof a) => [
      x.id,
      ...(x.entry ?? []).map((e) => e.resource?.id),
      communication(x).identifier?.[0]?.value,
      segmentId(textSegment(x)),
    ];
    const [idsA, idsB] = [ids(a), ids(b)];
    for (const id of idsB) expect(idsA).not.toContain(id);
    // The attachment keeps its own UUID: it is the file's identity, not the letter's.
    expect(segmentId(attachmentSegments(b)[0])).toBe(segmentId(attachmentSegments(a)[0]));
  });

  test("the same letter in a new envelope is a technical resend: new Bundle.id, same MessageHeader.id", () => {
    const a = convert(flow1Xdis91()).bundle;
    const b = convert(withLetter((l) => (l.envelope.identifier = "KuvNrerwerwe98"))).bundle;
    expect(b.id).not.toBe(a.id);
    expect(header(b).id).toBe(header(a).id);
  });

  test("another sender with the same letter id gives other ids", () => {
    expect(legacyUuid("5790001382445", "Brevt23400929", "messageheader")).not.toBe(
      legacyUuid("5790000121441", "Brevt23400929", "messageheader"),
    );
  });
});

describe("legacyUuid", () => {
  test("is a lower-case UUID with version 4 and the RFC 4122 variant, stable across runs", () => {
    const id = legacyUuid("5790001382445", "KuvNrerwerwe99", "bundle");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(legacyUuid("5790001382445", "KuvNrerwerwe99", "bundle")).toBe(id);
  });
  test("keeps the parts apart: moving text between them changes the id", () => {
    expect(legacyUuid("a", "bc", "d")).not.toBe(legacyUuid("ab", "c", "d"));
    expect(legacyUuid("a", "b", "cd")).not.toBe(legacyUuid("a", "bc", "d"));
  });
});

describe("patient", () => {
  test.each([
    ["0101001AB1", IdentifierSystem.xEcpr],
    ["0101007AB1", IdentifierSystem.xEcpr],
    ["0101000AB1", IdentifierSystem.dEcpr],
    ["0101005XY9", IdentifierSystem.dEcpr],
  ])("AlternativeIdentifier %s → %s by its 7th character (§6.3)", (value, system) => {
    const letter = withLetter((l) => (l.patient = { ...l.patient, cpr: undefined, alternativeIdentifier: value }));
    delete letter.patient.cpr;
    expect(patient(convert(letter).bundle).identifier).toEqual([{ use: "temp", system, value }]);
  });

  test("a national replacement CPR passes the validator", () => {
    const letter = withLetter((l) => {
      delete l.patient.cpr;
      l.patient.alternativeIdentifier = "0101001AB1";
    });
    expect(errorsOf(convert(letter))).toEqual([]);
  });

  test("no address fields, no address", () => {
    const letter = withLetter((l) => {
      delete l.patient.streetName;
      delete l.patient.districtName;
      delete l.patient.postCode;
    });
    expect(patient(convert(letter).bundle).address).toBeUndefined();
  });
});

describe("EpisodeOfCareStatusCode (use cases §4.2.1)", () => {
  const LPR3 = "94cd3c1f98b957b98f066f8aabf2fb86";
  const encounterOf = (letter: Xdis91) => {
    const { bundle } = convert(letter);
    return byReference<Encounter>(bundle, communication(bundle).encounter?.reference);
  };
  test.each([
    ["inaktiv", "other", "unknown"],
    ["indlagt", "IMP", "in-progress"],
    ["ambulant", "AMB", "in-progress"],
    ["doed", "other", "finished"],
    ["ambulant_roentgen", "AMB", "in-progress"],
  ] as const)("%s → class %s, status %s", (code, klass, status) => {
    const letter = withLetter((l) => {
      l.patient.episodeOfCareStatus = code;
      l.letter.episodeOfCareIdentifier = LPR3;
    });
    const encounter = encounterOf(letter);
    expect(encounter?.class?.code).toBe(klass);
    expect(encounter?.status).toBe(status);
    expect(patient(convert(letter).bundle).deceasedBoolean).toBe(code === "doed" ? true : undefined);
    expect(errorsOf(convert(letter))).toEqual([]);
  });

  test("the episode identifier gets its hyphens back; a UUID v5 is an LPR3 episode", () => {
    const letter = withLetter((l) => (l.letter.episodeOfCareIdentifier = LPR3.toUpperCase()));
    expect(encounterOf(letter)?.episodeOfCare).toEqual([
      {
        identifier: { system: IdentifierSystem.lpr3Episode, value: "urn:uuid:94cd3c1f-98b9-57b9-8f06-6f8aabf2fb86" },
      },
    ]);
  });

  test("any other episode identifier is a local one under the sender's SOR endpoint", () => {
    const letter = withLetter((l) => (l.letter.episodeOfCareIdentifier = "c39ea6b2605245e4a207415e0205ab6f"));
    expect(encounterOf(letter)?.episodeOfCare?.[0]?.identifier).toEqual({
      system: sorEndpoint(FLOW1_PARTIES.sender.sor),
      value: "c39ea6b2-6052-45e4-a207-415e0205ab6f",
    });
    expect(errorsOf(convert(letter))).toEqual([]);
  });

  test("indlagt without an episode identifier gives no Encounter (invariant -9); doed still gives deceased", () => {
    expect(encounterOf(withLetter((l) => (l.patient.episodeOfCareStatus = "indlagt")))).toBeUndefined();
    const dead = withLetter((l) => (l.patient.episodeOfCareStatus = "doed"));
    expect(encounterOf(dead)).toBeUndefined();
    expect(patient(convert(dead).bundle).deceasedBoolean).toBe(true);
    expect(errorsOf(convert(dead))).toEqual([]);
  });
});

describe("text, topic and priority", () => {
  test("several ClinicalInformation blocks are joined with a line feed", () => {
    const letter = withLetter((l) => {
      l.clinicalInformation = ["Første blok.", "Anden blok."];
      l.priority = "rutine";
    });
    expect(textSegment(convert(letter).bundle)?.contentString).toBe("Første blok.\nAnden blok.");
  });
  test("no Subject → topic 'Ukendt emne'; a routine letter has no priority sentence", () => {
    const letter = withLetter((l) => {
      delete l.subject;
      delete l.priority;
    });
    const { bundle } = convert(letter);
    expect(communication(bundle).topic).toEqual({ text: "Ukendt emne" });
    expect(textSegment(bundle)?.contentString?.startsWith("Afdeling A")).toBe(true);
    expect(errorsOf({ bundle })).toEqual([]);
  });
  test("a letter without text still has a valid text segment", () => {
    const letter = withLetter((l) => {
      l.clinicalInformation = [];
      delete l.priority;
    });
    expect(textSegment(convert(letter).bundle)?.contentString).toBe("(XDIS91 uden tekst)");
    expect(errorsOf(convert(letter))).toEqual([]);
  });
  test("the sender's telephone, when given, is the author's contact", () => {
    const letter = withLetter((l) => (l.sender.telephone = "65432030"));
    const contact = textSegment(convert(letter).bundle)?.extension?.find((e) => e.valueContactPoint);
    expect(contact?.valueContactPoint?.value).toBe("65432030");
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
