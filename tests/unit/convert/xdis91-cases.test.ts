import { describe, expect, test } from "vitest";
import { legacyUuid } from "../../../src/medcom/convert/legacy-uuid.js";
import { convertedIds } from "../../../src/medcom/convert/xdis91-to-cc.js";
import type { Encounter } from "../../../src/medcom/model/index.js";
import type { Xdis91 } from "../../../src/medcom/oioxml/model.js";
import { IdentifierSystem, sorEndpoint } from "../../../src/medcom/systems.js";
import { writeFhirJson, writeFhirXml } from "../../../src/medcom/fhir/index.js";
import { readBundle } from "../../support/messages.js";
import {
  attachmentSegments,
  byReference,
  communication,
  header,
  patient,
  segmentId,
  textSegment,
} from "./bundle-parts.js";
import { convert, errorsOf, withLetter } from "./flow1-convert.js";
import { FLOW1_PARTIES, flow1Xbin01, flow1Xdis91 } from "./legacy-examples.js";

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

describe("serialisation", () => {
  test("a converted letter with every optional part survives FHIR JSON unchanged and FHIR XML as the same document", () => {
    const letter = withLetter((l) => {
      l.patient.episodeOfCareStatus = "doed";
      l.letter.episodeOfCareIdentifier = "94cd3c1f98b957b98f066f8aabf2fb86";
      l.references.push({ description: "Vejledning", url: "https://www.medcom.dk/v.pdf" });
    });
    const { bundle } = convert(letter);
    // XML: the same document again (the narrative's &quot; comes back as a plain quote in the model).
    const xml = writeFhirXml(bundle);
    expect(writeFhirXml(readBundle(xml, "xml"))).toBe(xml);
    expect(readBundle(writeFhirJson(bundle), "json")).toEqual(bundle);
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
    const binary = flow1Xbin01();
    binary.patient = { surname: "Ann Berggren", alternativeIdentifier: "0101001AB1" };
    const { bundle, issues } = convert(letter, binary);
    expect(issues).toEqual([]);
    expect(errorsOf({ bundle })).toEqual([]);
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
