// The compose path's validation (issue 17, point 3): a letter the gateway's builder made from a compose request of
// kind `new` is validated with `built: true`, which leaves out the checks of the builder's own work. These tests are
// the reason that is safe: over many requests — every category, attachment, party, encounter and text variant the
// compose request allows, and values that pass the request's checks but not the validator's — the shortened
// validation finds exactly the issues the whole one finds. A request that only the whole validation would refuse
// fails the first test.
import { describe, expect, test } from "vitest";
import type { Party } from "../../../src/medcom/builders/index.js";
import { buildCareCommunication } from "../../../src/medcom/builders/index.js";
import {
  CATEGORY_CODES,
  ENCOUNTER_CLASSES,
  ENCOUNTER_STATUSES,
  MIME_TYPES,
} from "../../../src/medcom/compose/codes.js";
import { parseComposeRequest } from "../../../src/medcom/compose/index.js";
import type { Bundle } from "../../../src/medcom/model/index.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import type { Issue } from "../../../src/util/issues.js";
import { DEMO_PARTIES, NOW, sequentialIds } from "../../support/build.js";
import { readFixture } from "../../support/shared.js";

type Json = Record<string, unknown>;
const fixture = (name: string) => JSON.parse(readFixture(`compose/${name}`)) as Json;
const BASES = [
  "new-ppr-to-gp.json",
  "new-other-with-topic.json",
  "new-regarding-referral-asap.json",
  "new-with-attachments.json",
];

const PDF = Buffer.from("%PDF-1.4\n%âãÏÓ\n1 0 obj <</Type/Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF").toString(
  "base64",
);
const TEXTS = [
  "Kort.",
  "  Indrykket tekst med mellemrum før og efter  ",
  "Linjer\nmed\r\nskift\tog tab",
  "Tegn der skal escapes: <b>fed</b> & \"citat\" 'enkelt' ]]> <!-- x -->",
  "Astrale tegn 😀 𝔘 og æøå ÆØÅ ü",
  "x".repeat(20_000),
  "2024-05-03T10:00 møde på skolen",
  '<div xmlns="http://www.w3.org/1999/xhtml">ikke markup</div>',
];
const CREATIONS = [
  "2024-05-03",
  "2024-05-03T10:00:00+01:00",
  "2024-05-03T10:00:00Z",
  "2024-05",
  "2024",
  "igår",
  "2024-13-45",
  "2024-05-03T10:00",
  "2024-05-03T25:00:00+01:00",
  " 2024-05-03",
];
const NAMES = ["Anne", " Anne ", "Anne-Marie O'Hara", "Ærø Øster Å", "A", "名前", "x".repeat(300)];
const ROLES = ["psykolog", "Psykolog", "SOCIALRÅDGIVER", "læge", "ukendt rolle", "  psykolog  "];
const PHONES = ["+45 12 34 56 78", "12345678", "+4512345678", "1-2-3"];
const CPRS = ["2509479989", "0101010000", "2512489996", "1111111118"];

function variants(): [string, Json][] {
  const out: [string, Json][] = [];
  const add = (name: string, base: string, change: (r: Json) => Json) =>
    out.push([`${base}: ${name}`, change(fixture(base))]);
  for (const base of BASES) {
    add("as is", base, (r) => r);
    for (const [i, text] of TEXTS.entries()) add(`text ${i}`, base, (r) => ({ ...r, text }));
    for (const name of NAMES) {
      add(`author given ${name.slice(0, 12)}`, base, (r) => ({ ...r, author: { ...(r.author as Json), given: name } }));
      add(`patient family ${name.slice(0, 12)}`, base, (r) => ({
        ...r,
        patient: { ...(r.patient as Json), family: name },
      }));
      add(`careTeam ${name.slice(0, 12)}`, base, (r) => ({ ...r, specificSender: { careTeam: name } }));
    }
    for (const role of ROLES) add(`role ${role}`, base, (r) => ({ ...r, author: { ...(r.author as Json), role } }));
    for (const phone of PHONES)
      add(`phone ${phone}`, base, (r) => ({ ...r, author: { ...(r.author as Json), phone } }));
    for (const cpr of CPRS) add(`cpr ${cpr}`, base, (r) => ({ ...r, patient: { ...(r.patient as Json), cpr } }));
    add("no given names", base, (r) => ({ ...r, patient: { cpr: "2509479989", family: "Elmer" } }));
    add("ten given names", base, (r) => ({
      ...r,
      patient: { ...(r.patient as Json), given: NAMES.slice(0, 7).concat(["B", "C", "D"]) },
    }));
    for (const category of CATEGORY_CODES)
      add(`category ${category}`, base, (r) => ({ ...r, category, topic: "Emne", priority: undefined }));
    add("priority routine", base, (r) => ({ ...r, category: "regarding-referral", priority: "routine" }));
    add("topic of 200", base, (r) => ({ ...r, topic: "t".repeat(200) }));
    add("topic with blanks", base, (r) => ({ ...r, topic: "  emne  " }));
    for (const contentType of MIME_TYPES)
      add(`attachment ${contentType}`, base, (r) => ({
        ...r,
        attachments: [{ title: "Bilag", contentType, data: PDF }],
      }));
    for (const creation of CREATIONS)
      add(`creation ${creation}`, base, (r) => ({
        ...r,
        attachments: [{ title: "Bilag", contentType: "application/pdf", data: PDF, creation }],
      }));
    add("link with creation", base, (r) => ({
      ...r,
      attachments: [{ title: "Link", url: "https://example.org/a b", creation: "2024-05-03" }],
    }));
    add("empty data", base, (r) => ({
      ...r,
      attachments: [{ title: "Tom", contentType: "application/pdf", data: "" }],
    }));
    add("data with line breaks", base, (r) => ({
      ...r,
      attachments: [{ title: "Bilag", contentType: "application/pdf", data: `${PDF.slice(0, 8)}\n${PDF.slice(8)}` }],
    }));
    add("many attachments", base, (r) => ({
      ...r,
      attachments: Array.from({ length: 12 }, (_, i) => ({
        title: `Bilag ${i}`,
        contentType: "application/pdf",
        data: PDF,
      })),
    }));
    add("practitioners", base, (r) => ({
      ...r,
      specificSender: { practitioner: { given: "Ole", family: "Hansen", role: "psykolog" } },
      specificRecipient: { practitioner: { given: " Eva", family: "Berg ", role: "fri tekst" } },
    }));
    for (const cls of ENCOUNTER_CLASSES?.codes ?? [])
      for (const status of ENCOUNTER_STATUSES)
        add(`encounter ${cls} ${status}`, base, (r) => ({
          ...r,
          encounter: { episodeOfCare: "urn:uuid:6f1c2a3b-4d5e-5f60-8a7b-9c0d1e2f3a4b", class: cls, status },
        }));
    // A version 4 UUID passes the request's check but not the validator's (LPR3 wants version 5): refused both ways.
    add("episode v4", base, (r) => ({
      ...r,
      encounter: { episodeOfCare: "urn:uuid:6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b" },
    }));
    add("local episode", base, (r) => ({
      ...r,
      encounter: { episodeOfCare: "EP 42 ", system: "https://sor.example/ep" },
    }));
    add("upper-case episode", base, (r) => ({
      ...r,
      encounter: { episodeOfCare: "URN:UUID:6F1C2A3B-4D5E-4F60-8A7B-9C0D1E2F3A4B" },
    }));
  }
  return out;
}

const PARTY_VARIANTS: Record<string, Party> = {
  ...DEMO_PARTIES,
  // What a directory may hold: a name with odd spacing and characters, an id that is not a SOR id.
  "5790000000005": { gln: "5790000000005", sor: "123", name: " Klinik  <Nord> & Co " },
};

function buildFrom(body: Json, receiver = String(body.receiver)): Bundle | undefined {
  const parsed = parseComposeRequest(body);
  if (!parsed.ok) return undefined;
  const party = (gln: string) => PARTY_VARIANTS[gln] ?? { gln, sor: "265161000016000", name: "Modtager" };
  return buildCareCommunication(parsed.value, {
    newId: sequentialIds(),
    now: NOW,
    parties: { sender: party(parsed.value.sender), receiver: party(receiver) },
  });
}

const errors = (issues: Issue[]) => issues.filter((i) => i.severity === "error");

describe("a letter built from a compose request of kind new: the shortened validation finds what the whole one finds", () => {
  const all = variants();
  const built = all.flatMap(([name, body]) => {
    const bundle = buildFrom(body);
    return bundle ? [[name, bundle] as const] : [];
  });

  test("the variants are many, and most pass the request's own checks", () => {
    expect(all.length).toBeGreaterThan(300);
    expect(built.length).toBeGreaterThan(all.length * 0.8);
  });

  test.each(built)("%s", (_name, bundle) => {
    const whole = validateMessage(bundle);
    const shortened = validateMessage(bundle, { built: true });
    expect(errors(shortened.issues)).toEqual(errors(whole.issues));
    expect(shortened.valid).toBe(whole.valid);
  });

  test("with a receiver whose directory entry is odd", () => {
    const bundle = buildFrom({ ...fixture("new-ppr-to-gp.json"), receiver: "5790000000005" }, "5790000000005");
    if (!bundle) throw new Error("not built");
    expect(errors(validateMessage(bundle, { built: true }).issues)).toEqual(errors(validateMessage(bundle).issues));
  });
});

describe("what the shortened validation still refuses", () => {
  test("an attachment's creation that is no FHIR dateTime: the same issue, at the same path", () => {
    const body = {
      ...fixture("new-ppr-to-gp.json"),
      attachments: [{ title: "Bilag", contentType: "application/pdf", data: PDF, creation: "igår" }],
    };
    const bundle = buildFrom(body);
    if (!bundle) throw new Error("not built");
    const shortened = errors(validateMessage(bundle, { built: true }).issues);
    expect(shortened.length).toBeGreaterThan(0);
    expect(shortened).toEqual(errors(validateMessage(bundle).issues));
  });

  test("it is shorter: a fault only the builder could make (a missing destination) is left to these tests", () => {
    const bundle = buildFrom(fixture("new-ppr-to-gp.json"));
    if (!bundle) throw new Error("not built");
    const header = bundle.entry?.[0]?.resource as { destination?: unknown };
    delete header.destination;
    expect(errors(validateMessage(bundle).issues).length).toBeGreaterThan(0);
    expect(errors(validateMessage(bundle, { built: true }).issues).length).toBeLessThan(
      errors(validateMessage(bundle).issues).length,
    );
  });
});
