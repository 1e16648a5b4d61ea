// Issue 16, point 3 (and issue 11, point 4): reading a directory file costs time in proportion to its size whatever
// its shape — an unclosed quote, a huge field, a line of a million commas, every line an error — and 20,000 locations
// read in well under a second. Ratios of CPU time, not absolute times, on ~100 KB and ~1 MB of the same shape.
//
// Why not expectLinearCost as it stands: several of these shapes are refused in microseconds (an unclosed quote at
// the start is one native indexOf), and ten calls of a few microseconds are below what process.cpuUsage resolves on a
// busy machine, so a ratio of such readings is noise (a first attempt saw 61×). Here each batch repeats the call
// until it has used at least BATCH_MICROS of CPU, the best of several batches is kept, and the whole comparison is
// retried before it fails. And the issues are bounded (src/routing/directory-file/issues.ts), so a file with an error
// on every line does not build a hundred thousand issue objects for the collector to chase.
import { expect, test } from "vitest";
import { parseDirectoryFile } from "../../src/routing/directory-file/index.js";
import { directoryCsv, directoryJsonLines, generateDirectory } from "../support/directory-file.js";
import { LARGE, MAX_RATIO, repeated, SMALL } from "../support/linear-cost.js";

const BATCH_MICROS = 30_000;
const BATCHES = 5;
const ATTEMPTS = 3;

const cpu = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** CPU microseconds per call: calls per batch grown until a batch uses BATCH_MICROS, best of BATCHES batches. */
function perCall(run: () => unknown): number {
  let calls = 1;
  for (;;) {
    const start = cpu();
    for (let i = 0; i < calls; i++) run();
    if (cpu() - start >= BATCH_MICROS || calls >= 1 << 16) break;
    calls *= 2;
  }
  let best = Number.POSITIVE_INFINITY;
  for (let b = 0; b < BATCHES; b++) {
    const start = cpu();
    for (let i = 0; i < calls; i++) run();
    best = Math.min(best, (cpu() - start) / calls);
  }
  return Math.max(best, 0.001);
}

/** The file is given as text: decoding bytes to a string is Node's work, and a 1 MB string is allocated outside the
 *  young generation, so its collection would be charged to the large file alone (4 ms against 20 µs for 100 KB, on
 *  Buffer.toString by itself). The parser's own cost is what must grow linearly. */
function expectLinear(shape: (size: number) => string, name = "x.csv"): void {
  const small = shape(SMALL);
  const large = shape(LARGE);
  let ratio = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < ATTEMPTS && ratio >= MAX_RATIO; attempt++)
    ratio = perCall(() => parseDirectoryFile(large, name)) / perCall(() => parseDirectoryFile(small, name));
  if (ratio >= MAX_RATIO)
    throw new Error(`A 10× larger file cost ${ratio.toFixed(1)}× more (linear ≈ 10, allowed < ${MAX_RATIO}).`);
}

const HEADER = "gln,sor,name,kind,municipality,formats,network\n";
const GOOD = "5790000123117,311000016009,Gribskov Kommune – PPR,ppr,Gribskov,FDIS91 5.0,vans\n";
// (GOOD repeated is a duplicate GLN from its second line on: fine where only the cost is measured.)
const BAD_GLN = "5790000123118,311000016009,Gribskov Kommune – PPR,ppr,Gribskov,FDIS91 5.0,vans\n";
const messages = (text: string, name = "x.csv") => parseDirectoryFile(Buffer.from(text), name).issues;

test("an unclosed quote at the start: one issue, linear", () => {
  const shape = (size: number) => `"${repeated(GOOD, size, HEADER)}`;
  expect(messages(shape(SMALL)).map((i) => i.path)).toEqual(["line 1, column 1"]);
  expectLinear(shape);
});

test("an unclosed quote after many good lines, and a quoted field of line breaks: linear", () => {
  const exported = directoryCsv(generateDirectory());
  const good = (size: number) => `${exported.slice(0, exported.indexOf("\n", size) + 1)}"never closed`;
  expect(messages(good(SMALL)).map((i) => i.message)).toEqual([
    "a quote is opened and never closed (the rest of the file is inside it)",
  ]);
  expectLinear(good);
  expectLinear((size) => `${HEADER}"${"\n".repeat(size)}"`);
});

test("a huge field, quoted or not, and a line of commas: one issue each, linear", () => {
  const field = (size: number) => `${HEADER}5790000123117,311000016009,${"x".repeat(size)},gp,,FDIS91 5.0,\n`;
  const quoted = (size: number) => `${HEADER}5790000123117,311000016009,"${'x""'.repeat(size / 3)}",gp,,FDIS91 5.0,\n`;
  const commas = (size: number) => `${HEADER}${",".repeat(size)}\n`;
  const wideHeader = (size: number) => `${"gln,".repeat(size / 4)}\n${GOOD}`;
  for (const shape of [field, quoted, commas, wideHeader]) {
    expect(messages(shape(SMALL))).toHaveLength(1);
    expectLinear(shape);
  }
});

test("every line an error (a bad check digit, a stray quote, too few columns): issues bounded, linear", () => {
  for (const line of [BAD_GLN, '57900"00123117,x\n', "5790000123117,311000016009\n"]) {
    const shape = (size: number) => repeated(line, size, HEADER);
    expect(messages(shape(SMALL))).toHaveLength(101);
    expectLinear(shape);
  }
});

test("JSON lines: one huge line, every line broken JSON, deep nesting: bounded, linear", () => {
  const huge = (size: number) => `{"name":"${"n".repeat(size)}"}\n`;
  const broken = (size: number) => repeated('{"gln": "57900\n{"gln": 5790}}\n', size);
  const deep = (size: number) => repeated(`${"[".repeat(200)}\n`, size);
  for (const shape of [huge, broken, deep]) {
    expect(messages(shape(SMALL), "x.jsonl").length).toBeLessThanOrEqual(101);
    expectLinear(shape, "x.jsonl");
  }
});

test("20,000 locations read in well under a second of CPU, as CSV and as JSON lines", () => {
  const generated = generateDirectory();
  for (const [text, name] of [
    [directoryCsv(generated), "x.csv"],
    [directoryJsonLines(generated), "x.jsonl"],
  ] as const) {
    const bytes = Buffer.from(text);
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      const start = cpu();
      const result = parseDirectoryFile(bytes, name);
      best = Math.min(best, cpu() - start);
      expect(result.ok && result.value.length).toBe(20_000);
    }
    expect(best / 1000).toBeLessThan(1000);
  }
});
