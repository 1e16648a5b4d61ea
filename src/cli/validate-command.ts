// `medcom-gateway validate <file>… [--json]` (CONTRACT.md §4): exit 0 when all are valid, 1 when any is invalid,
// 2 on usage errors. Issues as in the HTTP API. A legacy OIOXML document (root `Emessage`, issue 15) is checked by the
// OIOXML reader (the XSDs' rules, paths like /Emessage/ClinicalEmail/Patient/CivilRegistrationNumber); its type is
// MedCom's type number (XDIS91, XBIN01, XCTL01/02/03).
import { readFhir, sniffFormat } from "../medcom/fhir/index.js";
import { error, type Issue } from "../util/issues.js";
import { boundedText, MAX_SHOWN_MESSAGE, shownIssue } from "../medcom/shown-issues.js";
import { validateMessage, type MessageType } from "../medcom/validate/index.js";
import { readNamedFile, USAGE, type CliIo } from "./io.js";
import { OIOXML_TYPE } from "./convert-inputs.js";
import { readOioxml, sniffOioxml } from "../medcom/oioxml/index.js";
import { oioxmlTypeGuess, type OioxmlType } from "./oioxml-type.js";

interface FileResult {
  file: string;
  valid: boolean;
  type: MessageType | OioxmlType;
  issues: Issue[];
}

export function validateCommand(args: readonly string[], io: CliIo): number {
  const json = args.includes("--json");
  const files = args.filter((a) => a !== "--json");
  const unknown = files.filter((f) => f.startsWith("--"));
  if (files.length === 0 || unknown.length > 0) {
    io.err(`${unknown.length ? `Unknown option ${unknown.join(" ")}\n` : ""}${USAGE}\n`);
    return 2;
  }
  const results = files.map((file) => validateFile(file, io));
  if (json) io.out(`${JSON.stringify(results, null, 2)}\n`);
  else for (const r of results) io.out(describe(r));
  return results.every((r) => r.valid) ? 0 : 1;
}

function validateFile(file: string, io: CliIo): FileResult {
  const named = readNamedFile(file, io);
  if (!named.ok) return { file, valid: false, type: "unknown", issues: [named.issue] };
  const bytes = named.bytes;
  if (sniffOioxml(bytes)) {
    const read = readOioxml(bytes);
    return read.ok
      ? { file, valid: true, type: OIOXML_TYPE[read.value.kind], issues: read.issues }
      : { file, valid: false, type: oioxmlTypeGuess(bytes), issues: read.issues };
  }
  const format = file.endsWith(".json") ? "json" : file.endsWith(".xml") ? "xml" : sniffFormat(bytes);
  if (!format) {
    return {
      file,
      valid: false,
      type: "unknown",
      issues: [error("format-unknown", file, "The file is neither FHIR XML nor FHIR JSON.")],
    };
  }
  const read = readFhir(bytes, format);
  if (!read.ok) return { file, valid: false, type: "unknown", issues: read.issues };
  const result = validateMessage(read.value, { sizeBytes: bytes.byteLength });
  return { file, ...result };
}

/** For a terminal: the file's name and every issue bounded and with control characters escaped, so a hostile file
 *  (or file name) cannot send escape sequences to the operator's terminal or forge a line (issue 11 sweep). */
function describe(r: FileResult): string {
  const head = `${boundedText(r.file, MAX_SHOWN_MESSAGE)}: ${r.valid ? "valid" : "INVALID"} ${r.type}`;
  const lines = r.issues
    .map(shownIssue)
    .map((i) => `  ${i.severity} ${i.code}${i.rule ? ` [${i.rule}]` : ""} at ${i.path}: ${i.message}`);
  return `${[head, ...lines].join("\n")}\n`;
}
