// The documents a delivery hands over, made from the stored message (its FHIR JSON) for the receiving location's first
// format. FHIR: the Bundle as before (JSON as stored, XML written from it). "xdis91" (issue 15 plan, decisions 1 and 3):
// a CareCommunication becomes its XDIS91 (+ XBIN01), an Acknowledgement one XCTL per OIOXML document of the message it
// acknowledges; the 14-character ids are remembered in the LegacyIdStore before anything leaves, and the first record
// wins, so every re-delivery, technical resend (same MessageHeader.id, DOMAIN.md §2.9) and mailbox fetch repeats them.
import type { Delivery, Format } from "../../config/schema.js";
import type { DeliveryDocument } from "../../domain/delivery-document.js";
import type { MessageRecord } from "../../domain/record.js";
import { writeFhirXml } from "../../medcom/fhir/index.js";
import type { Bundle, Resource } from "../../medcom/model/index.js";
import type { Result } from "../../util/issues.js";
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

export async function outgoingDocuments(
  record: Pick<MessageRecord, "id" | "kind" | "sender" | "receiver" | "acknowledges">,
  content: string,
  format: Format,
  deps: OutgoingDeps | undefined,
): Promise<Result<DeliveryDocument[]>> {
  switch (format) {
    case "application/fhir+json":
      return fhir("application/fhir+json", content);
    case "application/fhir+xml":
      return fhir("application/fhir+xml", writeFhirXml(JSON.parse(content) as Resource));
    case "xdis91": {
      if (!deps) return refused("the gateway has no legacy id store, so it makes no OIOXML");
      const bundle = JSON.parse(content) as Bundle;
      return record.kind === "acknowledgement"
        ? legacyReceiptDocuments(record, bundle, deps)
        : legacyLetterDocuments(record, bundle, deps);
    }
  }
}

function fhir(mediaType: "application/fhir+json" | "application/fhir+xml", text: string): Result<DeliveryDocument[]> {
  return { ok: true, value: [{ part: "fhir", mediaType, charset: "utf-8", bytes: utf8.encode(text) }], issues: [] };
}
