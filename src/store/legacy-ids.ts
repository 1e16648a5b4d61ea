// The legacy id table on Redis (LEGACY.md §6.2; port: src/domain/ports/legacy-ids.ts): a message's OIOXML documents
// as JSON under its MessageHeader.id, and each document's letter id (per legacy party) pointing back to it. Kept for
// 92 days — MedCom's converter pairs receipts for up to 3 months (§6.7). The first record of a message wins, in one
// script, so two processes converting the same message agree on its ids; no value here is patient data (ids and GLNs).
import type { Redis } from "ioredis";
import type { LegacyCorrespondence, LegacyIdStore } from "../domain/ports/legacy-ids.js";
import type { Keys } from "./keys.js";
import { runScript, script } from "./scripts.js";

/** 92 days: at least MedCom's 3-month receipt window, whatever the months. */
export const LEGACY_RETENTION_SECONDS = 92 * 24 * 60 * 60;

/**
 * KEYS: the message's key, then one key per document letter id.
 * ARGV: the correspondence (JSON), ttl seconds, the message id.
 * Returns the correspondence kept (the earlier one when the message was already known).
 */
const REMEMBER = script(`
local known = redis.call('GET', KEYS[1])
if known then return known end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
for i = 2, #KEYS do redis.call('SET', KEYS[i], ARGV[3], 'EX', ARGV[2], 'NX') end
return ARGV[1]
`);

function parse(value: string | null): LegacyCorrespondence | undefined {
  return value === null ? undefined : (JSON.parse(value) as LegacyCorrespondence);
}

export function createLegacyIds(redis: Redis, keys: Keys): LegacyIdStore {
  return {
    async remember(c) {
      // Building the keys checks every id (a UUID, a GLN, 1–14 printable characters) before Redis sees it.
      const letterKeys = c.documents.map((d) => keys.legacyLetter(c.legacyParty, d.letter));
      const kept = await runScript(
        redis,
        REMEMBER,
        [keys.legacyMessage(c.messageId), ...letterKeys],
        [JSON.stringify(c), String(LEGACY_RETENTION_SECONDS), c.messageId],
      );
      return parse(String(kept)) ?? c;
    },
    async byMessage(messageId) {
      return parse(await redis.get(keys.legacyMessage(messageId)));
    },
    async byLetter(party, letter) {
      const messageId = await redis.get(keys.legacyLetter(party, letter));
      return messageId === null ? undefined : parse(await redis.get(keys.legacyMessage(messageId)));
    },
  };
}
