// `medcom-gateway convert <file>… [--json] [--answers <file>…]` (issue 15, point 4): MedCom's conversion between the
// legacy OIOXML documents and the FHIR messages, as the gateway makes it at its edges (LEGACY.md §6–§7):
//   XDIS91 [+ XBIN01]                    → CareCommunication (FHIR XML; JSON with --json)
//   CareCommunication                    → XDIS91 [+ XBIN01] (ISO-8859-1, one document after the other)
//   XCTL [XCTL] --answers <CC>           → Acknowledgement
//   Acknowledgement --answers <XDIS91> [<XBIN01>] → XCTL per document
// Exit 0 converted and valid, 1 a file is invalid or the result is not valid (printed, with a warning), 2 usage.
import { writeFhirJson, writeFhirXml } from "../medcom/fhir/index.js";
import { validateMessage } from "../medcom/validate/index.js";
import { hasErrors, type Issue } from "../util/issues.js";
import { readInput, type ConvertInput } from "./convert-inputs.js";
import { toAcknowledgement, toCareCommunication, toXctls, toXdis91, type Converted } from "./convert-directions.js";
import { USAGE, type CliIo } from "./io.js";
import { issuesText } from "./issue-text.js";
import { readOioxml, writeOioxml } from "../medcom/oioxml/index.js";

interface ConvertArgs {
  files: string[];
  answers: string[];
  json: boolean;
}

/** `--answers` takes the one or two files after it (put it last, or give it once per file); `--json` is a flag; every
 *  other word is an input. */
function parseArgs(args: readonly string[]): ConvertArgs | string {
  const parsed: ConvertArgs = { files: [], answers: [], json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--json") parsed.json = true;
    else if (arg === "--answers") {
      const before = parsed.answers.length;
      while (i + 1 < args.length && !(args[i + 1] ?? "").startsWith("--") && parsed.answers.length < 2)
        parsed.answers.push(args[++i] ?? "");
      if (parsed.answers.length === before) return "--answers needs a file (at most two in all)";
    } else if (arg.startsWith("--")) return `Unknown option ${arg}`;
    else parsed.files.push(arg);
  }
  if (parsed.files.length === 0) return "convert needs a file";
  if (parsed.files.length > 2)
    return "convert takes one message: at most two files (an XDIS91 and its XBIN01, or two XCTL)";
  return parsed;
}

export function convertCommand(args: readonly string[], io: CliIo): number {
  const parsed = parseArgs(args);
  if (typeof parsed === "string") return usageError(io, parsed);
  const read = [...parsed.files, ...parsed.answers].map((file) => readInput(file, io));
  const problems = read.flatMap((r) => (r.ok ? [] : [r.problem]));
  if (problems.length > 0) {
    io.err(`${problems.join("\n")}\n`);
    return 1;
  }
  const all = read.flatMap((r) => (r.ok ? [r.input] : []));
  const inputs = all.slice(0, parsed.files.length);
  const answers = all.slice(parsed.files.length);
  const converted = convert(inputs, answers, io);
  if (!converted.ok) {
    if (converted.code === 2) return usageError(io, converted.problem);
    io.err(`${converted.problem}\n`);
    return 1;
  }
  const { result } = converted;
  if ("fhir" in result) {
    io.out(parsed.json ? `${writeFhirJson(result.fhir)}\n` : writeFhirXml(result.fhir));
    const validation = validateMessage(result.fhir);
    return warn(io, `converted ${validation.type}`, [...converted.issues, ...validation.issues]);
  }
  if (parsed.json) return usageError(io, "--json is for a FHIR result; OIOXML is XML only");
  // ISO-8859-1 bytes as written (plan decision 5); each written document is read back with the reader's checks.
  const problemsOfWritten: Issue[] = [];
  for (const doc of result.oioxml) {
    const bytes = writeOioxml(doc);
    const check = readOioxml(bytes);
    if (!check.ok) problemsOfWritten.push(...check.issues);
    if (io.outBytes) io.outBytes(bytes);
    else io.out(Buffer.from(bytes).toString("latin1"));
  }
  return warn(io, "converted OIOXML", [...converted.issues, ...problemsOfWritten]);
}

function convert(inputs: readonly ConvertInput[], answers: readonly ConvertInput[], io: CliIo): Converted {
  const [first] = inputs;
  if (first === undefined) return { ok: false, code: 2, problem: "convert needs a file" };
  if (first.form === "fhir") {
    if (inputs.length > 1)
      return {
        ok: false,
        code: 2,
        problem: "a FHIR message is converted alone (one file; --answers for what it answers)",
      };
    return first.type === "CareCommunication" ? toXdis91(first, answers) : toXctls(first, answers);
  }
  if (first.doc.kind === "xdis91" || first.doc.kind === "xbin01") {
    if (answers.length > 0)
      return { ok: false, code: 2, problem: "--answers is for receipts only: an XDIS91 is converted with its XBIN01" };
    return toCareCommunication(inputs, io);
  }
  return toAcknowledgement(inputs, answers);
}

/** The result is printed either way (it is what MedCom's converter would send); its issues go to stderr, and errors
 *  among them make the exit code 1. */
function warn(io: CliIo, what: string, issues: readonly Issue[]): number {
  if (issues.length > 0) io.err(`${issuesText(hasErrors(issues) ? `${what}, NOT VALID` : what, issues)}\n`);
  return hasErrors(issues) ? 1 : 0;
}

function usageError(io: CliIo, problem: string): number {
  io.err(`${problem}\n${USAGE}\n`);
  return 2;
}
