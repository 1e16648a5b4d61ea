// An OIOXML document from a legacy location, read as MedCom's XSDs read it (src/medcom/oioxml) and its ids checked
// before anything uses them (issue 11, point 1): an envelope or letter id must be 1–14 printable characters, every
// EANIdentifier a GLN. What fails is refused synchronously (plan decision 4): 422 with every issue and its path, or
// the XCTL02 itself for a caller that asks for XML (refusal-receipt.ts).
import { GatewayError } from "../../errors.js";
import { isGln, isOioId } from "../../medcom/ids.js";
import { readOioxml, type OioxmlDocument } from "../../medcom/oioxml/index.js";
import { error, type Issue } from "../../util/issues.js";

/** The document could not be read (or its ids cannot be used): 422, and the bytes to build an XCTL02 from. */
export class UnreadableOioxml extends GatewayError {
  constructor(
    issues: Issue[],
    readonly bytes: Uint8Array,
  ) {
    super("invalid", issues);
    this.name = "UnreadableOioxml";
  }
}

export function readLegacyDocument(bytes: Uint8Array): OioxmlDocument {
  const read = readOioxml(bytes);
  if (!read.ok) throw new UnreadableOioxml(read.issues, bytes);
  const issues = idIssues(read.value);
  if (issues.length > 0) throw new UnreadableOioxml(issues, bytes);
  return read.value;
}

function idIssues(doc: OioxmlDocument): Issue[] {
  const issues: Issue[] = [];
  const oioId = (value: string, path: string) => {
    if (!isOioId(value))
      issues.push(error("oioxml-id", path, "An id must be 1–14 printable characters without spaces (String 1..14)."));
  };
  const gln = (value: string, path: string) => {
    if (!isGln(value))
      issues.push(error("oioxml-gln", path, "An EANIdentifier must be a location number (13 digits)."));
  };
  oioId(doc.envelope.identifier, "/Emessage/Envelope/Identifier");
  if (doc.kind === "xdis91" || doc.kind === "xbin01") {
    const root = doc.kind === "xdis91" ? "/Emessage/ClinicalEmail" : "/Emessage/BinaryLetter";
    oioId(doc.letter.identifier, `${root}/Letter/Identifier`);
    gln(doc.sender.ean, `${root}/Sender/EANIdentifier`);
    gln(doc.receiver.ean, `${root}/Receiver/EANIdentifier`);
  } else {
    oioId(doc.letter.identifier, "/Emessage/*/Letter/Identifier");
    gln(doc.sender, "/Emessage/*/Sender/EANIdentifier");
    gln(doc.receiver, "/Emessage/*/Receiver/EANIdentifier");
    doc.original.letters.forEach((l, i) =>
      oioId(l.identifier, `/Emessage/*/OriginalEmessage/OriginalLetter[${i}]/OriginalLetterIdentifier`),
    );
  }
  return issues;
}
