// POST /v1/acknowledgements with an XCTL, and an XCTL dropped in a file-drop inbox (issue 15, point 3): a legacy
// receiver's receipt for a letter the gateway delivered to it as XDIS91 (+ XBIN01). The receipt names the letter by
// OriginalLetterIdentifier; the legacy id table (remembered when the letter was converted) gives the message. MedCom
// answers one Acknowledgement for the XCTL of each document (LEGACY.md §7.2): with an XBIN01 the first receipt
// waits (3 months) for the second; then the receipts' answer (xctlAnswer, §7.1–§7.4) is given through the same
// acknowledge step as a mailbox receiver's answer: the Acknowledgement is built over the stored message, validated,
// and routed to the original sender.
import type { Caller } from "../../access/clients.js";
import { fail } from "../../errors.js";
import { xctlAnswer } from "../../medcom/convert/xctl-to-ack.js";
import type { OioxmlDocument, Xctl } from "../../medcom/oioxml/index.js";
import { acknowledgeMessage } from "../acknowledge/acknowledge-received.js";
import type { UseCaseDeps } from "../deps.js";
import type { AcknowledgementAnswer } from "../steps/accept-acknowledgement.js";
import { requireLegacyReceipter } from "./legacy-location.js";
import { readLegacyDocument } from "./read-document.js";

const ORIGINAL = "/Emessage/*/OriginalEmessage";

/** A receipt kept until the message's other receipt comes (202). */
export interface ReceiptWaitingAnswer {
  status: 202;
  body: { status: "waiting-for-partner"; waitingFor: "xctl"; acknowledges: string };
}

export type XctlAnswer = AcknowledgementAnswer | ReceiptWaitingAnswer;

export async function receiveXctlBytes(caller: Caller, bytes: Uint8Array, deps: UseCaseDeps): Promise<XctlAnswer> {
  return receiveXctl(caller, readLegacyDocument(bytes), deps);
}

export async function receiveXctl(caller: Caller, doc: OioxmlDocument, deps: UseCaseDeps): Promise<XctlAnswer> {
  if (doc.kind === "xdis91" || doc.kind === "xbin01")
    fail("invalid", "wrong-endpoint", "/Emessage", "This is a letter (XDIS91/XBIN01); post it to /v1/messages.");
  const receipt: Xctl = doc;
  requireLegacyReceipter(caller, receipt.sender, "/Emessage/*/Sender/EANIdentifier", deps);
  const first = receipt.original.letters[0];
  if (!first)
    fail(
      "invalid",
      "xctl-no-letter",
      `${ORIGINAL}/OriginalLetter`,
      "The receipt names no OriginalLetter; the gateway finds the receipted message by its letter id.",
    );
  // The caller's own letters only: byLetter is keyed by the receipting location, so nobody learns of another's. A
  // letter from one legacy location to another carries its sender's own ids (the way out reuses the ids kept when it
  // came in, as a pass-through would: src/usecases/deliver/legacy-letter.ts), so it is kept under its sender, the
  // receipt's Receiver; the parties' check below then holds the caller to being that letter's receiver.
  const known =
    (await deps.legacyIds.byLetter(receipt.sender, first.identifier)) ??
    (await deps.legacyIds.byLetter(receipt.receiver, first.identifier));
  const original = known ? await deps.store.get(known.messageId) : undefined;
  if (!known || !original)
    fail(
      "not-found",
      "xctl-letter-unknown",
      `${ORIGINAL}/OriginalLetter/OriginalLetterIdentifier`,
      `No letter ${first.identifier} was delivered to ${receipt.sender} (or it is older than the 3-month window).`,
    );
  if (original.kind === "acknowledgement")
    fail("invalid", "acknowledgement-acknowledged", ORIGINAL, "An acknowledgement is never acknowledged (MedCom KR2).");
  // The receipt goes from the letter's receiver back to its sender (LEGACY.md §4).
  if (original.receiver.gln !== receipt.sender || original.sender.gln !== receipt.receiver)
    fail(
      "invalid",
      "acknowledgement-parties",
      "/Emessage/*/Receiver/EANIdentifier",
      `Message ${original.id} went from ${original.sender.gln} to ${original.receiver.gln}; its receipt must go back the other way.`,
    );
  // One receipt per document the message was delivered as (XDIS91, and XBIN01 with attachments).
  const documents = known.documents.filter((d) => d.kind === "xdis91" || d.kind === "xbin01").map((d) => d.letter);
  const receipted = receipt.original.letters.filter((l) => documents.includes(l.identifier));
  let kept: { letter: string; receipt: string }[] = [];
  for (const l of receipted)
    kept = await deps.legacyReceipts.keep(original.id, { letter: l.identifier, receipt: JSON.stringify(receipt) });
  const covered = new Set(kept.map((k) => k.letter));
  if (!documents.every((d) => covered.has(d))) {
    deps.log.info({ messageId: original.id, receipts: covered.size }, "XCTL receipt waits for the message's other one");
    return { status: 202, body: { status: "waiting-for-partner", waitingFor: "xctl", acknowledges: original.id } };
  }
  const receipts = [...new Set(kept.map((k) => k.receipt))].map((r) => JSON.parse(r) as Xctl);
  return acknowledgeMessage(caller, original, xctlAnswer(receipts), deps);
}
