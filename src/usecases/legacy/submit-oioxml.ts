// POST /v1/messages with an OIOXML Emessage, and an OIOXML file dropped in a file-drop inbox (issue 15, point 3): a
// letter from a legacy location. An XDIS91 without attachments is converted and submitted at once; an XDIS91 with
// BIN references and an XBIN01 wait for each other (up to 60 minutes, LEGACY.md §6.7) and the one that completes the
// pair submits the converted letter (plan decisions 1–4). A receipt (XCTL) belongs at /v1/acknowledgements.
import type { Caller } from "../../access/clients.js";
import { fail, GatewayError } from "../../errors.js";
import { error } from "../../util/issues.js";
import { convertedIds } from "../../medcom/convert/xdis91-to-cc.js";
import type { Bundle } from "../../medcom/model/index.js";
import type { OioxmlDocument, Xbin01, Xdis91 } from "../../medcom/oioxml/index.js";
import type { UseCaseDeps } from "../deps.js";
import { submitMessage, type SubmitAnswer } from "../submit/submit-message.js";
import { requireLegacySender } from "./legacy-location.js";
import { handOnPair, pairKeyOf } from "./pairs.js";
import { readLegacyDocument } from "./read-document.js";
import { conversionContext, submitConverted, type ConvertedOutcome } from "./submit-converted.js";
import { PAIRING_LEASE_MS, PAIRING_WAIT_MS } from "./texts.js";

/** A part that meets its pair while another caller hands the pair on is asked to come again (503) this soon. */
const BUSY_RETRY_AFTER_SECONDS = 5;

/** A part kept until its partner comes (202): what it waits for, and until when. */
export interface WaitingAnswer {
  status: 202;
  body: {
    status: "waiting-for-partner";
    /** The document that completes it. */
    waitingFor: "xdis91" | "xbin01";
    /** The letter's sending location and the attachment that links the two. */
    sender: string;
    attachment: string;
    /** When the wait ends (the gateway then answers the sender with a fatal-error acknowledgement, its XCTL02). */
    until?: string;
  };
}

export type LegacySubmitOutcome = ConvertedOutcome | { outcome: "waiting"; answer: WaitingAnswer };

/** Read `bytes` and submit it (the caller answers an unreadable one: UnreadableOioxml). */
export async function submitOioxml(caller: Caller, bytes: Uint8Array, deps: UseCaseDeps): Promise<LegacySubmitOutcome> {
  return submitLegacyDocument(caller, readLegacyDocument(bytes), bytes, deps);
}

export async function submitLegacyDocument(
  caller: Caller,
  doc: OioxmlDocument,
  bytes: Uint8Array,
  deps: UseCaseDeps,
): Promise<LegacySubmitOutcome> {
  if (doc.kind !== "xdis91" && doc.kind !== "xbin01")
    fail("invalid", "wrong-endpoint", "/Emessage", "This is a receipt (XCTL); post it to /v1/acknowledgements.");
  const root = doc.kind === "xdis91" ? "/Emessage/ClinicalEmail" : "/Emessage/BinaryLetter";
  requireLegacySender(caller, doc.sender.ean, `${root}/Sender/EANIdentifier`, deps);
  // The receiver is checked before a part is kept: an XBIN01 for nobody would wait an hour for nothing.
  conversionContext(caller, doc.sender.ean, doc.receiver.ean, deps);
  const binReferences = doc.kind === "xdis91" ? doc.references.filter((r) => "bin" in r).length : 0;
  if (doc.kind === "xdis91" && binReferences === 0)
    return submitConverted(caller, doc, undefined, bytes.byteLength, deps);

  // A part already converted (a duplicate, after its pair was handed on) is answered as the letter was.
  const repeat = await answerKnown(caller, doc, deps);
  if (repeat) return { outcome: "accepted", answer: repeat };
  const key = pairKeyOf(doc);
  if (!key)
    fail(
      "invalid",
      "oioxml-object-identifier",
      doc.kind === "xdis91" ? `${root}/Reference/BIN/ObjectIdentifier` : `${root}/BinaryObject/ObjectIdentifier`,
      "An attachment's ObjectIdentifier must be a UUID (with hyphens in XBIN01, 32 hexadecimal digits in XDIS91).",
    );
  const now = deps.now().getTime();
  const offered = await deps.legacyPairing.offer(
    key,
    { kind: doc.kind, bytes, receivedAt: now, envelope: doc.envelope.identifier, letter: doc.letter.identifier },
    { now, waitMs: PAIRING_WAIT_MS, leaseMs: PAIRING_LEASE_MS },
  );
  if (offered.outcome === "complete") return handOnPair(caller, offered.pair, deps);
  if (offered.outcome === "busy")
    throw new GatewayError(
      "unavailable",
      [error("legacy-pair-busy", root, "Its partner is being handed on right now; nothing was kept: send it again.")],
      undefined,
      { "Retry-After": String(BUSY_RETRY_AFTER_SECONDS) },
    );
  const waitingFor = doc.kind === "xdis91" ? "xbin01" : "xdis91";
  const until = offered.outcome === "waiting" ? { until: new Date(offered.dueAt).toISOString() } : {};
  deps.log.info({ sender: key.sender, kind: doc.kind, outcome: offered.outcome }, "OIOXML part waits for its partner");
  return {
    outcome: "waiting",
    answer: {
      status: 202,
      body: { status: "waiting-for-partner", waitingFor, sender: key.sender, attachment: key.object, ...until },
    },
  };
}

/** The letter a part was already converted into, answered as a repeat of it (200), or undefined. */
async function answerKnown(caller: Caller, doc: Xdis91 | Xbin01, deps: UseCaseDeps): Promise<SubmitAnswer | undefined> {
  const known = await deps.legacyIds.byLetter(doc.sender.ean, doc.letter.identifier);
  // The same letter id from the same sender, in a new envelope or the same: the letter it was converted into.
  if (!known?.documents.some((d) => d.kind === doc.kind)) return undefined;
  const content = await deps.store.content(known.messageId);
  if (content === undefined) return undefined; // remembered but refused: converted (and refused) again
  const resource = JSON.parse(content) as Bundle;
  // An XDIS91 in a new envelope is a technical resend (a new Bundle.id for the same MessageHeader.id, as its
  // conversion would make it): answered as one, the acknowledgement sent again (DOMAIN.md §2.9); the same envelope
  // again is the same Bundle, a retry.
  if (doc.kind === "xdis91") resource.id = convertedIds(doc).bundle;
  return submitMessage(caller, { type: "read", resource, sizeBytes: content.length }, deps);
}
