// A CareCommunication on its way to a legacy location: its XDIS91 and, when it carries attachment data, its XBIN01
// (LEGACY.md §6.4; use cases §4.5.2: one XBIN01 for all attachments). The gateway makes new 14-character ids
// (§2.3: a UUID does not fit) and remembers them under the MessageHeader.id before the first document leaves (§6.2,
// issue 15 plan decision 3); the first record wins, so a re-delivery, a technical resend or a mailbox fetch writes
// the same documents again, and the XCTLs the location sends back find the message (LegacyIdStore.byLetter, keyed by
// the location: `legacyParty` is the receiver).
import type { DeliveryDocument } from "../../domain/delivery-document.js";
import type { LegacyCorrespondence } from "../../domain/ports/index.js";
import type { MessageRecord } from "../../domain/record.js";
import { legacyDocumentsOf } from "../../medcom/convert/cc-to-xdis91.js";
import type { Bundle } from "../../medcom/model/index.js";
import { newOioId } from "../../medcom/oioxml/ids.js";
import type { Result } from "../../util/issues.js";
import { withKeptIds, written, type LetterIds, type Made, type OutgoingDeps } from "./legacy-conversions.js";

export function legacyLetterDocuments(
  record: Pick<MessageRecord, "id" | "receiver">,
  bundle: Bundle,
  deps: OutgoingDeps,
): Promise<Result<DeliveryDocument[]>> {
  const newId = deps.newOioId ?? newOioId;
  const make = (ids: LetterIds): Result<Made> => {
    const converted = deps.conversions.toXdis91(bundle, ids);
    if (!converted.ok) return converted;
    const { letter, binary } = converted.value;
    const documents = written(deps.conversions, [
      { part: "xdis91", doc: letter },
      ...(binary ? [{ part: "xbin01" as const, doc: binary }] : []),
    ]);
    if (!documents.ok) return documents;
    return {
      ok: true,
      value: { documents: documents.value, ids: legacyDocumentsOf(converted.value) },
      issues: converted.issues,
    };
  };
  return withKeptIds(
    { id: record.id, legacyParty: record.receiver.gln },
    deps,
    {
      fresh: () => ({ envelope: newId(), letter: newId(), binaryEnvelope: newId(), binaryLetter: newId() }),
      kept: (kept) => letterIds(kept, newId),
    },
    make,
  );
}

function letterIds(kept: LegacyCorrespondence, newId: () => string): LetterIds | undefined {
  const letter = kept.documents.find((d) => d.kind === "xdis91");
  if (!letter) return undefined;
  const binary = kept.documents.find((d) => d.kind === "xbin01");
  return {
    envelope: letter.envelope,
    letter: letter.letter,
    // Without a kept XBIN01 the letter has no attachment data, so these are never written (withKeptIds checks it).
    binaryEnvelope: binary?.envelope ?? newId(),
    binaryLetter: binary?.letter ?? newId(),
  };
}
