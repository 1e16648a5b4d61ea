// A message that went to a legacy location as an XDIS91 and an XBIN01 is answered by two XCTL receipts, one per
// document; MedCom's converter turns them into one Acknowledgement only when it has both, and waits up to 3 months for
// the second (LEGACY.md §7.2, §6.7). The first receipt waits here, sealed (a RefuseText may carry patient words).

export interface WaitingReceipt {
  /** The receipted document's letter id (OriginalLetterIdentifier): one receipt per document, the first wins. */
  letter: string;
  /** The receipt as the use case keeps it (JSON of the read XCTL). */
  receipt: string;
}

export interface LegacyReceiptStore {
  /** Keep `receipt` for message `messageId` (≥ 3 months); every receipt kept for that message so far, this one
   *  included, in arrival order. A second receipt for the same document is not kept (the first wins). */
  keep(messageId: string, receipt: WaitingReceipt): Promise<WaitingReceipt[]>;
}
