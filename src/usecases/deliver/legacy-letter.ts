// A CareCommunication on its way to a legacy location: its XDIS91 and, when it carries attachment data, its XBIN01
// (LEGACY.md §6.4; use cases §4.5.2: one XBIN01 for all attachments). The gateway makes new 14-character ids
// (§2.3: a UUID does not fit) and remembers them under the MessageHeader.id before the first document leaves (§6.2,
// issue 15 plan decision 3); the first record wins, so a re-delivery, a technical resend or a mailbox fetch writes
// the same documents again and the XCTLs the location sends back find the message (LegacyIdStore.byLetter).
import type { DeliveryDocument } from "../../domain/delivery-document.js";
import type { LegacyCorrespondence, LegacyDocumentIds } from "../../domain/ports/index.js";
import type { MessageRecord } from "../../domain/record.js";
import type { Bundle } from "../../medcom/model/index.js";
import { newOioId } from "../../medcom/oioxml/ids.js";
import type { Xbin01, Xdis91 } from "../../medcom/oioxml/model.js";
import type { Result } from "../../util/issues.js";
import { oioxmlDocument, refused, type LetterIds, type OutgoingDeps } from "./legacy-conversions.js";

type Converted = { letter: Xdis91; binary?: Xbin01 };

export async function legacyLetterDocuments(
  record: Pick<MessageRecord, "id" | "receiver">,
  bundle: Bundle,
  deps: OutgoingDeps,
): Promise<Result<DeliveryDocument[]>> {
  const newId = deps.newOioId ?? newOioId;
  let kept = await deps.legacyIds.byMessage(record.id);
  let made: Result<Converted> | undefined;
  if (!kept) {
    const fresh = { envelope: newId(), letter: newId(), binaryEnvelope: newId(), binaryLetter: newId() };
    const first = deps.conversions.toXdis91(bundle, fresh);
    // A letter that does not convert leaves nothing behind: no ids are kept for it.
    if (!first.ok) return first;
    const documents = describe(first.value);
    kept = await deps.legacyIds.remember({ messageId: record.id, legacyParty: record.receiver.gln, documents });
    // Another worker may have remembered its own ids first: then the documents are made again with those.
    if (sameDocuments(kept.documents, documents)) made = first;
  }
  const ids = letterIds(kept, newId);
  if (!ids) return refused(`the legacy ids kept for message ${record.id} are not those of a letter`);
  made ??= deps.conversions.toXdis91(bundle, ids);
  if (!made.ok) return made;
  const { letter, binary } = made.value;
  if (Boolean(binary) !== kept.documents.some((d) => d.kind === "xbin01"))
    return refused(`the letter's attachments no longer match the legacy ids kept for message ${record.id}`);
  const write = deps.conversions.write;
  return {
    ok: true,
    value: [oioxmlDocument("xdis91", write(letter)), ...(binary ? [oioxmlDocument("xbin01", write(binary))] : [])],
    issues: made.issues,
  };
}

/** The XDIS91 first, then its XBIN01 (the order LegacyCorrespondence keeps). */
function describe({ letter, binary }: Converted): LegacyDocumentIds[] {
  const of = (d: Xdis91 | Xbin01): LegacyDocumentIds => ({
    kind: d.kind,
    envelope: d.envelope.identifier,
    letter: d.letter.identifier,
    version: d.letter.versionCode,
  });
  return binary ? [of(letter), of(binary)] : [of(letter)];
}

function letterIds(kept: LegacyCorrespondence, newId: () => string): LetterIds | undefined {
  const letter = kept.documents.find((d) => d.kind === "xdis91");
  if (!letter) return undefined;
  const binary = kept.documents.find((d) => d.kind === "xbin01");
  return {
    envelope: letter.envelope,
    letter: letter.letter,
    // Without a kept XBIN01 the letter has no attachment data, so these are never written.
    binaryEnvelope: binary?.envelope ?? newId(),
    binaryLetter: binary?.letter ?? newId(),
  };
}

export function sameDocuments(a: readonly LegacyDocumentIds[], b: readonly LegacyDocumentIds[]): boolean {
  return (
    a.length === b.length &&
    a.every((d, i) => d.kind === b[i]?.kind && d.envelope === b[i].envelope && d.letter === b[i].letter)
  );
}
