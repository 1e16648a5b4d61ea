// The documents a delivery hands over, made from the stored message (its FHIR JSON) for the receiving location's first
// format. FHIR: the Bundle as before (JSON as stored, XML written from it). "xdis91" (issue 15 plan, decisions 1 and 3):
// a CareCommunication becomes its XDIS91 (+ XBIN01), an Acknowledgement one XCTL per OIOXML document of the message it
// acknowledges; the 14-character ids are remembered in the LegacyIdStore before anything leaves, and the first record
// wins, so every re-delivery, technical resend (same MessageHeader.id, DOMAIN.md §2.9) and mailbox fetch repeats them.
import type { Delivery, Format } from "../../config/schema.js";
import type { DeliveryDocument } from "../../domain/delivery-document.js";
import type { BlobStore } from "../../domain/ports/blob-store.js";
import { detachedBlobsOf, mayNameDetached } from "../../medcom/detached-text.js";
import type { MessageRecord } from "../../domain/record.js";
import { writeFhirXml } from "../../medcom/fhir/index.js";
import type { Bundle, Resource } from "../../medcom/model/index.js";
import type { Result } from "../../util/issues.js";
import { expandDetached } from "./expand-detached.js";
import { refused, type OutgoingDeps } from "./legacy-conversions.js";
import { legacyLetterDocuments } from "./legacy-letter.js";
import { legacyReceiptDocuments } from "./legacy-receipts.js";

const utf8 = new TextEncoder();

/**
 * The format a receiver is sent: its first format, except for a remote receiver (reached through VANS, issue 16)
 * whose first format is XDIS91. By MedCom's rules the receiver's VANS provider converts for a receiver registered
 * only for XDIS91 (LEGACY.md §1, §6.1: conversion belongs to the receiver's provider, by its registration), so the
 * gateway sends the CareCommunication (or Acknowledgement) as FHIR XML; with `network.vans.convertLocally` it
 * converts itself and sends XDIS91 (+ XBIN01), as for a legacy location it serves.
 */
export function sentFormat(
  receiver: { preferredFormat: Format; delivery: Pick<Delivery, "adapter"> },
  convertLocally: boolean,
): Format {
  const remote = receiver.delivery.adapter === "vans";
  return remote && receiver.preferredFormat === "xdis91" && !convertLocally
    ? "application/fhir+xml"
    : receiver.preferredFormat;
}

/**
 * The documents of one delivery. A content naming detached attachments (issue 17) becomes a streamed FHIR document
 * whose tokens are expanded from `blobs` as it is sent (DetachedBlobMissing when a blob is gone); every other content
 * is made exactly as before. Refused (permanently) for a legacy location: see legacyRefusal.
 */
export async function outgoingDocuments(
  record: Pick<MessageRecord, "id" | "kind" | "sender" | "receiver" | "acknowledges">,
  content: string,
  format: Format,
  deps: OutgoingDeps | undefined,
  blobs?: Pick<BlobStore, "read" | "size">,
): Promise<Result<DeliveryDocument[]>> {
  const parsed = mayNameDetached(content) ? (JSON.parse(content) as Resource) : undefined;
  const named = parsed ? detachedBlobsOf(parsed) : undefined;
  if (parsed && named && named.size > 0) {
    if (format === "xdis91") return refused(LEGACY_DETACHED);
    if (!blobs) return refused("the letter names detached attachments and this gateway has no blob store");
    const mediaType = format === "application/fhir+json" ? format : "application/fhir+xml";
    const withTokens = utf8.encode(mediaType === "application/fhir+json" ? content : writeFhirXml(parsed));
    const stream = await expandDetached(withTokens, named, blobs);
    return { ok: true, value: [{ part: "fhir", mediaType, charset: "utf-8", stream, withTokens }], issues: [] };
  }
  switch (format) {
    case "application/fhir+json":
      return fhir("application/fhir+json", content);
    case "application/fhir+xml":
      return fhir("application/fhir+xml", writeFhirXml(parsed ?? (JSON.parse(content) as Resource)));
    case "xdis91": {
      if (!deps) return refused("the gateway has no legacy id store, so it makes no OIOXML");
      const bundle = (parsed ?? JSON.parse(content)) as Bundle;
      return record.kind === "acknowledgement"
        ? legacyReceiptDocuments(record, bundle, deps)
        : legacyLetterDocuments(record, bundle, deps);
    }
  }
}

/**
 * Decision (issue 17): a letter with a detached attachment is not converted to XDIS91 + XBIN01 for a legacy location.
 * The conversion (MedCom's OIOXML core) builds, writes and XSD-checks the XBIN01 with the base64 in it, whole; doing
 * that a piece at a time is its own piece of work, and MedCom's legacy letters were never meant for 100 MB. So the
 * letter fails for good with this reason (no attempt would pass), and the sender learns it from the failure.
 */
const LEGACY_DETACHED =
  "an attachment of this letter is too large to be converted to XDIS91/XBIN01 (it is kept apart from the letter, " +
  "issue 17); the location's first format is xdis91, so the letter cannot be delivered to it";

function fhir(mediaType: "application/fhir+json" | "application/fhir+xml", text: string): Result<DeliveryDocument[]> {
  return { ok: true, value: [{ part: "fhir", mediaType, charset: "utf-8", bytes: utf8.encode(text) }], issues: [] };
}
