// The Redis settings the gateway starts its embedded Redis with and recommends for an external one (docs/operations.md,
// "Redis settings"); docker-compose.yml's Redis and the bench's carry the same (a unit test compares compose's). An
// external Redis must have the first three (connections.ts refuses it otherwise); a smaller hash-max-listpack-value
// is a warning (listpack.ts); the last two are recommended.
import { RECOMMENDED_LISTPACK_VALUE } from "./listpack.js";

export const REDIS_SETTINGS: Readonly<Record<string, string>> = {
  // An accepted message survives a crash of Redis or of the machine (issue 12, point 2: durability.ts).
  appendonly: "yes",
  appendfsync: "always",
  // A queued message never vanishes to make room.
  "maxmemory-policy": "noeviction",
  // A message record, some twenty short fields and a few sealed ones of 65–300 characters, stays one compact listpack
  // instead of a hash table a third larger (issue 17, point 2; docs/sizing.md); its rewrite is then one value too.
  "hash-max-listpack-value": String(RECOMMENDED_LISTPACK_VALUE),
  // Rewrite the append-only file when it has grown to five times its last rewrite, not twice (Redis's default 100).
  // A rewrite takes a core for a second or two and the submits near it wait (docs/sizing.md, fourteenth session);
  // the share of time spent rewriting is the file's growth over the rewrite's pace, so this makes it a quarter — ≈ 1 %
  // of the time instead of ≈ 5 % at 200 letters/s on 2 cores — for up to 5× the base on disk and up to about twice
  // the load time after a restart.
  "auto-aof-rewrite-percentage": "400",
  // The rewrite writes the data as an RDB preamble; its LZF pass finds nothing to gain in contents that are
  // compressed and then encrypted, and it is the rewrite's CPU that delays submits: ≈ 30 % less CPU a rewrite for
  // ≈ 10 % more bytes on disk (measured, docs/sizing.md).
  rdbcompression: "no",
};

/** REDIS_SETTINGS as redis-server's command-line arguments. */
export const redisSettingArgs = (): string[] =>
  Object.entries(REDIS_SETTINGS).flatMap(([name, value]) => [`--${name}`, value]);
