// The first XCTL of a two-document message waiting for the second (port: src/domain/ports/legacy-receipts.ts;
// LEGACY.md §7.2): a hash letter id → sealed receipt (a RefuseText may carry patient words) and a list of the letter
// ids in arrival order, kept 92 days (MedCom pairs receipts for up to 3 months, §6.7). One script: the first receipt
// for a document wins, and the caller sees every receipt kept so far.
import type { Redis } from "ioredis";
import type { Sealer } from "../crypto/keyring.js";
import type { LegacyReceiptStore, WaitingReceipt } from "../domain/ports/legacy-receipts.js";
import type { Keys } from "./keys.js";
import { LEGACY_RETENTION_SECONDS } from "./legacy-ids.js";
import { isOioId } from "../medcom/ids.js";
import { runScript, script } from "./scripts.js";

/** KEYS: receipts hash, order list. ARGV: letter id, sealed receipt, ttl seconds. → {order…, '', field, value…} */
const KEEP = script(`
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then redis.call('RPUSH', KEYS[2], ARGV[1]) end
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
local reply = redis.call('LRANGE', KEYS[2], 0, -1)
table.insert(reply, '')
for _, v in ipairs(redis.call('HGETALL', KEYS[1])) do table.insert(reply, v) end
return reply
`);

export function createLegacyReceipts(redis: Redis, keys: Keys, sealer: Sealer): LegacyReceiptStore {
  const context = (messageId: string, letter: string) => `legacy-receipt:${messageId}:${letter}`;
  return {
    async keep(messageId, { letter, receipt }) {
      if (!isOioId(letter)) throw new Error("refusing to keep a receipt under an unchecked letter id");
      const flat = (await runScript(
        redis,
        KEEP,
        [keys.legacyReceipts(messageId), keys.legacyReceiptOrder(messageId)],
        [letter, sealer.seal(receipt, context(messageId, letter)), String(LEGACY_RETENTION_SECONDS)],
      )) as string[];
      const split = flat.indexOf("");
      const values = new Map<string, string>();
      for (let i = split + 1; i + 1 < flat.length; i += 2) values.set(flat[i] ?? "", flat[i + 1] ?? "");
      const kept: WaitingReceipt[] = [];
      for (const l of flat.slice(0, split)) {
        const sealed = values.get(l);
        if (sealed !== undefined) kept.push({ letter: l, receipt: sealer.open(sealed, context(messageId, l)) });
      }
      return kept;
    },
  };
}
