// An XDIS91 (with its XBIN01, when it has attachments) converted to a CareCommunication 5.0 and submitted through
// the one submit path (plan decisions 1–3): the same accept step, duplicates, statuses and threads as any letter. The
// correspondence of the derived MessageHeader.id with the XDIS91's (and XBIN01's) envelope and letter ids is
// remembered BEFORE the letter is submitted, so the receipt that comes back can always be converted to XCTLs.
//
// What the gateway refuses after conversion (the validator, the submit rules, or a letter whose XBIN01 never came)
// is answered with a fatal-error Acknowledgement over the converted letter, routed to the legacy sender, where it
// becomes an XCTL02 (plan decision 4), with MedCom's conversion text (LEGACY.md §6.7) and the reasons.
import type { Caller } from "../../access/clients.js";
import { GatewayError } from "../../errors.js";
import type { LegacyDocumentIds } from "../../domain/ports/legacy-ids.js";
import type { AcknowledgementIssue } from "../../medcom/builders/index.js";
import { xbin01StandIn } from "../../medcom/convert/xbin01-stand-in.js";
import { xdis91ToCareCommunication, type ToCareCommunicationContext } from "../../medcom/convert/xdis91-to-cc.js";
import type { Bundle } from "../../medcom/model/index.js";
import type { Xbin01, Xdis91 } from "../../medcom/oioxml/index.js";
import { hasErrors, type Issue } from "../../util/issues.js";
import type { UseCaseDeps } from "../deps.js";
import { requireReceiver, requireSenderLocation } from "../steps/checks.js";
import { acknowledgeRefusal, refusalIssues } from "../steps/refusal-acknowledgement.js";
import { submitMessage, type SubmitAnswer } from "../submit/submit-message.js";
import { CONVERSION_FAILED_CODE, CONVERSION_FAILED_TEXT } from "./texts.js";

export type ConvertedOutcome =
  | { outcome: "accepted"; answer: SubmitAnswer }
  /** Refused: `error` says why; `acknowledgement` is the fatal-error Acknowledgement routed to the sender. */
  | { outcome: "refused"; error: GatewayError; acknowledgement?: string };

/** The ids a document is remembered under (LEGACY.md §6.2). */
export const documentIds = (doc: Xdis91 | Xbin01): LegacyDocumentIds => ({
  kind: doc.kind,
  envelope: doc.envelope.identifier,
  letter: doc.letter.identifier,
  version: doc.letter.versionCode,
});

/** The directory's SOR view of the two parties (MedCom: "lookup in SOR"); the receiver must be a known location. */
export function conversionContext(
  caller: Caller,
  sender: string,
  receiver: string,
  deps: Pick<UseCaseDeps, "directory">,
): ToCareCommunicationContext {
  const from = requireSenderLocation(caller, sender, "/Emessage/*/Sender/EANIdentifier", deps);
  const to = requireReceiver(receiver, "/Emessage/*/Receiver/EANIdentifier", deps);
  return { parties: { sender: from, receiver: to } };
}

const headerId = (bundle: Bundle): string =>
  bundle.entry?.find((e) => e.resource?.resourceType === "MessageHeader")?.resource?.id ?? "";

export async function submitConverted(
  caller: Caller,
  letter: Xdis91,
  binary: Xbin01 | undefined,
  sizeBytes: number,
  deps: UseCaseDeps,
  /** Why the letter is incomplete, when it is known (its XBIN01 did not come in time). */
  incomplete?: Issue,
): Promise<ConvertedOutcome> {
  const ctx = conversionContext(caller, letter.sender.ean, letter.receiver.ean, deps);
  const { bundle, issues } = xdis91ToCareCommunication(letter, binary, ctx);
  await deps.legacyIds.remember({
    messageId: headerId(bundle),
    legacyParty: letter.sender.ean,
    documents: [documentIds(letter), ...(binary ? [documentIds(binary)] : [])],
  });
  // MedCom's deliberately incomplete letter (attachments without data, §6.7) is not delivered: it is refused here.
  if (hasErrors(issues)) {
    const reasons = incomplete ? [incomplete, ...issues] : issues;
    return refuse(caller, letter.sender.ean, bundle, new GatewayError("invalid", reasons), deps);
  }
  try {
    return {
      outcome: "accepted",
      answer: await submitMessage(caller, { type: "read", resource: bundle, sizeBytes }, deps),
    };
  } catch (err) {
    // Redis away or its answer lost: the caller tries again (the conversion is the same). A conflict (the letter id
    // already used for other content) is not the converted letter's fault and is answered as it is.
    if (!(err instanceof GatewayError) || (err.kind !== "invalid" && err.kind !== "malformed")) throw err;
    return refuse(caller, letter.sender.ean, bundle, err, deps);
  }
}

/** An XBIN01 whose XDIS91 never came: a fatal-error Acknowledgement over the stand-in letter made from it. */
export async function refuseLoneBinary(
  caller: Caller,
  binary: Xbin01,
  reason: Issue,
  deps: UseCaseDeps,
): Promise<ConvertedOutcome> {
  const ctx = conversionContext(caller, binary.sender.ean, binary.receiver.ean, deps);
  const bundle = xbin01StandIn(binary, ctx);
  await deps.legacyIds.remember({
    messageId: headerId(bundle),
    legacyParty: binary.sender.ean,
    documents: [documentIds(binary)],
  });
  return refuse(caller, binary.sender.ean, bundle, new GatewayError("invalid", [reason]), deps);
}

async function refuse(
  caller: Caller,
  sender: string,
  bundle: Bundle,
  error: GatewayError,
  deps: UseCaseDeps,
): Promise<ConvertedOutcome> {
  const issues: AcknowledgementIssue[] = [
    { code: CONVERSION_FAILED_CODE, message: CONVERSION_FAILED_TEXT },
    ...refusalIssues(error.issues),
  ];
  const acknowledgement = await acknowledgeRefusal(sender, bundle, "fatal-error", issues, caller.id, deps);
  deps.log.warn(
    { sender, messageId: headerId(bundle), acknowledgement, issues: error.issues.length },
    "converted OIOXML letter refused; answered with a fatal-error acknowledgement",
  );
  return { outcome: "refused", error, ...(acknowledgement ? { acknowledgement } : {}) };
}
