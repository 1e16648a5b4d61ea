// One envelope from the VANS network's inbox (issue 16, point 1; LEGACY.md §5): read, the envelope rules applied, the
// payload routed to the local location it names, and the envelope receipt to send back built. Pure of transport: the
// inbox pass (src/background/vans-inbox.ts) reads the file, puts what this returns and removes or rejects the file.
//
// The rules (plan-16, shared decisions; LEGACY.md §5.2):
// - A duplicate (an EnvelopeIdentifier or MessageIdentifier seen before) is answered exactly as the first, never
//   processed twice (decideEnvelope, src/medcom/vans/rules.ts).
// - An EnvelopeIdentifier reused with a new MessageIdentifier, a ReceiverID this gateway does not serve, a SenderID it
//   serves itself (someone on the network speaking for a local location), an unknown Document/Name, a payload whose
//   parties are not the envelope's or that cannot be read: a negative envelope receipt (NegativeMessage).
// - Otherwise the payload is submitted acting as the network for SenderID, and the envelope gets a positive receipt
//   even if the application then refuses the message (that answer is a fatal-error acknowledgement, DOMAIN.md §3.5).
// - An envelope that cannot be read, or whose sender cannot be answered, is rejected for an operator (no receipt).
// - Receipts the network sends for the gateway's own envelopes move the sent message (receive-receipt.ts).
import { isRemote } from "../../routing/remote.js";
import type { VansAnsweredReceipt } from "../../domain/ports/index.js";
import { isGln } from "../../medcom/ids.js";
import {
  checkVansValues,
  decideEnvelope,
  negativeEnvelopeReceipt,
  positiveEnvelopeReceipt,
  readVansEnvelope,
  writeVansEnvelope,
  type VansMessageEnvelope,
} from "../../medcom/vans/index.js";
import { error, type Issue } from "../../util/issues.js";
import { actingFor } from "../../access/clients.js";
import { payloadNamed } from "./document-name.js";
import type { UseCaseDeps } from "../deps.js";
import { receivePayload } from "./receive-payload.js";
import { receiveEnvelopeReceipt, type ReceiptOutcome } from "./receive-receipt.js";

/** An envelope for the outbox: `<EnvelopeIdentifier>.xml` (plan-16, shared decisions). */
export interface OutgoingEnvelope {
  name: string;
  bytes: Uint8Array;
}

export type EnvelopeOutcome =
  /** Not an envelope the gateway can answer: rejected with these issues beside it. */
  | { outcome: "unreadable"; issues: Issue[] }
  /** A receipt for an envelope the gateway sent, applied or ignored. */
  | { outcome: "receipt"; applied: ReceiptOutcome }
  /** A message envelope, answered: `send` is the envelope receipt. */
  | {
      outcome: "answered";
      receipt: VansAnsweredReceipt;
      send: OutgoingEnvelope;
      /** Answered as an earlier copy, or refused as a reused identifier: nothing was processed. */
      duplicate: boolean;
      /** What became of the payload when it was taken (accepted, acknowledgement, answered, waiting). */
      taken?: string;
      messageId?: string;
    };

/** The negative receipt's Error/Description for a reused EnvelopeIdentifier. */
const REUSED = "The EnvelopeIdentifier was used before for another message (LEGACY.md §5.2).";

export async function receiveEnvelope(bytes: Uint8Array, deps: UseCaseDeps): Promise<EnvelopeOutcome> {
  const read = readVansEnvelope(bytes);
  if (!read.ok) return { outcome: "unreadable", issues: read.issues };
  const envelope = read.value;
  const issues = checkVansValues(envelope);
  if (envelope.kind === "receipt")
    return issues.length > 0
      ? { outcome: "unreadable", issues }
      : { outcome: "receipt", applied: await receiveEnvelopeReceipt(envelope, deps) };
  // The network routes the receipt by SenderID: one that is no GLN cannot be answered.
  if (envelope.sender.type !== "EAN" || !isGln(envelope.sender.id))
    return {
      outcome: "unreadable",
      issues: [
        ...issues,
        error("vans-sender", "/VANSEnvelope/SenderID", "SenderID must be a GLN (EndPointType EAN) to be answered."),
      ],
    };
  // UUIDs compare without regard to case (LEGACY.md §5.1): the cache keeps them in lower case.
  const ids = {
    envelopeIdentifier: envelope.envelopeIdentifier.toLowerCase(),
    messageIdentifier: envelope.meta.identifier.toLowerCase(),
  };
  const decision = decideEnvelope(ids, await deps.vansReceived.seen(ids.envelopeIdentifier, ids.messageIdentifier));
  if (decision.action === "refuse")
    // Not remembered: the MessageIdentifier is not this envelope's to claim (its own envelope may still come).
    return answer(envelope, { kind: "negative", error: { description: REUSED } }, true, deps);
  if (decision.originalReceipt !== undefined) {
    // Remembered too, so that this EnvelopeIdentifier reused later for another message is refused.
    await deps.vansReceived.remember(ids.envelopeIdentifier, ids.messageIdentifier, decision.originalReceipt);
    return answer(envelope, decision.originalReceipt, true, deps);
  }
  // New, or seen but never answered (a pass stopped half-way): processed, which is safe again (a repeated
  // MessageHeader.id is answered as the first submission, R-Tek-K/L).
  const verdict = issues.length > 0 ? refusal(issues[0]?.message ?? "") : await take(envelope, deps);
  await deps.vansReceived.remember(ids.envelopeIdentifier, ids.messageIdentifier, verdict.receipt);
  return answer(envelope, verdict.receipt, false, deps, verdict);
}

interface Verdict {
  receipt: VansAnsweredReceipt;
  taken?: string;
  messageId?: string;
}

const refusal = (description: string): Verdict => ({ receipt: { kind: "negative", error: { description } } });

async function take(envelope: VansMessageEnvelope, deps: UseCaseDeps): Promise<Verdict> {
  const receiver = envelope.receiver.id;
  const sender = envelope.sender.id;
  if (envelope.receiver.type !== "EAN" || !servedHere(receiver, deps))
    return refusal("The ReceiverID is not a location this gateway serves.");
  if (servedHere(sender, deps))
    return refusal("The SenderID is a location this gateway serves; it does not send through the network.");
  const named = payloadNamed(envelope.meta.document.name);
  if (!named) return refusal("Document/Name is not a MedCom document the gateway takes (LEGACY.md §5.2).");
  // The network as the caller (plan-16): it may send and receive for the envelope's sender only.
  const payload = await receivePayload(envelope, named, actingFor(sender, "vans"), deps);
  if (!payload.taken) return refusal(payload.reason);
  const { outcome } = payload;
  return {
    receipt: { kind: "positive" },
    taken: outcome.outcome,
    ...("id" in outcome ? { messageId: outcome.id } : {}),
  };
}

/** A location the gateway serves itself: in the directory and not reached through the network. */
function servedHere(gln: string, deps: UseCaseDeps): boolean {
  const location = deps.directory.get(gln);
  return location !== undefined && !isRemote(location);
}

function answer(
  envelope: VansMessageEnvelope,
  receipt: VansAnsweredReceipt,
  duplicate: boolean,
  deps: UseCaseDeps,
  verdict?: Verdict,
): EnvelopeOutcome {
  const o = { now: deps.now().getTime(), envelopeIdentifier: deps.newId() };
  const built =
    receipt.kind === "positive"
      ? positiveEnvelopeReceipt(envelope, o)
      : negativeEnvelopeReceipt(envelope, receipt.error ?? { description: "Refused." }, o);
  return {
    outcome: "answered",
    receipt,
    send: { name: `${built.envelopeIdentifier}.xml`, bytes: writeVansEnvelope(built) },
    duplicate,
    ...(verdict?.taken ? { taken: verdict.taken } : {}),
    ...(verdict?.messageId ? { messageId: verdict.messageId } : {}),
  };
}
