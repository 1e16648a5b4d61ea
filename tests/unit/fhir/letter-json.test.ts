// measuredLetterJson (src/medcom/fhir/letter-json.ts) writes exactly writeFhirJson's text, joining proved compact base64
// in instead of escaping it (issue 17, point 3): over every compose fixture with attachments of every kind, the
// official examples, and a marker found in the letter's own text.
import type * as nodeCrypto from "node:crypto";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { readFhir, writeFhirJson } from "../../../src/medcom/fhir/index.js";
import { measuredLetterJson } from "../../../src/medcom/fhir/letter-json.js";
import type { Bundle } from "../../../src/medcom/model/index.js";
import { build, composeFixture, sequentialIds } from "../../support/build.js";

/** The letter's JSON as measuredLetterJson writes it. */
const writeLetterJson = (bundle: Bundle): string => measuredLetterJson(bundle).json;

const FIXED = vi.hoisted(() => ({ uuid: undefined as string | undefined }));
vi.mock("node:crypto", async (original) => {
  const crypto = await original<typeof nodeCrypto>();
  return { ...crypto, randomUUID: () => FIXED.uuid ?? crypto.randomUUID() };
});

const PDF = randomBytes(50_000).toString("base64");
const IMAGE = randomBytes(3_001).toString("base64");
const ATTACHMENTS = [
  { title: "Vurdering", contentType: "application/pdf", data: PDF },
  { title: "Foto", contentType: "image/jpeg", data: IMAGE },
  { title: "Foldet", contentType: "application/pdf", data: IMAGE.replace(/(.{76})/g, "$1\r\n") },
  { title: "Link", contentType: "application/pdf", url: "https://example.org/a.pdf" },
];
const FIXTURES = readdirSync(join(import.meta.dirname, "../../../test-fixtures/compose")).filter((f) =>
  f.startsWith("new-"),
);

describe("writeLetterJson", () => {
  it("is writeFhirJson's text for composed letters with none, one or several attachments, compact or folded", () => {
    let spliced = 0;
    for (const fixture of FIXTURES)
      for (let n = 0; n <= ATTACHMENTS.length; n++) {
        const attachments = ATTACHMENTS.slice(0, n);
        const letter = build(composeFixture(fixture, n === 0 ? {} : { attachments }), undefined, sequentialIds(n));
        const text = writeLetterJson(letter);
        expect(text, `${fixture} with ${n}`).toBe(writeFhirJson(letter));
        expect(measuredLetterJson(letter).bytes).toBe(Buffer.byteLength(text, "utf8"));
        if (n > 0) spliced++;
      }
    expect(spliced).toBeGreaterThan(10);
  });

  it("is writeFhirJson's text for the official examples and a letter read back (nothing proved: not joined)", () => {
    const dir = join(import.meta.dirname, "../../../../shared/medcom/examples");
    for (const file of readdirSync(dir).filter((f) => /\.(xml|json)$/.test(f) && !f.startsWith("oioxml"))) {
      const read = readFhir(readFileSync(join(dir, file)), file.endsWith(".json") ? "json" : "xml");
      if (!read.ok) continue;
      expect(writeLetterJson(read.value as Bundle), file).toBe(writeFhirJson(read.value));
      expect(measuredLetterJson(read.value as Bundle).bytes).toBe(Buffer.byteLength(writeFhirJson(read.value), "utf8"));
    }
    const letter = build(composeFixture("new-ppr-to-gp.json", { attachments: ATTACHMENTS }));
    const read = readFhir(writeFhirJson(letter), "json");
    if (!read.ok) throw new Error("unreadable");
    expect(writeLetterJson(read.value as Bundle)).toBe(writeFhirJson(letter));
  });

  it("a marker the letter's own text happens to hold is not trusted: written whole, the same text", () => {
    FIXED.uuid = "00000000-0000-4000-8000-00000000abcd";
    try {
      // The first attachment's title is the second's marker, as a JSON string: found before the second's data.
      const titled = [
        { title: `${FIXED.uuid}-1`, contentType: "application/pdf", data: PDF },
        { title: "Foto", contentType: "image/jpeg", data: IMAGE },
      ];
      const letter = build(composeFixture("new-ppr-to-gp.json", { attachments: titled }));
      expect(writeFhirJson(letter)).toContain(`"${FIXED.uuid}-1"`);
      expect(writeLetterJson(letter)).toBe(writeFhirJson(letter));
      expect(writeLetterJson(letter)).toContain(PDF);
      expect(measuredLetterJson(letter).bytes).toBe(Buffer.byteLength(writeFhirJson(letter), "utf8"));
    } finally {
      FIXED.uuid = undefined;
    }
  });

  it("does not change the letter", () => {
    const letter = build(composeFixture("new-ppr-to-gp.json", { attachments: ATTACHMENTS }));
    const before = structuredClone(letter);
    writeLetterJson(letter);
    expect(letter).toEqual(before);
  });
});
