// What the way out to a legacy location needs (issue 15): MedCom's conversion (the plan's shared API of the OIOXML core
// and the FHIR → OIOXML converters), named here as one set of functions so the document-making step is tested with its
// own fakes and wired once to the pure core; the legacy id table; and the small pieces the letter and receipt steps share.
import type { Bundle } from "../../medcom/model/index.js";
import type { OioxmlDocument, Xbin01, Xctl, Xdis91 } from "../../medcom/oioxml/model.js";
import type { DeliveryDocument } from "../../domain/delivery-document.js";
import type { LegacyCorrespondence, LegacyDocumentIds, LegacyIdStore } from "../../domain/ports/index.js";
import type { Issue, Result } from "../../util/issues.js";

/** The new 14-character ids of a converted letter (the shape of cc-to-xdis91.ts's LegacyLetterIds). */
export interface LetterIds {
  envelope: string;
  letter: string;
  binaryEnvelope: string;
  binaryLetter: string;
}

export interface OwnIds {
  envelope: string;
  letter: string;
}

export interface LegacyConversions {
  /** careCommunicationToXdis91 (LEGACY.md §6.4). */
  toXdis91: (bundle: Bundle, ids: LetterIds) => Result<{ letter: Xdis91; binary?: Xbin01 }>;
  /** acknowledgementToXctls (§7.2): one XCTL per receipted document. */
  toXctls: (
    ack: Bundle,
    receipted: readonly LegacyDocumentIds[],
    ids: readonly OwnIds[],
    parties: { sender: string; receiver: string },
  ) => Result<Xctl[]>;
  /** writeOioxml: ISO-8859-1 bytes with the declaration, valid against MedCom's XSDs. */
  write: (doc: OioxmlDocument) => Uint8Array;
  /** The written bytes read back with the checks MedCom's XSDs make (readOioxml): what is wrong, empty when nothing. */
  check: (bytes: Uint8Array) => Issue[];
}

export interface OutgoingDeps {
  legacyIds: LegacyIdStore;
  conversions: LegacyConversions;
  /** newOioId (src/medcom/oioxml/ids.ts) unless a test fixes it. */
  newOioId?: () => string;
}

export function refused(message: string): Result<never> {
  return { ok: false, issues: [{ severity: "error", code: "legacy-conversion", path: "Bundle", message }] };
}

/** OIOXML bytes as a delivery document (issue 15 plan, decision 5: application/xml, ISO-8859-1). */
export const oioxmlDocument = (part: "xdis91" | "xbin01" | "xctl", bytes: Uint8Array): DeliveryDocument => ({
  part,
  mediaType: "application/xml",
  charset: "ISO-8859-1",
  bytes,
});

/** What one conversion made: the documents' bytes in order, and their ids as the legacy id table keeps them. */
export interface Made {
  documents: DeliveryDocument[];
  ids: LegacyDocumentIds[];
}

/**
 * The documents of a message with the ids the legacy id table keeps for it (LEGACY.md §6.2, issue 15 plan decision 3):
 * made with fresh ids and remembered before the caller lets any leave, or made again with the ids already kept (a
 * re-delivery, a technical resend, a fetch, or another worker that remembered first: the first record wins). What is
 * made must be what is kept, so a message whose documents changed is refused rather than sent under other ids.
 */
export async function withKeptIds<I>(
  message: { id: string; legacyParty: string },
  deps: OutgoingDeps,
  ids: { fresh: () => I; kept: (kept: LegacyCorrespondence) => I | undefined },
  make: (ids: I) => Result<Made>,
): Promise<Result<DeliveryDocument[]>> {
  let kept = await deps.legacyIds.byMessage(message.id);
  let made: Result<Made> | undefined;
  if (!kept) {
    const first = make(ids.fresh());
    // A message that does not convert leaves nothing behind: no ids are kept for it.
    if (!first.ok) return first;
    kept = await deps.legacyIds.remember({
      messageId: message.id,
      legacyParty: message.legacyParty,
      documents: first.value.ids,
    });
    if (sameDocuments(kept.documents, first.value.ids)) made = first;
  }
  const keptIds = ids.kept(kept);
  if (keptIds === undefined) return refused(`the legacy ids kept for message ${message.id} do not fit it`);
  made ??= make(keptIds);
  if (!made.ok) return made;
  if (!sameDocuments(made.value.ids, kept.documents))
    return refused(`message ${message.id} no longer converts to the documents whose ids are kept for it`);
  return { ok: true, value: made.value.documents, issues: made.issues };
}

export function sameDocuments(a: readonly LegacyDocumentIds[], b: readonly LegacyDocumentIds[]): boolean {
  return (
    a.length === b.length &&
    a.every((d, i) => d.kind === b[i]?.kind && d.envelope === b[i].envelope && d.letter === b[i].letter)
  );
}

/** Each document written, then read back with MedCom's XSD checks: nothing a legacy party cannot read leaves. */
export function written(
  conversions: LegacyConversions,
  docs: readonly { part: "xdis91" | "xbin01" | "xctl"; doc: OioxmlDocument }[],
): Result<DeliveryDocument[]> {
  const out: DeliveryDocument[] = [];
  for (const { part, doc } of docs) {
    const bytes = conversions.write(doc);
    const issues = conversions.check(bytes);
    if (issues.some((i) => i.severity === "error")) return { ok: false, issues };
    out.push(oioxmlDocument(part, bytes));
  }
  return { ok: true, value: out, issues: [] };
}
