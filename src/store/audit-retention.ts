// Retention of the audit trail: the oldest entries go only after they verify, in chunks, each chunk removed by a
// script that checks they are still the ones verified, leaving a MACed base behind so the first kept entry still
// links to a trusted point (deleting entries cannot pass for retention).
import type { Redis } from "ioredis";
import { baseMac, entryMac, sameMac, START, type ChainPoint } from "./audit-chain.js";
import { CHUNK, parse, type AuditKeys, type TrailReader } from "./audit-read.js";
import { runScript, script } from "./scripts.js";

/**
 * Retention: drop the first ARGV[1] entries if they are still the ones checked, and record the last one as the base.
 * KEYS: entries list, base hash   ARGV: count, first line, last line, base seq, base MAC, base MAC's MAC
 */
const TRIM = script(`
local n = tonumber(ARGV[1])
if redis.call('LINDEX', KEYS[1], 0) ~= ARGV[2] or redis.call('LINDEX', KEYS[1], n - 1) ~= ARGV[3] then return 0 end
redis.call('LTRIM', KEYS[1], n, -1)
redis.call('HSET', KEYS[2], 'seq', ARGV[4], 'mac', ARGV[5], 'sig', ARGV[6])
return n
`);

/** Drop entries dated before `before`, from the oldest; how many went. */
export async function trimTrail(
  redis: Redis,
  trail: TrailReader,
  keys: AuditKeys,
  chainKey: Buffer,
  before: Date,
): Promise<number> {
  let removed = 0;
  for (;;) {
    const snapshot = await trail.read(0, CHUNK);
    // Only entries that verify, after a base that verifies, are removed: retention must not carry away the
    // evidence of tampering, nor sign a forged base over again.
    let point: ChainPoint = snapshot.base ? { seq: snapshot.base.seq, mac: snapshot.base.mac } : START;
    if (snapshot.base && !sameMac(snapshot.base.sig, baseMac(chainKey, point))) return removed;
    let n = 0;
    for (const line of snapshot.lines) {
      const stored = parse(line);
      if (
        !stored ||
        !(Date.parse(stored.entry?.at) < before.getTime()) ||
        stored.seq !== point.seq + 1 ||
        stored.prev !== point.mac ||
        !sameMac(stored.mac, entryMac(chainKey, stored.seq, stored.prev, stored.entry))
      )
        break;
      point = { seq: stored.seq, mac: stored.mac };
      n += 1;
    }
    if (n === 0) return removed;
    const args = [String(n), snapshot.lines[0] ?? "", snapshot.lines[n - 1] ?? ""];
    const trimmed = await runScript(
      redis,
      TRIM,
      [keys.entries, keys.base],
      [...args, String(point.seq), point.mac, baseMac(chainKey, point)],
    );
    if (Number(trimmed) === 0) return removed; // another process trimmed meanwhile: the next sweep goes on
    removed += n;
    if (n < snapshot.lines.length || snapshot.lines.length < CHUNK) return removed;
  }
}
