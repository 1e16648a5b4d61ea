// The payload of an envelope the gateway takes (issue 16): read as what its Document/Name says, its parties checked
// against the envelope's, and handed to the same use cases as a file dropped in an inbox (receive-dropped.ts), acting
// as the network for the envelope's sender. What the gateway cannot take becomes the reason of a negative envelope
// receipt; a message refused by the application after that was answered with a fatal-error acknowledgement through
// the network (DOMAIN.md §3.5, KR6) and the envelope itself was taken (a positive receipt).
import type { Caller } from "../../access/clients.js";
import { GatewayError } from "../../errors.js";
import { readFhir, sniffFormat } from "../../medcom/fhir/index.js";
import type { Bundle } from "../../medcom/model/index.js";
import { sniffOioxml, type OioxmlDocument } from "../../medcom/oioxml/index.js";
import { describeMessage } from "../../medcom/readers/index.js";
import { shownIssue } from "../../medcom/shown-issues.js";
import { messageTypeOf } from "../../medcom/validate/index.js";
import type { VansMessageEnvelope } from "../../medcom/vans/index.js";
import type { Issue } from "../../util/issues.js";
import type { UseCaseDeps } from "../deps.js";
import { receiveReadFhir, type DroppedOutcome } from "../inbox/receive-dropped.js";
import { receiveOioxml } from "../inbox/receive-dropped-oioxml.js";
import { readLegacyDocument } from "../legacy/read-document.js";
import type { NamedPayload } from "./document-name.js";

export type PayloadOutcome =
  | { taken: true; outcome: DroppedOutcome }
  /** `reason`: MedCom's Error/Description for the negative envelope receipt (no patient data: codes and paths). */
  | { taken: false; reason: string };

export async function receivePayload(
  envelope: VansMessageEnvelope,
  named: NamedPayload,
  caller: Caller,
  deps: UseCaseDeps,
): Promise<PayloadOutcome> {
  const bytes = envelope.data.bytes();
  const parties = { sender: envelope.sender.id, receiver: envelope.receiver.id };
  if (named.family === "oioxml") {
    if (!sniffOioxml(bytes))
      return refused(`Document/Name says ${named.type.toUpperCase()}; the payload is no OIOXML.`);
    let doc: OioxmlDocument;
    try {
      doc = readLegacyDocument(bytes);
    } catch (err) {
      if (err instanceof GatewayError) return refused(unreadable(named.type.toUpperCase(), err.issues));
      throw err;
    }
    if (doc.kind !== named.type)
      return refused(`Document/Name says ${named.type.toUpperCase()}; the payload is ${doc.kind.toUpperCase()}.`);
    const ends =
      doc.kind === "xdis91" || doc.kind === "xbin01" ? [doc.sender.ean, doc.receiver.ean] : [doc.sender, doc.receiver];
    if (ends[0] !== parties.sender || ends[1] !== parties.receiver) return refused(PARTIES);
    return taken(await receiveOioxml(caller, bytes, deps, doc));
  }
  const format = sniffFormat(bytes);
  const read = format ? readFhir(bytes, format) : undefined;
  if (!read?.ok) return refused(unreadable(named.type, read?.issues ?? []));
  const type = messageTypeOf(read.value);
  if (type !== named.type)
    return refused(
      `Document/Name says ${named.type}; the payload is ${type === "unknown" ? "no MedCom message" : type}.`,
    );
  // The MessageHeader's parties must be the envelope's: the network vouches for SenderID only, and a receiver named
  // only inside the payload would make the gateway relay for whoever asks (plan-16, shared decisions).
  let described;
  try {
    described = describeMessage(read.value as Bundle);
  } catch {
    return refused(unreadable(named.type, []));
  }
  if (described.sender.gln !== parties.sender || described.receiver.gln !== parties.receiver) return refused(PARTIES);
  return taken(await receiveReadFhir(caller, parties.sender, read.value, bytes.byteLength, deps));
}

const PARTIES =
  "The payload's sender and receiver are not the envelope's SenderID and ReceiverID (LEGACY.md §5.2: the GLNs of the parties).";

const refused = (reason: string): PayloadOutcome => ({ taken: false, reason });

function taken(outcome: DroppedOutcome): PayloadOutcome {
  // Refused without an answer the sender could receive (no acknowledgement could be addressed, an acknowledgement
  // refused, an unreadable OIOXML document): the negative envelope receipt is the only word the sender gets.
  if (outcome.outcome !== "refused") return { taken: true, outcome };
  return refused(`The gateway refused the message: ${codes(outcome.issues)}.`);
}

function unreadable(what: string, issues: readonly Issue[]): string {
  return `The payload is not a readable ${what}${issues.length > 0 ? `: ${codes(issues)}` : ""}.`;
}

/** Codes and paths only, bounded: an issue's message may quote the payload, and a receipt leaves the gateway. */
function codes(issues: readonly Issue[]): string {
  const shown = issues
    .slice(0, 5)
    .map((i) => shownIssue(i))
    .map((i) => (i.path ? `${i.code} at ${i.path}` : i.code));
  return `${shown.join("; ")}${issues.length > 5 ? ` and ${issues.length - 5} more` : ""}`;
}
