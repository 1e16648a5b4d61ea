// The imported directory in Redis (issue 16, point 3). An import writes its entries aside under a staging key of its
// own, then one Lua script makes them current — only if the generation is still the one the importer started from —
// deletes the previous generation and publishes the new generation number, all in one step: a reader sees the old
// directory or the new one, never a mixture, and two imports racing cannot both win.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { DirectoryEntry, DirectoryImportMeta, DirectoryStore } from "../domain/ports/directory-store.js";
import { decodeEntry, encodeEntry } from "./directory-entry-codec.js";
import { runScript, script } from "./scripts.js";

/** Key names of the directory; every one under the gateway's prefix (its Redis Cluster hash tag). */
export function directoryKeys(prefix: string) {
  return {
    /** Hash: generation, importedAt, entries, source of the current import. */
    meta: `${prefix}:directory:current`,
    /** Hash GLN → entry (JSON) of one generation. */
    generation: (n: number) => `${prefix}:directory:gen:${Math.trunc(n)}`,
    /** An import being written: our own UUID, never a name from outside. */
    staging: (id: string) => `${prefix}:directory:staging:${id}`,
    /** Pub/sub: the new generation's number after every import, so every process reloads at once. */
    channel: `${prefix}:directory:changed`,
  };
}

/** A staging key an importer died writing is not left behind for long. */
const STAGING_TTL_SECONDS = 3600;
/** Fields per HSET while writing aside: bounded requests, one pipeline. */
const CHUNK = 500;
/** A read that raced an import is tried again; three imports inside one read would be a bug or an attack. */
const READ_ATTEMPTS = 5;

/**
 * KEYS: meta, staging, the new generation's key, the old generation's key
 * ARGV: expected generation, importedAt, source, channel
 * Returns {'ok', generation, entries} or {'conflict', current generation}.
 */
const SWAP = script(`
local current = tonumber(redis.call('HGET', KEYS[1], 'generation') or '0')
if current ~= tonumber(ARGV[1]) then
  redis.call('UNLINK', KEYS[2])
  return {'conflict', current}
end
local next = current + 1
local count = redis.call('HLEN', KEYS[2])
redis.call('DEL', KEYS[3])
if count > 0 then
  redis.call('RENAME', KEYS[2], KEYS[3])
  redis.call('PERSIST', KEYS[3])
end
redis.call('HSET', KEYS[1], 'generation', next, 'importedAt', ARGV[2], 'entries', count, 'source', ARGV[3])
if current > 0 then redis.call('UNLINK', KEYS[4]) end
redis.call('PUBLISH', ARGV[4], tostring(next))
return {'ok', next, count}
`);

/**
 * A generation's entries, only while it is still the current one (else false: the reader asks the meta again).
 * KEYS: meta, the generation's key. ARGV: the generation.
 */
const READ = script(`
if redis.call('HGET', KEYS[1], 'generation') ~= ARGV[1] then return false end
return redis.call('HGETALL', KEYS[2])
`);

function metaOf(fields: (string | null)[]): DirectoryImportMeta | undefined {
  const [generation, importedAt, entries, source] = fields;
  if (generation === null || generation === undefined) return undefined;
  return {
    generation: Number(generation),
    importedAt: importedAt ?? "",
    entries: Number(entries ?? 0),
    source: source ?? "",
  };
}

export function createDirectoryStore(redis: Redis, prefix: string): DirectoryStore {
  const keys = directoryKeys(prefix);
  const readMeta = async () => metaOf(await redis.hmget(keys.meta, "generation", "importedAt", "entries", "source"));
  return {
    async replace(entries, meta, expectedGeneration) {
      const staging = keys.staging(randomUUID());
      const pipeline = redis.pipeline();
      for (let i = 0; i < entries.length; i += CHUNK) {
        const fields: string[] = [];
        for (const e of entries.slice(i, i + CHUNK)) fields.push(e.gln, encodeEntry(e));
        pipeline.hset(staging, ...fields);
      }
      pipeline.expire(staging, STAGING_TTL_SECONDS);
      const written = await pipeline.exec();
      const failed = written?.find(([err]) => err !== null);
      if (failed?.[0]) {
        await redis.unlink(staging).catch(() => undefined);
        throw failed[0];
      }
      const expected = Math.trunc(expectedGeneration);
      const result = (await runScript(
        redis,
        SWAP,
        [keys.meta, staging, keys.generation(expected + 1), keys.generation(expected)],
        [String(expected), meta.importedAt, meta.source, keys.channel],
      )) as [string, number, number?];
      if (result[0] !== "ok") return { ok: false, reason: "conflict", current: Number(result[1]) };
      return {
        ok: true,
        meta: {
          generation: Number(result[1]),
          importedAt: meta.importedAt,
          entries: Number(result[2]),
          source: meta.source,
        },
      };
    },
    meta: readMeta,
    async entries() {
      // The meta names the generation; the script reads it only if it is still current (the swap deletes the old
      // generation in the same step as it changes the meta), so the entries are one generation's, whole.
      for (let attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
        const meta = await readMeta();
        if (!meta) return undefined;
        const g = String(meta.generation);
        const raw = (await runScript(redis, READ, [keys.meta, keys.generation(meta.generation)], [g])) as
          string[] | null;
        if (!raw) continue;
        const entries: DirectoryEntry[] = [];
        for (let i = 0; i + 1 < raw.length; i += 2) entries.push(decodeEntry(raw[i] ?? "", raw[i + 1] ?? ""));
        return { meta, entries };
      }
      throw new Error("the directory changed during every read; try again");
    },
  };
}
