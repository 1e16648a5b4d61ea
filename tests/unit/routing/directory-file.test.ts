// Issue 16, point 3: the exported directory file, CSV and JSON lines, every error by line and column or key.
import { describe, expect, test } from "vitest";
import { MAX_ISSUES, parseDirectoryFile } from "../../../src/routing/directory-file/index.js";
import { directoryCsv, directoryJsonLines, generateDirectory } from "../../support/directory-file.js";

const HEADER = "gln,sor,name,kind,municipality,formats,network";
const GOOD = "5790000123117,311000016009,Gribskov Kommune – PPR,ppr,Gribskov,FDIS91 5.0,vans";
const csv = (...lines: string[]): Buffer => Buffer.from([HEADER, ...lines].join("\n"));
const paths = (r: ReturnType<typeof parseDirectoryFile>) => r.issues.map((i) => `${i.path}: ${i.message}`);

describe("a generated export of 20,000 locations", () => {
  const generated = generateDirectory();
  const expected = generated.map((g) => g.entry);
  test("the generator makes valid, unique GLNs and a clearly named location per municipal service", () => {
    expect(new Set(expected.map((e) => e.gln)).size).toBe(20_000);
    expect(expected.map((e) => e.name)).toContain("Gribskov Kommune – PPR");
  });
  test("reads back exactly as CSV", () => {
    const result = parseDirectoryFile(Buffer.from(directoryCsv(generated)), "sor-export.csv");
    expect(result.issues).toEqual([]);
    expect(result.ok && result.value).toEqual(expected);
  });
  test("reads back exactly as JSON lines", () => {
    const result = parseDirectoryFile(Buffer.from(directoryJsonLines(generated)), "sor-export.jsonl");
    expect(result.issues).toEqual([]);
    expect(result.ok && result.value).toEqual(expected);
  });
});

describe("CSV", () => {
  test("columns in any order and case; quoted fields with commas, doubled quotes and line breaks; CRLF; a BOM", () => {
    const text =
      '\uFEFFName,GLN,Kind,SOR,Formats\r\n"Lægerne ""Kilden"", Hillerød",5790000123117,gp,311000016009,"FDIS91 5.0;XCTL01 XC0130Q"\r\n' +
      '"Herlev\r\nHospital",5790001348120,hospital,953741000016009,xdis91\r\n,,,,\r\n' +
      "Ærø Kommune – PPR,5790000209354,ppr,265161000016000,XDIS91 XD9134L;FDIS91 5.0\r\n";
    const result = parseDirectoryFile(Buffer.from(text), "export.csv");
    // The line break inside a quoted name is a control character in a name: refused, on the line the record starts.
    expect(paths(result)).toEqual([
      "line 3, column 1 (name): name contains a control character (a line break or tab)",
      // Line 6: the record before spans two lines.
      "line 6, column 5 (formats): registered for both FDIS91 and XDIS91 (MedCom allows one); the first is used",
    ]);
    const fixed = parseDirectoryFile(Buffer.from(text.replace("Herlev\r\nHospital", "Herlev Hospital")), "x.csv");
    expect(fixed.issues).toEqual([
      {
        severity: "warning",
        code: "directory-file",
        path: "line 5, column 5 (formats)",
        message: "registered for both FDIS91 and XDIS91 (MedCom allows one); the first is used",
      },
    ]);
    expect(fixed.ok && fixed.value).toEqual([
      {
        gln: "5790000123117",
        sor: "311000016009",
        name: 'Lægerne "Kilden", Hillerød',
        kind: "gp",
        formats: ["application/fhir+xml"],
        network: "vans",
      },
      {
        gln: "5790001348120",
        sor: "953741000016009",
        name: "Herlev Hospital",
        kind: "hospital",
        formats: ["xdis91"],
        network: "vans",
      },
      {
        gln: "5790000209354",
        sor: "265161000016000",
        name: "Ærø Kommune – PPR",
        kind: "ppr",
        formats: ["xdis91", "application/fhir+xml"],
        network: "vans",
      },
    ]);
  });

  test("every error by line and column, all of them, and nothing returned", () => {
    const result = parseDirectoryFile(
      csv(
        GOOD,
        "5790000123118,311000016009,Bad check digit,ppr,,FDIS91 5.0,vans",
        "5790001348120,123,Short SOR,dentist,,FDIS91 4.0,",
        "5790000209354,311000016009,,gp,,XCTL01 XC0130Q,edifact",
        "5790000209354,311000016009,too few columns",
        GOOD,
      ),
      "export.csv",
    );
    expect(result.ok).toBe(false);
    expect(paths(result)).toEqual([
      "line 3, column 1 (gln): gln must be 13 digits with a valid GS1 check digit",
      "line 4, column 2 (sor): sor must be at least 11 digits",
      "line 4, column 4 (kind): kind must be one of gp, ppr, child-psychiatry, municipality, hospital, other",
      expect.stringMatching(/^line 4, column 6 \(formats\): unknown message type "FDIS91 4.0"/),
      "line 5, column 3 (name): name must be a non-empty string",
      'line 5, column 7 (network): network must be "vans" (the one network the gateway reaches)',
      expect.stringMatching(/^line 5, column 6 \(formats\): formats names no message type the gateway sends/),
      "line 6: the line has 3 column(s), the header 7",
      "line 7, gln: GLN 5790000123117 is already listed on line 2",
    ]);
    expect(result.issues.every((i) => i.severity === "error" && i.code === "directory-file")).toBe(true);
  });

  test("a header with unknown, repeated or missing columns stops before the lines", () => {
    const result = parseDirectoryFile(Buffer.from("gln,navn,gln,kind\n1,2,3,4\n"), "x.csv");
    expect(paths(result)).toEqual([
      'line 1, column 2: unknown column "navn" (the columns are gln, sor, name, kind, municipality, formats, network)',
      "line 1, column 3: the column gln is named twice",
      "line 1: the header has no column sor",
      "line 1: the header has no column name",
      "line 1: the header has no column formats",
    ]);
  });

  test("malformed quoting is reported once per line, and an unclosed quote once for the file", () => {
    const result = parseDirectoryFile(
      csv(
        `5790000123117,"311000016009"x,A,gp,,FDIS91 5.0,`,
        `5790000123117,3110"00016009,A,gp,,FDIS91 5.0,`,
        GOOD,
        `"open,`,
        GOOD,
      ),
      "x.csv",
    );
    expect(paths(result)).toEqual([
      "line 2: column 2 has text after its closing quote (double a quote inside a quoted field)",
      "line 3: column 2 has a quote inside an unquoted field (quote the field and double the quote)",
      "line 5, column 1: a quote is opened and never closed (the rest of the file is inside it)",
    ]);
  });

  test("a huge field and too many columns are refused without being kept", () => {
    const huge = `5790000123117,311000016009,${"x".repeat(100_000)},gp,,FDIS91 5.0,`;
    const quotedHuge = `5790000123117,311000016009,"${"y".repeat(100_000)}",gp,,FDIS91 5.0,`;
    const wide = `${GOOD}${",".repeat(10_000)}`;
    expect(paths(parseDirectoryFile(csv(huge, quotedHuge, wide), "x.csv"))).toEqual([
      "line 2: column 3 is longer than 2000 characters",
      "line 3: column 3 is longer than 2000 characters",
      "line 4: the line has more than 64 columns",
    ]);
  });

  test("at most a hundred issues, then how many more", () => {
    const bad = Array.from({ length: 500 }, () => "5790000123118,311000016009,A,gp,,FDIS91 5.0,vans");
    const result = parseDirectoryFile(csv(...bad), "x.csv");
    expect(result.issues).toHaveLength(MAX_ISSUES + 1);
    expect(result.issues[MAX_ISSUES]).toMatchObject({ severity: "information", code: "more-issues" });
    expect(result.issues[MAX_ISSUES]?.message).toMatch(/^and 400 more issue\(s\)/);
  });

  test("an empty file, a header alone, and bytes that are not UTF-8 are refused", () => {
    expect(paths(parseDirectoryFile(Buffer.from(""), "x.csv"))).toEqual(["line 1: the file lists no locations"]);
    expect(paths(parseDirectoryFile(csv(), "x.csv"))).toEqual(["line 1: the file lists no locations"]);
    const latin1 = parseDirectoryFile(Buffer.from([0x67, 0x6c, 0x6e, 0x0a, 0xe6]), "x.csv");
    expect(latin1.ok).toBe(false);
    expect(latin1.issues[0]).toMatchObject({ code: "directory-file", message: "The file is not valid UTF-8." });
  });
});

describe("JSON lines", () => {
  const line = (o: Record<string, unknown>) =>
    JSON.stringify({ gln: "5790000123117", sor: "311000016009", name: "A", kind: "gp", formats: ["FDIS91 5.0"], ...o });

  test("every error by line and key; blank lines skipped; the format told by content when the name does not", () => {
    const text = [
      line({ municipality: "Gribskov" }),
      "",
      "{not json}",
      "{unterminated",
      "[1]",
      line({ gln: "5790001348120", formats: ["FDIS91 5.0", 1], extra: 1 }),
      '{"__proto__": {"x": 1}}',
      line({ gln: 5790000209354, name: "Tab\there" }),
      line({}),
    ].join("\n");
    const result = parseDirectoryFile(Buffer.from(text), "directory.txt");
    expect(paths(result)).toEqual([
      expect.stringMatching(/^line 3: The body is not valid JSON/),
      "line 4: the line must be one JSON object",
      "line 5: the line must be one JSON object",
      'line 6, key "extra": unknown key (the keys are gln, sor, name, kind, municipality, formats, network)',
      'line 6, key "formats": formats must be a list of strings (in CSV: separated by ;)',
      'line 7: The body is not valid JSON: the key "__proto__" is not allowed.',
      'line 8, key "gln": gln must be a non-empty string',
      'line 8, key "name": name contains a control character (a line break or tab)',
      "line 9, gln: GLN 5790000123117 is already listed on line 1",
    ]);
  });

  test("EER URIs and companion types; a line too long is refused unparsed", () => {
    const uri = "urn:dk:healthcare:medcom:messaging:oioxml:schema:xsd:meddis:xdis91:xd9134l";
    const ok = parseDirectoryFile(Buffer.from(line({ formats: ["XCTL02 XC0230Q", uri, "xdis91"] })), "x.jsonl");
    expect(ok.ok && ok.value[0]?.formats).toEqual(["xdis91"]);
    const long = parseDirectoryFile(Buffer.from(line({ name: "n".repeat(70_000) })), "x.jsonl");
    expect(paths(long)).toEqual(["line 1: the line is longer than 65536 characters"]);
  });
});
