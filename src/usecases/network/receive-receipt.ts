// An envelope receipt the network sent back for an envelope the gateway sent (LEGACY.md §5.1 Receipt; issue 16:
// "envelope-level receipts move the message's status with the reason"). PositiveMessage: the receiver took the
// envelope over, a `network-accepted` event on the message. NegativeMessage (the receiver) or NegativeVans (the
// network): the message is failed with the receipt's reason, bounded and with hidden characters escaped. Receipts are
// never answered. A receipt the gateway cannot place (an envelope it did not send, an issuer that is neither the
// envelope's receiver nor the network, another message quoted) is ignored with a log line: anyone on the network could
// send one, and it must not fail somebody else's message.
import type { VansSentEnvelope } from "../../domain/ports/index.js";
import { boundedText } from "../../medcom/shown-issues.js";
import type { VansReceiptEnvelope } from "../../medcom/vans/index.js";
import type { UseCaseDeps } from "../deps.js";

export type ReceiptOutcome = "network-accepted" | "failed" | "ignored";

/** The longest receipt reason kept (Error/Description is 1..512 characters, LEGACY.md §5.1). */
const MAX_REASON = 512;

export async function receiveEnvelopeReceipt(
  envelope: VansReceiptEnvelope,
  deps: UseCaseDeps,
): Promise<ReceiptOutcome> {
  const { receipt } = envelope;
  // UUIDs compare without regard to case (LEGACY.md §5.1); the gateway writes them in lower case.
  const original = receipt.originalEnvelopeIdentifier.toLowerCase();
  const sent = await deps.vansSent.byEnvelope(original);
  if (!sent)
    return ignored(
      deps,
      "an envelope receipt for an envelope the gateway did not send (or no longer keeps)",
      receipt.kind,
    );
  if (!issuedFor(envelope, sent))
    return ignored(deps, "an envelope receipt from neither the envelope's receiver nor the network", receipt.kind);
  const quoted = receipt.originalMessage?.identifier;
  if (quoted !== undefined && quoted.toLowerCase() !== sent.messageIdentifier.toLowerCase())
    return ignored(deps, "an envelope receipt quoting another message than the envelope carried", receipt.kind);
  const record = await deps.store.get(sent.messageId);
  if (!record) return ignored(deps, "an envelope receipt for a message no longer kept", receipt.kind);
  const at = deps.now().toISOString();
  if (receipt.kind === "positive-message") {
    // A receipt sent twice adds one event (the network may deliver a receipt more than once).
    const events = await deps.store.events(sent.messageId);
    if (!events.some((e) => e.type === "network-accepted" && e.detail?.envelope === sent.envelopeIdentifier))
      await deps.store.appendEvent(sent.messageId, {
        at,
        type: "network-accepted",
        detail: { envelope: sent.envelopeIdentifier },
      });
    deps.log.info(
      { messageId: sent.messageId, envelope: sent.envelopeIdentifier },
      "envelope taken over by the receiver",
    );
    return "network-accepted";
  }
  const by = receipt.kind === "negative-vans" ? "The VANS network" : "The receiver";
  const code = receipt.error.code !== undefined ? ` (code ${receipt.error.code})` : "";
  const refusedBy = `${by} refused the envelope${code}`;
  // The description is outside text: kept in the sealed failureReason only, not in the event list.
  const failureReason = `${refusedBy}: ${boundedText(receipt.error.description, MAX_REASON)}`;
  const result = await deps.store.transition(
    sent.messageId,
    ["accepted", "queued", "delivered"],
    "failed",
    { at, type: "failed", detail: { reason: refusedBy, envelope: sent.envelopeIdentifier } },
    { fields: { failureReason } },
  );
  if (result !== "ok")
    return ignored(deps, `a negative envelope receipt for a message that is ${result}`, receipt.kind, sent);
  deps.log.warn(
    { messageId: sent.messageId, receiver: sent.receiver, receipt: receipt.kind, envelope: sent.envelopeIdentifier },
    "message failed: negative envelope receipt",
  );
  return "failed";
}

/** SenderID: the envelope's receiver (EAN, its GLN), or the network itself (EndPointType VANS; plan-16 item 4). */
function issuedFor(envelope: VansReceiptEnvelope, sent: VansSentEnvelope): boolean {
  const issuer = envelope.sender;
  return issuer.type === "VANS" || (issuer.type === "EAN" && issuer.id === sent.receiver);
}

function ignored(deps: UseCaseDeps, why: string, kind: string, sent?: VansSentEnvelope): ReceiptOutcome {
  // Only the gateway's own ids are logged; the receipt's own values are outside input.
  deps.log.warn({ receipt: kind, ...(sent ? { messageId: sent.messageId } : {}) }, `ignored ${why}`);
  return "ignored";
}
