// read(write(x)) = x for generated letters whose free text mixes Latin-1, characters beyond it, markup characters,
// line feeds, tabs and runs of spaces; a sample of them is also validated with xmllint.
import { describe, expect, test } from "vitest";
import { type Xctl, type Xdis91, readOioxml, writeOioxml } from "../../../src/medcom/oioxml/index.js";
import { emessageXsd } from "../../support/legacy-examples.js";
import { fullXdis91, xctl02 } from "../../support/oioxml-documents.js";
import { xmllintValidate } from "../../support/xmllint.js";

/** mulberry32: a small seeded generator, so a failure is reproducible. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  "a",
  "Z",
  "9",
  "æ",
  "ø",
  "Å",
  "é",
  "ß",
  "€",
  "😀",
  "π",
  "–",
  " ",
  "  ",
  "\t",
  "<",
  "&",
  ">",
  '"',
  "'",
  "]]>",
  "\u00a0",
  "\u0085",
  "Break",
  "<Break/>",
  "&amp;",
  "&lt;",
  "&#65;",
  "&#x41;",
  "&",
  "&;",
];

function text(next: () => number, maxPieces: number, lineFeeds: boolean): string {
  let out = "";
  const n = 1 + Math.floor(next() * maxPieces);
  for (let i = 0; i < n; i++) {
    out += lineFeeds && next() < 0.15 ? "\n" : (PIECES[Math.floor(next() * PIECES.length)] as string);
  }
  return out;
}

/** At most `max` characters (code points), never empty. */
function short(next: () => number, max: number): string {
  const value = [...text(next, max, true)].slice(0, max).join("");
  return value === "" ? "x" : value;
}

function letter(seed: number): Xdis91 {
  const next = random(seed);
  return {
    ...fullXdis91,
    sender: { ...fullXdis91.sender, organisationName: short(next, 35), departmentName: short(next, 35) },
    patient: { ...fullXdis91.patient, surname: short(next, 70), given: short(next, 70) },
    subject: short(next, 70),
    clinicalInformation: Array.from({ length: Math.floor(next() * 11) }, () => text(next, 40, true)),
    references: [{ description: short(next, 70), url: short(next, 350) }],
  };
}

function receipt(seed: number): Xctl {
  const next = random(seed);
  return {
    ...xctl02,
    original: { ...xctl02.original, refusal: { code: "syntaksfejl", text: text(next, 60, true) } },
  };
}

describe("generated documents survive writing and reading", () => {
  test("200 letters and 100 receipts", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const doc = letter(seed);
      const read = readOioxml(writeOioxml(doc));
      expect(read.ok ? read.value : read.issues, `seed ${seed}`).toEqual(doc);
    }
    for (let seed = 1; seed <= 100; seed++) {
      const doc = receipt(seed);
      const read = readOioxml(writeOioxml(doc));
      expect(read.ok ? read.value : read.issues, `seed ${seed}`).toEqual(doc);
    }
  });

  test.each([1, 2, 3, 4, 5, 6, 7, 8])("letter %i is valid for xmllint", (seed) => {
    const lint = xmllintValidate(writeOioxml(letter(seed)), emessageXsd.xdis91);
    expect(lint.valid, lint.output).toBe(true);
    const lintReceipt = xmllintValidate(writeOioxml(receipt(seed)), emessageXsd.xctl);
    expect(lintReceipt.valid, lintReceipt.output).toBe(true);
  });
});
