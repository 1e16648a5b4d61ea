// How a message stands on the legacy (OIOXML) side (LEGACY.md §6.2, use cases §4.1): OIOXML envelope and letter ids
// are at most 14 characters, so a FHIR message's UUIDs cannot be copied into them; the gateway keeps a two-way table,
// for at least MedCom's 3-month pairing window (§6.7), of which OIOXML documents each FHIR message was received as or
// sent as. Receipts find their message by the letter id they quote (OriginalLetterIdentifier).

export type LegacyDocumentKind = "xdis91" | "xbin01" | "xctl01" | "xctl02" | "xctl03";

/** One OIOXML document of a message: its kind, envelope id, letter id and the letter's VersionCode. */
export interface LegacyDocumentIds {
  kind: LegacyDocumentKind;
  envelope: string;
  letter: string;
  version: string;
}

export interface LegacyCorrespondence {
  /** The FHIR message's MessageHeader.id. */
  messageId: string;
  /** The GLN of the location on the OIOXML side (the sender of a received letter, the receiver of a sent one). */
  legacyParty: string;
  /** The XDIS91 first, then its XBIN01 when it has attachments; or the XCTL(s) an acknowledgement was sent as. */
  documents: LegacyDocumentIds[];
}

export interface LegacyIdStore {
  /** Keep `c`, for at least the pairing window; when the message is already known, the first record wins and is
   *  returned (so a conversion repeated for a re-delivery or a duplicate uses the same ids). */
  remember(c: LegacyCorrespondence): Promise<LegacyCorrespondence>;
  byMessage(messageId: string): Promise<LegacyCorrespondence | undefined>;
  /** The message a legacy party's letter id stands for (a receipt quotes OriginalLetterIdentifier). */
  byLetter(legacyParty: string, letterId: string): Promise<LegacyCorrespondence | undefined>;
}
