// The legacy id table in memory (the Redis one is src/store/legacy-ids.ts); no expiry: a test process is short.
/* eslint-disable @typescript-eslint/require-await -- the ports are asynchronous; memory answers at once */
import type { LegacyCorrespondence, LegacyIdStore } from "../../domain/ports/legacy-ids.js";

export function createMemoryLegacyIds(): LegacyIdStore {
  const byMessage = new Map<string, LegacyCorrespondence>();
  const byLetter = new Map<string, LegacyCorrespondence>();
  const letterKey = (party: string, letter: string) => `${party}\n${letter}`;
  return {
    async remember(c) {
      const known = byMessage.get(c.messageId);
      if (known) return structuredClone(known);
      const kept = structuredClone(c);
      byMessage.set(c.messageId, kept);
      // A letter id names the message it was first remembered for (as Redis's SET NX does).
      for (const d of kept.documents) {
        const key = letterKey(kept.legacyParty, d.letter);
        if (!byLetter.has(key)) byLetter.set(key, kept);
      }
      return structuredClone(kept);
    },
    byMessage: async (messageId) => structuredClone(byMessage.get(messageId)),
    byLetter: async (party, letter) => structuredClone(byLetter.get(letterKey(party, letter))),
  };
}
