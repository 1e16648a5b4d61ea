// The first XCTL receipts waiting for the other one, in memory (the Redis one: src/store/legacy-receipts.ts).
/* eslint-disable @typescript-eslint/require-await -- the ports are asynchronous; memory answers at once */
import type { LegacyReceiptStore, WaitingReceipt } from "../../domain/ports/legacy-receipts.js";

export function createMemoryLegacyReceipts(): LegacyReceiptStore {
  const kept = new Map<string, WaitingReceipt[]>();
  return {
    async keep(messageId, receipt) {
      const list = kept.get(messageId) ?? [];
      if (!list.some((r) => r.letter === receipt.letter)) list.push({ ...receipt });
      kept.set(messageId, list);
      return list.map((r) => ({ ...r }));
    },
  };
}
