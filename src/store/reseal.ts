// Key rotation's second half: every sealed value re-sealed with the keyring's current key. Each value is replaced
// only if it has not changed since it was read (a compare-and-set in Redis), so a gateway running at the same time
// loses nothing; what it writes meanwhile is sealed with a key the keyring still holds. A value that does not open (a
// plaintext written into Redis, an altered value) is left as it is and reported: sealing it would launder it into a
// genuine one (issue 11, point 8).
import type { Redis } from "ioredis";
import { isSealed, isStale, isStaleBytes, isStaleContent, UnsealError, type Sealer } from "../crypto/keyring.js";
import { BLOB_SUMMARY_FIELDS, chunkContext, summaryContext } from "./blob-chunks.js";
import { isFileMarker, type BlobFiles } from "./blob-files.js";
import { SEALED_FIELDS } from "./message-store.js";
import { runScript, script } from "./scripts.js";

const SWAP_STRING = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL') return 1 end
return 0
`);

const SWAP_FIELD = script(`
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) return 1 end
return 0
`);

export interface ResealResult {
  resealed: number;
  /** Values that fail their integrity check, left untouched: record id and field (a blob's id and `blob:<n>` or
   *  `blob:summary`), never the value. */
  corrupt: { messageId: string; field: string }[];
}

export async function resealAll(
  redis: Redis,
  prefix: string,
  sealer: Sealer,
  files?: BlobFiles,
): Promise<ResealResult> {
  let resealed = 0;
  const corrupt: ResealResult["corrupt"] = [];
  // Not under the current key, or in the older mg1 format (one key for every value): re-sealed as mg2.
  const stale = (value: string | null): value is string =>
    value !== null && (!isSealed(value) || isStale(value, sealer.currentKeyId));
  const resealOne = (messageId: string, field: string, value: string): string | undefined => {
    const context = `${messageId}:${field}`;
    try {
      return sealer.seal(sealer.open(value, context), context);
    } catch (err) {
      if (!(err instanceof UnsealError)) throw err;
      corrupt.push({ messageId, field });
      return undefined;
    }
  };
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:msg:*`, "COUNT", 500);
    cursor = next;
    for (const key of keys) {
      const id = key.slice(`${prefix}:msg:`.length).replace(/:(content|events)$/, "");
      if (key.endsWith(":events")) continue;
      if (key.endsWith(":content")) {
        // A content is re-sealed as mg3 (compressed, bytes), whatever format it had (issue 17, point 2).
        const value = await redis.getBuffer(key);
        if (value === null || !isStaleContent(value, sealer.currentKeyId)) continue;
        let fresh: Buffer | undefined;
        try {
          fresh = sealer.sealContent(sealer.openContent(value, `${id}:content`), `${id}:content`);
        } catch (err) {
          if (!(err instanceof UnsealError)) throw err;
          corrupt.push({ messageId: id, field: "content" });
        }
        if (fresh !== undefined) resealed += Number(await runScript(redis, SWAP_STRING, [key], [value, fresh]));
        continue;
      }
      for (const field of SEALED_FIELDS) {
        const value = await redis.hget(key, field);
        if (!stale(value)) continue;
        const fresh = resealOne(id, field, value);
        if (fresh !== undefined) resealed += Number(await runScript(redis, SWAP_FIELD, [key], [field, value, fresh]));
      }
    }
  } while (cursor !== "0");
  resealed += await resealLegacy(redis, prefix, (id, field, value) =>
    stale(value) ? resealOne(id, field, value) : undefined,
  );
  resealed += await resealBlobs(redis, prefix, sealer, corrupt, files);
  return { resealed, corrupt };
}

/**
 * The legacy side's sealed values (issue 15): XDIS91/XBIN01 parts waiting for their partner (hash fields `xdis91`,
 * `xbin01`, sealed under "legacy-pair:<sender>:<object>:<kind>") and XCTL receipts waiting for the other one (hash
 * field per letter id, under "legacy-receipt:<message id>:<letter>"). `fresh` gives the re-sealed value, or nothing.
 */
async function resealLegacy(
  redis: Redis,
  prefix: string,
  fresh: (context: string, field: string, value: string) => string | undefined,
): Promise<number> {
  let resealed = 0;
  const kinds = [
    {
      match: `${prefix}:legacy:pair:*`,
      context: "legacy-pair",
      fields: (h: Record<string, string>) => ["xdis91", "xbin01"].filter((f) => f in h),
    },
    {
      match: `${prefix}:legacy:receipts:*`,
      context: "legacy-receipt",
      fields: (h: Record<string, string>) => Object.keys(h),
    },
  ];
  for (const kind of kinds) {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", kind.match, "COUNT", 500);
      cursor = next;
      for (const key of keys) {
        if (key.endsWith(":order")) continue;
        // The context names the pair ("<sender>:<object>") or the message: the key's last part(s).
        const owner = key.slice(`${prefix}:legacy:${kind.context === "legacy-pair" ? "pair" : "receipts"}:`.length);
        const hash = await redis.hgetall(key);
        for (const field of kind.fields(hash)) {
          const value = hash[field] ?? "";
          const context = `${kind.context}:${owner}:${field}`;
          // resealOne seals "<id>:<field>": the id given is the context without its last part.
          const sealed = fresh(context.slice(0, context.length - field.length - 1), field, value);
          if (sealed !== undefined)
            resealed += Number(await runScript(redis, SWAP_FIELD, [key], [field, value, sealed]));
        }
      }
    } while (cursor !== "0");
  }
  return resealed;
}

/**
 * Large attachments' blobs (issue 17, point 1): each chunk (mg4 bytes, under "<blob id>:blob:<n>") and the sealed
 * summary (mg2, under "<blob id>:blob:summary"), one field at a time, so no more than a chunk is held. A blob is kept
 * as long as its message (the retention period), so a rotation that skipped them would leave the retired key needed
 * for that long; HSET keeps the key's expiry. A chunk kept as a file (GATEWAY_BLOB_DIR, blob-files.ts) is re-sealed
 * into its file, replaced whole; without the folder it cannot be reached and is reported as corrupt, so the retired
 * key is not removed while it still opens something.
 */
async function resealBlobs(
  redis: Redis,
  prefix: string,
  sealer: Sealer,
  corrupt: ResealResult["corrupt"],
  files: BlobFiles | undefined,
): Promise<number> {
  let resealed = 0;
  const plain = new Set<string>(BLOB_SUMMARY_FIELDS.filter((f) => f !== "summary"));
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:blob:*`, "COUNT", 500);
    cursor = next;
    for (const key of keys) {
      const id = key.slice(`${prefix}:blob:`.length);
      for (const field of await redis.hkeys(key)) {
        if (plain.has(field)) continue;
        const stored = await redis.hgetBuffer(key, field);
        if (stored === null) continue;
        const inFile = isFileMarker(stored);
        const value = inFile ? await files?.read(id, Number(field)) : stored;
        if (value === undefined) {
          corrupt.push({ messageId: id, field: `blob:${field}` });
          continue;
        }
        const summary = field === "summary";
        if (summary ? !isStale(value.toString("utf8"), sealer.currentKeyId) : !isStaleBytes(value, sealer.currentKeyId))
          continue;
        let fresh: Buffer | string;
        try {
          fresh = summary
            ? sealer.seal(sealer.open(value.toString("utf8"), summaryContext(id)), summaryContext(id))
            : sealer.sealBytes(
                sealer.openBytes(value, chunkContext(id, Number(field))),
                chunkContext(id, Number(field)),
              );
        } catch (err) {
          if (!(err instanceof UnsealError)) throw err;
          corrupt.push({ messageId: id, field: `blob:${field}` });
          continue;
        }
        if (inFile && files !== undefined && typeof fresh !== "string") {
          await files.replace(id, Number(field), fresh);
          resealed += 1;
        } else resealed += Number(await runScript(redis, SWAP_FIELD, [key], [field, value, fresh]));
      }
    }
  } while (cursor !== "0");
  return resealed;
}
