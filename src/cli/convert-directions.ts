// The four conversions of `medcom-gateway convert` (issue 15; LEGACY.md §6–§7), each from inputs already read and
// checked (convert-inputs.ts). A wrong combination of files is a usage problem (exit 2), a conversion that cannot be
// made or whose result is not valid a failure (exit 1), as `validate` counts them.
import { randomUUID } from "node:crypto";
import { loadGatewayConfig } from "../config/load.js";
import { formatConfigErrors } from "../config/schema.js";
import type { Party } from "../medcom/builders/parties.js";
import type { Bundle, Communication } from "../medcom/model/index.js";
import { newOioId } from "../medcom/oioxml/ids.js";
import type { OioxmlDocument, Xbin01, Xdis91 } from "../medcom/oioxml/model.js";
import { describeMessage } from "../medcom/readers/index.js";
import { boundedText } from "../medcom/shown-issues.js";
import { createDirectory } from "../routing/directory.js";
import type { Issue } from "../util/issues.js";
import { described, type ConvertInput } from "./convert-inputs.js";
import type { CliIo } from "./io.js";
import { issuesText, shownFile } from "./issue-text.js";
import { acknowledgementToXctls } from "../medcom/convert/ack-to-xctl.js";
import { awaitedObjectIds, carriedObjectIds } from "../medcom/convert/legacy-attachments.js";
import { careCommunicationToXdis91, legacyDocumentsOf } from "../medcom/convert/cc-to-xdis91.js";
import { xctlToAcknowledgement } from "../medcom/convert/xctl-to-ack.js";
import { xdis91ToCareCommunication } from "../medcom/convert/xdis91-to-cc.js";

export type Converted =
  | { ok: true; result: { fhir: Bundle } | { oioxml: OioxmlDocument[] }; issues: Issue[] }
  | { ok: false; code: 1 | 2; problem: string };

/** A value from a document, fit for the terminal (bounded, control characters escaped; issue 11 sweep). */
const shown = (value: string): string => boundedText(value, 40);

const usage = (problem: string): Converted => ({ ok: false, code: 2, problem });
const failed = (problem: string): Converted => ({ ok: false, code: 1, problem });

type Oio<K extends OioxmlDocument["kind"]> = ConvertInput & {
  form: "oioxml";
  doc: Extract<OioxmlDocument, { kind: K }>;
};
const isKind =
  <K extends OioxmlDocument["kind"]>(...kinds: K[]) =>
  (i: ConvertInput): i is Oio<K> =>
    i.form === "oioxml" && (kinds as string[]).includes(i.doc.kind);

/** An XDIS91 and the XBIN01 given with it: the letter, and the attachments that belong to it (LEGACY.md §3). */
export function pairLetter(
  inputs: readonly ConvertInput[],
): { letter: Oio<"xdis91">; binary?: Oio<"xbin01"> } | string {
  const letters = inputs.filter(isKind("xdis91"));
  const binaries = inputs.filter(isKind("xbin01"));
  const others = inputs.filter((i) => !isKind("xdis91", "xbin01")(i));
  const [letter] = letters;
  if (others.length > 0) return `an XDIS91 goes with its XBIN01 only, not with ${others.map(described).join(", ")}`;
  if (letter === undefined)
    return "an XBIN01 alone is not a letter: give its XDIS91 too (MedCom converts an XBIN01 only with its XDIS91, LEGACY.md §6.7)";
  if (letters.length > 1 || binaries.length > 1) return "give one XDIS91 and at most one XBIN01";
  const [binary] = binaries;
  if (binary === undefined) return { letter };
  const mismatch = pairingProblem(letter.doc, binary.doc);
  return mismatch === undefined
    ? { letter, binary }
    : `${described(binary)} does not belong to ${described(letter)}: ${mismatch}`;
}

/** An XBIN01 belongs to the XDIS91 of the same sender that references its objects by UUID (LEGACY.md §3; the
 *  gateway pairs them the same way, by sender GLN and object identifier). */
function pairingProblem(letter: Xdis91, binary: Xbin01): string | undefined {
  if (letter.sender.ean !== binary.sender.ean)
    return `its sender is ${shown(binary.sender.ean)}, the letter's ${shown(letter.sender.ean)}`;
  // The one key that pairs them, as the gateway's pairing store uses it (B's awaited/carried object ids).
  const referenced = new Set(awaitedObjectIds(letter));
  const unreferenced = carriedObjectIds(binary).filter((id) => !referenced.has(id));
  if (unreferenced.length > 0)
    return `the letter has no Reference/BIN with ObjectIdentifier ${unreferenced.map(shown).join(", ")}`;
  return undefined;
}

/** XDIS91 (+ XBIN01) → CareCommunication. The parties' SOR ids and names come from the configured directory, as for
 *  `build` (MedCom: "lookup in SOR", LEGACY.md §6.3): both GLNs must be locations there. */
export function toCareCommunication(inputs: readonly ConvertInput[], io: CliIo): Converted {
  const pair = pairLetter(inputs);
  if (typeof pair === "string") return usage(pair);
  const { letter, binary } = pair;
  const configPath = io.env.GATEWAY_CONFIG ?? "config/gateway.json";
  const config = loadGatewayConfig(configPath);
  if (!config.ok) return failed(formatConfigErrors(configPath, config.issues));
  const directory = createDirectory(config.value.locations);
  const party = (gln: string, path: string): Party | string => {
    const location = directory.get(gln);
    if (location === undefined)
      return `${shownFile(letter.file)}: ${path} ${shown(gln)} is not a location in ${configPath}; the CareCommunication names its parties by SOR id, taken from the directory (LEGACY.md §6.3: lookup in SOR).`;
    return { gln: location.gln, sor: location.sor, name: location.name };
  };
  const sender = party(letter.doc.sender.ean, "/Emessage/ClinicalEmail/Sender/EANIdentifier");
  const receiver = party(letter.doc.receiver.ean, "/Emessage/ClinicalEmail/Receiver/EANIdentifier");
  if (typeof sender === "string") return failed(sender);
  if (typeof receiver === "string") return failed(receiver);
  const { bundle, issues } = xdis91ToCareCommunication(letter.doc, binary?.doc, { parties: { sender, receiver } });
  return { ok: true, result: { fhir: bundle }, issues };
}

/** CareCommunication → XDIS91 (+ one XBIN01 for its attachments), with fresh 14-character ids (LEGACY.md §6.2). */
export function toXdis91(cc: ConvertInput & { form: "fhir" }, answers: readonly ConvertInput[]): Converted {
  if (answers.length > 0) return usage("--answers is for receipts only: a CareCommunication is converted alone");
  const ids = { envelope: newOioId(), letter: newOioId(), binaryEnvelope: newOioId(), binaryLetter: newOioId() };
  const converted = careCommunicationToXdis91(cc.bundle, ids);
  if (!converted.ok) return failed(issuesText(`${cc.file} (cannot be converted to XDIS91)`, converted.issues));
  const { letter, binary } = converted.value;
  return { ok: true, result: { oioxml: binary ? [letter, binary] : [letter] }, issues: converted.issues };
}

/** XCTL(s) → Acknowledgement of the CareCommunication they receipt (--answers): one Ack for all the receipts of one
 *  message, only when the XDIS91's and (for a letter with attachments) the XBIN01's are both there (LEGACY.md §7.2). */
export function toAcknowledgement(inputs: readonly ConvertInput[], answers: readonly ConvertInput[]): Converted {
  const receipts = inputs.filter(isKind("xctl01", "xctl02", "xctl03"));
  if (receipts.length !== inputs.length) return usage("receipts (XCTL) are converted on their own, without letters");
  const [answered, ...more] = answers;
  if (answered === undefined || more.length > 0 || answered.form !== "fhir" || answered.type !== "CareCommunication")
    return usage(
      "an XCTL is converted to the Acknowledgement of the message it receipts: give that CareCommunication with --answers <file>",
    );
  const cc = describeMessage(answered.bundle);
  for (const r of receipts) {
    if (r.doc.sender !== cc.receiver.gln || r.doc.receiver !== cc.sender.gln)
      return usage(
        `${described(r)} goes from ${shown(r.doc.sender)} to ${shown(r.doc.receiver)}, but ${described(answered)} from ${shown(cc.sender.gln)} to ${shown(cc.receiver.gln)}: it is not its receipt`,
      );
  }
  const versions = new Set(receipts.flatMap((r) => r.doc.original.letters.map((l) => l.versionCode)));
  if (!versions.has("XD9134L")) return usage("no receipt answers an XDIS91 (OriginalVersionCode XD9134L)");
  if (hasAttachmentData(answered.bundle) && !versions.has("XB0131X"))
    return usage(
      `${described(answered)} has attachments, so it went as XDIS91 + XBIN01: give the XBIN01's receipt too (one Acknowledgement for both, LEGACY.md §7.2)`,
    );
  const ack = xctlToAcknowledgement(
    receipts.map((r) => r.doc),
    answered.bundle,
    { newId: randomUUID, now: new Date().toISOString() },
  );
  return { ok: true, result: { fhir: ack }, issues: [] };
}

/** Acknowledgement → one XCTL per OIOXML document of the acknowledged letter (--answers XDIS91 [XBIN01]). */
export function toXctls(ack: ConvertInput & { form: "fhir" }, answers: readonly ConvertInput[]): Converted {
  const pair = answers.length === 0 ? undefined : pairLetter(answers);
  if (pair === undefined || typeof pair === "string")
    return usage(
      `an Acknowledgement is converted to the receipts (XCTL) of the letter it acknowledges: give that XDIS91 (and its XBIN01) with --answers <XDIS91 file> [<XBIN01 file>]${pair ? ` (${pair})` : ""}`,
    );
  const { letter, binary } = pair;
  const message = describeMessage(ack.bundle);
  if (message.sender.gln !== letter.doc.receiver.ean || message.receiver.gln !== letter.doc.sender.ean)
    return usage(
      `${described(ack)} goes from ${shown(message.sender.gln)} to ${shown(message.receiver.gln)}, but ${described(letter)} from ${shown(letter.doc.sender.ean)} to ${shown(letter.doc.receiver.ean)}: it does not acknowledge it`,
    );
  // The acknowledged letter's documents as the gateway's legacy id table holds them (XDIS91 first, then XBIN01).
  const receipted = legacyDocumentsOf({ letter: letter.doc, ...(binary ? { binary: binary.doc } : {}) });
  const ids = receipted.map(() => ({ envelope: newOioId(), letter: newOioId() }));
  const parties = { sender: letter.doc.receiver.ean, receiver: letter.doc.sender.ean };
  const converted = acknowledgementToXctls(ack.bundle, receipted, ids, parties);
  if (!converted.ok) return failed(issuesText(`${ack.file} (cannot be converted to XCTL)`, converted.issues));
  return { ok: true, result: { oioxml: converted.value }, issues: converted.issues };
}

/** Attachments that travel as data go in an XBIN01 (LEGACY.md §6.4); a URL attachment does not. */
function hasAttachmentData(bundle: Bundle): boolean {
  return (bundle.entry ?? []).some(
    (e) =>
      e.resource?.resourceType === "Communication" &&
      ((e.resource as Communication).payload ?? []).some((p) => p.contentAttachment?.data !== undefined),
  );
}
