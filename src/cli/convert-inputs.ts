// The files `medcom-gateway convert` is given: each is an OIOXML document (root `Emessage` in one of MedCom's OIOXML
// namespaces, LEGACY.md §2–§4) or a FHIR message (XML or JSON). Only what would be accepted is converted, as in the
// gateway (plan decision 1): an OIOXML document must pass readOioxml's checks (the XSDs'), a FHIR message the
// project's validator. A file that cannot be read or converted is a problem naming the file and saying why.
import { readFhir, sniffFormat } from "../medcom/fhir/index.js";
import type { Bundle } from "../medcom/model/index.js";
import type { OioxmlDocument, OioxmlKind } from "../medcom/oioxml/model.js";
import { validateMessage } from "../medcom/validate/index.js";
import { error } from "../util/issues.js";
import { readNamedFile, type CliIo } from "./io.js";
import { issuesText, shownFile } from "./issue-text.js";
import { readOioxml, sniffOioxml } from "../medcom/oioxml/index.js";

export type ConvertInput =
  | { file: string; form: "oioxml"; doc: OioxmlDocument }
  | { file: string; form: "fhir"; type: "CareCommunication" | "Acknowledgement"; bundle: Bundle };

export type ReadInput = { ok: true; input: ConvertInput } | { ok: false; problem: string };

/** How the documents are named to people: MedCom's type numbers. */
export const OIOXML_TYPE: Record<OioxmlKind, "XDIS91" | "XBIN01" | "XCTL01" | "XCTL02" | "XCTL03"> = {
  xdis91: "XDIS91",
  xbin01: "XBIN01",
  xctl01: "XCTL01",
  xctl02: "XCTL02",
  xctl03: "XCTL03",
};

export function readInput(file: string, io: CliIo): ReadInput {
  const named = readNamedFile(file, io);
  if (!named.ok) return { ok: false, problem: issuesText(file, [named.issue]) };
  const bytes = named.bytes;
  if (sniffOioxml(bytes)) {
    const read = readOioxml(bytes);
    if (!read.ok) return { ok: false, problem: issuesText(`${file} (not a valid OIOXML document)`, read.issues) };
    return { ok: true, input: { file, form: "oioxml", doc: read.value } };
  }
  const format = sniffFormat(bytes);
  if (format === undefined) {
    return {
      ok: false,
      problem: issuesText(file, [
        error("format-unknown", file, "The file is neither OIOXML (an Emessage) nor FHIR XML or JSON."),
      ]),
    };
  }
  const read = readFhir(bytes, format);
  if (!read.ok) return { ok: false, problem: issuesText(file, read.issues) };
  const validation = validateMessage(read.value, { sizeBytes: bytes.byteLength });
  if (validation.type === "unknown") {
    return {
      ok: false,
      problem: issuesText(file, [
        error("message-type-unknown", "Bundle", "Only a CareCommunication or an Acknowledgement can be converted."),
        ...validation.issues,
      ]),
    };
  }
  if (!validation.valid) {
    return { ok: false, problem: issuesText(`${file} (not a valid ${validation.type})`, validation.issues) };
  }
  return { ok: true, input: { file, form: "fhir", type: validation.type, bundle: read.value as Bundle } };
}

/** What the input is, for messages: `XDIS91 x.xml`, `CareCommunication y.json`. */
export const described = (input: ConvertInput): string =>
  `${input.form === "oioxml" ? OIOXML_TYPE[input.doc.kind] : input.type} ${shownFile(input.file)}`;
