// `medcom-gateway convert` (issue 15, point 4) on MedCom's official conversion examples (LEGACY.md §6.8: Flow1 XDIS91
// + XBIN01 → CC → Flow2 Ack → XCTL03 ×2 is the consistent chain; Flow3 CC → XDIS91 + XBIN01, Flow4 XCTL03 ×2 → Ack of
// the Flow3 CC), and the usage errors. The results are checked by the project's validator (FHIR) and by xmllint
// against MedCom's XSDs (OIOXML).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { run } from "../../../src/cli.js";
import type { CliIo } from "../../../src/cli/io.js";
import { OioNamespace } from "../../../src/medcom/oioxml/index.js";
import { emessageXsd, legacyRoot } from "../../support/legacy-examples.js";
import { examplesDir, projectRoot } from "../../support/shared.js";
import { xmllintValidate } from "../../support/xmllint.js";

const flows = join(legacyRoot, "examples/conversion-flows");
const FLOW1_XDIS91 = join(flows, "Flow1-XDIS91_Ex_to_FHIR.xml");
const FLOW1_XBIN01 = join(flows, "Flow1-XBIN01_Ex_to_FHIR.xml");
const FLOW1_CC = join(flows, "Flow1-CareCommunication_Ex_from_OIOXML.xml");
const FLOW2_ACK = join(flows, "Flow2-Acknowledgement_Ex_to_OIOXML.xml");
const FLOW3_CC = join(flows, "Flow3-CareCommunication_Ex_to_OIOXML.xml");
const FLOW4_XCTL_XDIS91 = join(flows, "Flow4-XCTL03_Ex_to_FHIR_XDIS91.xml");
const FLOW4_XCTL_XBIN01 = join(flows, "Flow4-XCTL03_Ex_to_FHIR_XBIN01.xml");
const FLOW3_MESSAGE_ID = "080d88be-177c-42a4-9124-de4e73ad485a";

/** A CLI with the demo configuration; `files` are extra in-memory files (edited copies of the examples). */
function cli(files: Record<string, string | Buffer> = {}) {
  const captured = { out: "", err: "", bytes: [] as Buffer[] };
  const io: CliIo = {
    out: (t) => (captured.out += t),
    outBytes: (b) => captured.bytes.push(Buffer.from(b)),
    err: (t) => (captured.err += t),
    readFile: (path) => {
      const file = files[path];
      return file === undefined ? readFileSync(path) : Buffer.from(file);
    },
    env: { GATEWAY_CONFIG: join(projectRoot, "config/gateway.json") },
  };
  return { io, captured };
}

async function convert(args: string[], files: Record<string, string | Buffer> = {}) {
  const { io, captured } = cli(files);
  const code = await run(["convert", ...args], io);
  return { code, ...captured };
}

async function validate(files: Record<string, string | Buffer>) {
  const { io, captured } = cli(files);
  const code = await run(["validate", "--json", ...Object.keys(files)], io);
  return {
    code,
    results: JSON.parse(captured.out) as { file: string; valid: boolean; type: string; issues: unknown[] }[],
  };
}

/** xmllint --schema against MedCom's EMessage.xsd of the document's namespace (LEGACY.md §2–§4). */
function xsdCheck(bytes: Buffer): void {
  const text = bytes.toString("latin1");
  const set = (["xdis91", "xbin01", "xctl"] as const).find((k) => text.includes(`xmlns="${OioNamespace[k]}"`));
  expect(set, "a known OIOXML namespace").toBeDefined();
  const check = xmllintValidate(bytes, emessageXsd[set ?? "xdis91"]);
  expect(check.output).toBe("");
  expect(check.valid).toBe(true);
}

const latin1 = (path: string) => readFileSync(path).toString("latin1");

/** The OIOXML documents written one after the other: each starts with its XML declaration. */
const documents = (bytes: Buffer[]) => bytes.map((b) => b.toString("latin1"));

describe("convert XDIS91 (+ XBIN01) → CareCommunication", () => {
  test("Flow1's XDIS91 with its XBIN01 gives a valid CareCommunication (XML, and JSON with --json), in either order", async () => {
    const xml = await convert([FLOW1_XDIS91, FLOW1_XBIN01]);
    expect(xml.err).toBe("");
    expect(xml.code).toBe(0);
    expect(xml.out).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Bundle xmlns="http:\/\/hl7.org\/fhir">/);
    expect((await validate({ "cc.xml": xml.out })).code).toBe(0);

    const json = await convert([FLOW1_XBIN01, "--json", FLOW1_XDIS91]);
    expect(json.code).toBe(0);
    const bundle = JSON.parse(json.out) as { resourceType: string; entry: { resource: { resourceType: string } }[] };
    expect(bundle.resourceType).toBe("Bundle");
    expect((await validate({ "cc.json": json.out })).code).toBe(0);
    // The conversion is deterministic (plan decision 2): the same XDIS91 gives the same Bundle.
    expect(JSON.stringify(JSON.parse((await convert([FLOW1_XDIS91, FLOW1_XBIN01, "--json"])).out))).toBe(
      JSON.stringify(bundle),
    );
  });

  test("an XDIS91 whose XBIN01 is not given: MedCom's incomplete CareCommunication, printed, with a warning and exit 1", async () => {
    const r = await convert([FLOW1_XDIS91]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("<Bundle");
    expect(r.err).toContain("NOT VALID");
  });

  test("an XBIN01 alone, or one that does not belong to the XDIS91, is a usage error saying so", async () => {
    const alone = await convert([FLOW1_XBIN01]);
    expect(alone.code).toBe(2);
    expect(alone.err).toContain("XBIN01 alone");

    const other = latin1(FLOW1_XBIN01).replace(
      "c39ea6b2-6052-45e4-a207-415e0205ab6f",
      "0f0f0f0f-6052-45e4-a207-415e0205ab6f",
    );
    const stranger = await convert([FLOW1_XDIS91, "other.xml"], { "other.xml": Buffer.from(other, "latin1") });
    expect(stranger.code).toBe(2);
    expect(stranger.err).toContain("does not belong to");
    expect(stranger.err).toContain("0f0f0f0f605245e4a207415e0205ab6f");
  });

  test("a party that is not in the configured directory: no SOR id, no CareCommunication (exit 1, with the path)", async () => {
    const edited = latin1(FLOW1_XDIS91).replace(
      "<Receiver>\n<EANIdentifier>5790000121441</EANIdentifier>",
      "<Receiver>\n<EANIdentifier>5790000000005</EANIdentifier>",
    );
    expect(edited).toContain("5790000000005");
    const r = await convert(["x.xml", FLOW1_XBIN01], { "x.xml": Buffer.from(edited, "latin1") });
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain("/Emessage/ClinicalEmail/Receiver/EANIdentifier 5790000000005 is not a location");
  });
});

describe("convert CareCommunication → XDIS91 (+ XBIN01)", () => {
  test("Flow3's CareCommunication gives an XDIS91 and an XBIN01 in ISO-8859-1 with fresh 14-character ids", async () => {
    const r = await convert([FLOW3_CC]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const [letter, binary, ...more] = documents(r.bytes);
    expect(more).toEqual([]);
    for (const doc of [letter, binary]) expect(doc).toMatch(/^<\?xml version="1.0" encoding="ISO-8859-1"\?>/);
    expect(letter).toContain("<ClinicalEmail>");
    expect(letter).toContain("Røntgen"); // Latin-1 bytes, read back as Latin-1
    expect(binary).toContain("<BinaryLetter>");
    const ids = (doc = "") => [...doc.matchAll(/<Identifier>([^<]*)<\/Identifier>/g)].map((m) => m[1]);
    const firstIds = [...ids(letter).slice(0, 2), ...ids(binary).slice(0, 2)];
    for (const id of firstIds) expect(id).toMatch(/^[A-Za-z0-9]{14}$/);
    const again = documents((await convert([FLOW3_CC])).bytes);
    expect(ids(again[0])[0]).not.toBe(firstIds[0]);

    const check = await validate({ "letter.xml": r.bytes[0] ?? "", "binary.xml": r.bytes[1] ?? "" });
    expect(check.results.map((x) => [x.valid, x.type])).toEqual([
      [true, "XDIS91"],
      [true, "XBIN01"],
    ]);
    for (const bytes of r.bytes) xsdCheck(bytes);
  });

  test("--json and --answers do not apply to a CareCommunication", async () => {
    expect((await convert([FLOW3_CC, "--json"])).code).toBe(2);
    expect((await convert([FLOW3_CC, "--answers", FLOW1_XDIS91])).code).toBe(2);
  });
});

describe("convert XCTL → Acknowledgement (--answers the CareCommunication)", () => {
  test("Flow4's two XCTL03 with the Flow3 CareCommunication give one valid ok Acknowledgement of it", async () => {
    const r = await convert([FLOW4_XCTL_XDIS91, FLOW4_XCTL_XBIN01, "--json", "--answers", FLOW3_CC]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const ack = JSON.parse(r.out) as { entry: { resource: { resourceType: string; response?: unknown } }[] };
    const header = ack.entry.find((e) => e.resource.resourceType === "MessageHeader")?.resource;
    expect(header?.response).toMatchObject({ identifier: FLOW3_MESSAGE_ID, code: "ok" });
    expect((await validate({ "ack.json": r.out })).results[0]).toMatchObject({ valid: true, type: "Acknowledgement" });
  });

  test("a negative receipt (XCTL02) among them gives a fatal-error Acknowledgement carrying its reason", async () => {
    const negative = latin1(FLOW4_XCTL_XDIS91)
      .replaceAll("PositiveReceipt>", "NegativeReceipt>")
      .replace("XC0330Q", "XC0230Q")
      .replace("<StatisticalCode>XCTL03", "<StatisticalCode>XCTL02")
      .replace(
        "<OriginalVersionCode>XD9134L</OriginalVersionCode>",
        "<OriginalVersionCode>XD9134L</OriginalVersionCode><RefuseCode>syntaksfejl</RefuseCode><RefuseText>Ukendt element</RefuseText>",
      );
    const r = await convert(["x2.xml", FLOW4_XCTL_XBIN01, "--json", "--answers", FLOW3_CC], {
      "x2.xml": Buffer.from(negative, "latin1"),
    });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain('"code":"fatal-error"');
    expect(r.out).toContain("Ukendt element");
  });

  test("receipts between other parties than the CareCommunication's are not its receipts (usage error)", async () => {
    const other = latin1(FLOW4_XCTL_XDIS91).replace(
      "<Sender>\n      <EANIdentifier>5790000121441",
      "<Sender>\n      <EANIdentifier>5790000209354",
    );
    expect(other).toContain("5790000209354");
    const r = await convert(["x.xml", FLOW4_XCTL_XBIN01, "--answers", FLOW3_CC], {
      "x.xml": Buffer.from(other, "latin1"),
    });
    expect(r.code).toBe(2);
    expect(r.err).toContain("it is not its receipt");
  });

  test("without --answers, or with only the XDIS91's receipt of a letter with attachments, it says what is missing", async () => {
    const bare = await convert([FLOW4_XCTL_XDIS91, FLOW4_XCTL_XBIN01]);
    expect(bare.code).toBe(2);
    expect(bare.err).toContain("--answers");
    const half = await convert([FLOW4_XCTL_XDIS91, "--answers", FLOW3_CC]);
    expect(half.code).toBe(2);
    expect(half.err).toContain("XBIN01's receipt");
  });
});

describe("convert Acknowledgement → XCTL (--answers the XDIS91 and XBIN01)", () => {
  test("Flow2's ok Acknowledgement of the Flow1 letter gives an XCTL03 for each of its two documents", async () => {
    const r = await convert([FLOW2_ACK, "--answers", FLOW1_XDIS91, FLOW1_XBIN01]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const receipts = documents(r.bytes);
    expect(receipts).toHaveLength(2);
    for (const x of receipts) expect(x).toContain("<PositiveReceipt>");
    expect(receipts.join()).toContain("<OriginalLetterIdentifier>Brevt23400929</OriginalLetterIdentifier>");
    expect(receipts.join()).toContain("<OriginalLetterIdentifier>031120PWE62528</OriginalLetterIdentifier>");
    for (const bytes of r.bytes) xsdCheck(bytes);
  });

  test("--answers may also be given once per file", async () => {
    const r = await convert(["--answers", FLOW1_XBIN01, "--answers", FLOW1_XDIS91, FLOW2_ACK]);
    expect(r.code).toBe(0);
    expect(r.bytes).toHaveLength(2);
  });

  test("without the letter's documents it is a usage error naming --answers", async () => {
    for (const answers of [[], ["--answers", FLOW1_CC]]) {
      const r = await convert([FLOW2_ACK, ...answers]);
      expect(r.code).toBe(2);
      expect(r.err).toContain("--answers <XDIS91 file>");
    }
  });
});

describe("convert: usage and unreadable input", () => {
  test("exit 2 on usage errors, 1 on an unreadable or unconvertible file", async () => {
    for (const args of [
      [],
      ["--yaml", FLOW3_CC],
      [FLOW3_CC, FLOW3_CC, FLOW3_CC],
      [FLOW4_XCTL_XDIS91, "--answers"],
      [FLOW2_ACK, "--answers", FLOW1_XDIS91, "--answers"],
    ]) {
      const r = await convert(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err).toContain("Usage:");
    }
    const missing = await convert(["/no/such/file.xml"]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("file-unreadable");
    const doctype = latin1(FLOW1_XDIS91).replace("<Emessage", '<!DOCTYPE Emessage [<!ENTITY a "b">]><Emessage');
    const hostile = await convert(["evil.xml"], { "evil.xml": Buffer.from(doctype, "latin1") });
    expect(hostile.code).toBe(1);
    expect(hostile.out).toBe("");
    expect(hostile.err).toContain("doctype");
    const neither = await convert(["x.txt"], { "x.txt": "hello" });
    expect(neither.code).toBe(1);
    expect(neither.err).toContain("neither OIOXML");
  });
});

describe("convert: FHIR input and the bytes written", () => {
  test("an invalid or unconvertible FHIR message is refused with its issues (exit 1); two FHIR inputs are a usage error", async () => {
    const invalid = await convert([join(examplesDir, "test-R-Tek-M-invalid-category-without-code.json")]);
    expect(invalid.code).toBe(1);
    expect(invalid.err).toContain("not a valid CareCommunication");
    const patient = await convert(["p.json"], { "p.json": JSON.stringify({ resourceType: "Patient", id: "p" }) });
    expect(patient.code).toBe(1);
    expect(patient.err).toContain("Only a CareCommunication or an Acknowledgement can be converted");
    const two = await convert([FLOW3_CC, FLOW1_CC]);
    expect(two.code).toBe(2);
    expect(two.err).toContain("converted alone");
  });

  test("the real command writes ISO-8859-1 bytes to standard output (ø is one byte, 0xF8)", () => {
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", join(projectRoot, "src/cli.ts"), "convert", FLOW3_CC],
      {
        cwd: projectRoot,
      },
    );
    expect(out.subarray(0, 44).toString("latin1")).toBe('<?xml version="1.0" encoding="ISO-8859-1"?>\n');
    expect(out.includes(Buffer.from("Røntgen", "latin1"))).toBe(true);
    expect(out.includes(Buffer.from("Røntgen", "utf8"))).toBe(false);
  });

  test("a CliIo without outBytes gets the documents as Latin-1 text", async () => {
    const { io, captured } = cli();
    delete io.outBytes;
    expect(await run(["convert", FLOW3_CC], io)).toBe(0);
    expect(captured.out).toContain("Røntgen");
    expect(captured.out.match(/<\?xml /g)).toHaveLength(2);
  });
});

describe("validate on OIOXML", () => {
  test("the official documents are valid, with MedCom's type numbers", async () => {
    const { code, results } = await validate({
      [FLOW1_XDIS91]: readFileSync(FLOW1_XDIS91),
      [FLOW1_XBIN01]: readFileSync(FLOW1_XBIN01),
      [FLOW4_XCTL_XDIS91]: readFileSync(FLOW4_XCTL_XDIS91),
    });
    expect(code).toBe(0);
    expect(results.map((r) => [r.valid, r.type])).toEqual([
      [true, "XDIS91"],
      [true, "XBIN01"],
      [true, "XCTL03"],
    ]);
  });

  test("--json names a refused document by the type it was meant to be (the element after the Envelope)", async () => {
    const receipt = latin1(FLOW4_XCTL_XDIS91)
      .replaceAll("PositiveReceipt>", "NegativeReceipt>")
      .replace("<OriginalEnvelopeIdentifier>KuvNrerwerwe00</OriginalEnvelopeIdentifier>", "");
    const { code, results } = await validate({ "receipt.xml": Buffer.from(receipt, "latin1") });
    expect(code).toBe(1);
    expect(results[0]).toMatchObject({ valid: false, type: "XCTL02" });
    expect(JSON.stringify(results[0]?.issues)).toContain("/Emessage/NegativeReceipt");
  });

  test("a broken XDIS91 is INVALID XDIS91 with the path of what is wrong", async () => {
    const broken = latin1(FLOW1_XDIS91).replace("<PersonSurnameName>Ann Berggren</PersonSurnameName>\n", "");
    const { io, captured } = cli({ "broken.xml": Buffer.from(broken, "latin1") });
    expect(await run(["validate", "broken.xml"], io)).toBe(1);
    expect(captured.out).toContain("broken.xml: INVALID XDIS91");
    expect(captured.out).toContain("/Emessage/ClinicalEmail/Patient");
  });
});
