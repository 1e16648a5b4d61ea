// Audit trails written before issue 11, point 5 (a content HMAC under the audit key itself, linked by an unkeyed SHA-1
// chain): on the first use after an upgrade they are checked once by those old rules and, if they hold, re-chained
// under the new keys with their sequence numbers — so an upgrade neither loses the trail nor reports all of it as
// altered. A trail the old rules reject is not re-chained (that would vouch for tampering): it is moved aside to
// `<prefix>:audit:legacy`, the error is logged, and a new chain starts. Stop every process of the old version first:
// an old process appending meanwhile makes the migration wait (its compare on the head fails) until it is gone.
import { createHash, createHmac } from "node:crypto";
import type { Redis } from "ioredis";
import type { Logger } from "../log.js";
import { baseMac, chainEntries, GENESIS, sameMac, type AuditEntry } from "./audit-chain.js";
import { runScript, script } from "./scripts.js";

const OLD_GENESIS = "0".repeat(40);
const CHUNK = 1000;

interface OldEntry {
  seq: number;
  prev: string;
  hash: string;
  mac: string;
  entry: AuditEntry;
}

/**
 * Swap in the re-chained trail if the old one is still as read. KEYS: entries, head, base, new entries (filled),
 * legacy ARGV: old head hash, old length, new head seq, new head MAC, base seq, base MAC, base MAC's MAC, mode
 * ("rechain" or "aside").
 */
const SWAP = script(`
if redis.call('HGET', KEYS[2], 'hash') ~= ARGV[1] or redis.call('LLEN', KEYS[1]) ~= tonumber(ARGV[2]) then
  redis.call('DEL', KEYS[4])
  return 0
end
if ARGV[8] == 'aside' then
  if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('RENAME', KEYS[1], KEYS[5]) end
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
  return 1
end
redis.call('DEL', KEYS[1])
if redis.call('EXISTS', KEYS[4]) == 1 then redis.call('RENAME', KEYS[4], KEYS[1]) end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], 'seq', ARGV[3], 'mac', ARGV[4])
if tonumber(ARGV[5]) > 0 then redis.call('HSET', KEYS[3], 'seq', ARGV[5], 'mac', ARGV[6], 'sig', ARGV[7]) end
return 1
`);

function oldRulesHold(lines: string[], auditKey: Buffer): OldEntry[] | undefined {
  const entries: OldEntry[] = [];
  let previous: OldEntry | undefined;
  for (const line of lines) {
    let e: OldEntry;
    try {
      e = JSON.parse(line) as OldEntry;
    } catch {
      return undefined;
    }
    const mac = createHmac("sha256", auditKey).update(JSON.stringify(e.entry), "utf8").digest("hex");
    const link = createHash("sha1").update(`${e.prev}${e.mac}${e.seq}`).digest("hex");
    if (typeof e.mac !== "string" || !sameMac(e.mac, mac) || link !== e.hash) return undefined;
    if (previous ? e.prev !== previous.hash || e.seq !== previous.seq + 1 : e.seq === 1 && e.prev !== OLD_GENESIS)
      return undefined;
    entries.push(e);
    previous = e;
  }
  return entries;
}

/** Migrate the trail if it is in the old form; true when the trail is (now) in the new form. */
export async function migrateLegacyAudit(
  redis: Redis,
  keys: { entries: string; head: string; base: string },
  auditKey: Buffer,
  chainKey: Buffer,
  log: Logger,
): Promise<boolean> {
  const [oldHash, oldSeq, mac] = await redis.hmget(keys.head, "hash", "seq", "mac");
  if (typeof oldHash !== "string" || typeof mac === "string") return true;
  const lines = await redis.lrange(keys.entries, 0, -1);
  const old = oldRulesHold(lines, auditKey);
  const fresh = `${keys.entries}:migrating`;
  const legacy = `${keys.entries}:legacy`;
  const swapKeys = [keys.entries, keys.head, keys.base, fresh, legacy];
  if (!old || (old.at(-1)?.seq ?? Number(oldSeq)) !== Number(oldSeq)) {
    const moved = await runScript(redis, SWAP, swapKeys, [
      oldHash,
      String(lines.length),
      "0",
      "",
      "0",
      "",
      "",
      "aside",
    ]);
    if (Number(moved) === 1)
      log.error(
        { key: legacy },
        "the audit trail of an earlier version fails its own checks: moved aside, a new one started",
      );
    return Number(moved) === 1;
  }
  const base = { seq: (old[0]?.seq ?? Number(oldSeq) + 1) - 1, mac: GENESIS };
  const { stored, head } = chainEntries(
    chainKey,
    base,
    old.map((e) => e.entry),
  );
  await redis.del(fresh);
  for (let i = 0; i < stored.length; i += CHUNK)
    await redis.rpush(fresh, ...stored.slice(i, i + CHUNK).map((s) => JSON.stringify(s)));
  const swapped = await runScript(redis, SWAP, swapKeys, [
    oldHash,
    String(lines.length),
    String(head.seq),
    head.mac,
    String(base.seq),
    base.mac,
    baseMac(chainKey, base),
    "rechain",
  ]);
  if (Number(swapped) === 1) log.info({ entries: stored.length }, "audit trail re-chained under the keyed MAC chain");
  return Number(swapped) === 1;
}
