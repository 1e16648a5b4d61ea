// An Acknowledgement on its way to a legacy location: one XCTL per OIOXML document of the message it acknowledges
// (LEGACY.md §4 "one receipt per receipted Emessage", §7.2 table 3: ok → XCTL03 each, negative → XCTL02 each with the
// error text). The receipted documents are the ones the gateway received the letter as (LegacyIdStore.byMessage of
// MessageHeader.response.identifier); the XCTLs' own ids are remembered under the Acknowledgement's MessageHeader.id
// (issue 15 plan decision 3), so every re-delivery or fetch of the same Acknowledgement is the same receipt.
import type { DeliveryDocument } from "../../domain/delivery-document.js";
import type { LegacyDocumentIds } from "../../domain/ports/index.js";
import type { MessageRecord } from "../../domain/record.js";
import type { Bundle } from "../../medcom/model/index.js";
import { newOioId, OIO_ID_LENGTH, withoutHyphens } from "../../medcom/oioxml/ids.js";
import type { Xctl } from "../../medcom/oioxml/model.js";
import type { Result } from "../../util/issues.js";
import { refused, withKeptIds, written, type Made, type OutgoingDeps, type OwnIds } from "./legacy-conversions.js";

export async function legacyReceiptDocuments(
  record: Pick<MessageRecord, "id" | "sender" | "receiver" | "acknowledges">,
  ack: Bundle,
  deps: OutgoingDeps,
): Promise<Result<DeliveryDocument[]>> {
  const acknowledged = record.acknowledges;
  if (!acknowledged) return refused(`acknowledgement ${record.id} does not say which message it acknowledges`);
  const receipted = await receiptedDocuments(acknowledged, deps);
  const parties = { sender: record.sender.gln, receiver: record.receiver.gln };
  const newId = deps.newOioId ?? newOioId;
  const make = (ids: readonly OwnIds[]): Result<Made> => {
    const converted = deps.conversions.toXctls(ack, receipted, ids, parties);
    if (!converted.ok) return converted;
    const documents = written(
      deps.conversions,
      converted.value.map((doc) => ({ part: "xctl" as const, doc })),
    );
    if (!documents.ok) return documents;
    return {
      ok: true,
      value: { documents: documents.value, ids: converted.value.map(describe) },
      issues: converted.issues,
    };
  };
  return withKeptIds(
    { id: record.id, legacyParty: record.receiver.gln },
    deps,
    {
      fresh: () => receipted.map(() => ({ envelope: newId(), letter: newId() })),
      kept: (kept) => {
        const own = kept.documents.filter((d) => d.kind.startsWith("xctl"));
        return own.length === receipted.length ? own : undefined;
      },
    },
    make,
  );
}

const describe = (x: Xctl): LegacyDocumentIds => ({
  kind: x.kind,
  envelope: x.envelope.identifier,
  letter: x.letter.identifier,
  version: x.letter.versionCode,
});

/**
 * The OIOXML documents the acknowledged letter was received as. A letter the legacy location sent through the JSON
 * compose API (or as a FHIR Bundle) never was OIOXML: the receipt then quotes the one letter it stands for, with
 * envelope and letter id both the first 14 hexadecimal digits of its MessageHeader.id (the id the API answered the
 * location with), and version XD9134L — stable for every re-delivery and derivable by the location itself, where
 * made-up ids would name nothing it knows. Nothing is remembered for it: the derivation is the record.
 */
async function receiptedDocuments(acknowledged: string, deps: OutgoingDeps): Promise<LegacyDocumentIds[]> {
  const letter = await deps.legacyIds.byMessage(acknowledged);
  const documents = letter?.documents.filter((d) => d.kind === "xdis91" || d.kind === "xbin01") ?? [];
  if (documents.length > 0) return documents;
  const id = withoutHyphens(acknowledged).slice(0, OIO_ID_LENGTH);
  return [{ kind: "xdis91", envelope: id, letter: id, version: "XD9134L" }];
}
