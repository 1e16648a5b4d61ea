// XDIS91 ⇄ XBIN01 pairing on Redis (port and rules: src/domain/ports/legacy-pairing.ts; LEGACY.md §3, §6.7). A pair
// is one hash — each arrived part sealed like a message's content (it holds the letter, CPR and attachments), and the
// claim "<token> <until ms>" while someone hands it on — plus one sorted set of every pair by the time to look at it
// next: the end of a lone part's wait, or the end of a claim's lease. Offering a part and claiming a pair are single
// scripts, so two processes never both take the same pair (the second finds it claimed), and a part leaves Redis only
// when its holder finishes the pair, after handing it on.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Sealer } from "../crypto/keyring.js";
import type {
  ClaimedPair,
  LegacyPairingStore,
  OfferOutcome,
  PairKey,
  PairPart,
  PairPartKind,
} from "../domain/ports/legacy-pairing.js";
import { isGln, isMessageId } from "../medcom/ids.js";
import type { Keys } from "./keys.js";
import { runScript, script } from "./scripts.js";

/**
 * KEYS: the pair, the due index. ARGV: kind, partner kind, sealed part, due ms (a lone part's wait ends), claim
 * ("<token> <until ms>"), lease end ms, member, now ms.
 * → {'known', sealed part} | {'busy'} | {'complete', sealed partner} | {'waiting', due ms}
 */
const OFFER = script(`
local mine = redis.call('HGET', KEYS[1], ARGV[1])
if mine then return {'known', mine} end
local claim = redis.call('HGET', KEYS[1], 'claim')
if claim then
  local space = string.find(claim, ' ', 1, true)
  if tonumber(string.sub(claim, space + 1)) > tonumber(ARGV[8]) then return {'busy'} end
end
local partner = redis.call('HGET', KEYS[1], ARGV[2])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
if partner then
  redis.call('HSET', KEYS[1], 'claim', ARGV[5])
  redis.call('ZADD', KEYS[2], ARGV[6], ARGV[7])
  return {'complete', partner}
end
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[7])
return {'waiting', ARGV[4]}
`);

/**
 * KEYS: the pair, the due index. ARGV: now ms, claim ("<token> <until ms>"), lease end ms, member.
 * → the pair's fields (HGETALL, claim included) when claimed now, else false.
 */
const CLAIM = script(`
local due = redis.call('ZSCORE', KEYS[2], ARGV[4])
if not due or tonumber(due) > tonumber(ARGV[1]) then return false end
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('ZREM', KEYS[2], ARGV[4])
  return false
end
local claim = redis.call('HGET', KEYS[1], 'claim')
if claim then
  local space = string.find(claim, ' ', 1, true)
  if tonumber(string.sub(claim, space + 1)) > tonumber(ARGV[1]) then return false end
end
redis.call('HSET', KEYS[1], 'claim', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
return redis.call('HGETALL', KEYS[1])
`);

/** KEYS: the pair, the due index. ARGV: claim token, member. → 1 when removed, 0 when the claim is not the token's. */
const FINISH = script(`
local claim = redis.call('HGET', KEYS[1], 'claim')
if not claim or string.sub(claim, 1, string.len(ARGV[1]) + 1) ~= ARGV[1] .. ' ' then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
return 1
`);

interface StoredPart {
  kind: PairPartKind;
  base64: string;
  receivedAt: number;
  envelope: string;
  letter: string;
}

const member = (key: PairKey) => `${key.sender}:${key.object}`;

/** A member of the due index back to its key; undefined for anything the gateway did not write. */
function keyOf(value: string): PairKey | undefined {
  const sender = value.slice(0, 13);
  const object = value.slice(14);
  return value.charAt(13) === ":" && isGln(sender) && isMessageId(object) ? { sender, object } : undefined;
}

export function createLegacyPairing(redis: Redis, keys: Keys, sealer: Sealer): LegacyPairingStore {
  const context = (key: PairKey, kind: PairPartKind) => `legacy-pair:${member(key)}:${kind}`;
  const seal = (key: PairKey, part: PairPart): string => {
    const stored: StoredPart = {
      kind: part.kind,
      base64: Buffer.from(part.bytes).toString("base64"),
      receivedAt: part.receivedAt,
      envelope: part.envelope,
      letter: part.letter,
    };
    return sealer.seal(JSON.stringify(stored), context(key, part.kind));
  };
  const open = (key: PairKey, kind: PairPartKind, sealed: string): PairPart => {
    const stored = JSON.parse(sealer.open(sealed, context(key, kind))) as StoredPart;
    return {
      kind,
      bytes: new Uint8Array(Buffer.from(stored.base64, "base64")),
      receivedAt: stored.receivedAt,
      envelope: stored.envelope,
      letter: stored.letter,
    };
  };
  const pairOf = (key: PairKey, flat: readonly string[]): ClaimedPair => {
    const fields = new Map<string, string>();
    for (let i = 0; i + 1 < flat.length; i += 2) fields.set(flat[i] ?? "", flat[i + 1] ?? "");
    const xdis91 = fields.get("xdis91");
    const xbin01 = fields.get("xbin01");
    const claim = fields.get("claim") ?? "";
    return {
      key,
      ...(xdis91 !== undefined ? { xdis91: open(key, "xdis91", xdis91) } : {}),
      ...(xbin01 !== undefined ? { xbin01: open(key, "xbin01", xbin01) } : {}),
      claim: claim.slice(0, claim.indexOf(" ")),
    };
  };
  return {
    async offer(key, part, { now, waitMs, leaseMs }) {
      const token = randomUUID();
      const until = now + leaseMs;
      const partner: PairPartKind = part.kind === "xdis91" ? "xbin01" : "xdis91";
      const reply = (await runScript(
        redis,
        OFFER,
        [keys.legacyPair(key.sender, key.object), keys.legacyPairsDue],
        [
          part.kind,
          partner,
          seal(key, part),
          String(now + waitMs),
          `${token} ${until}`,
          String(until),
          member(key),
          String(now),
        ],
      )) as string[];
      const [outcome, value = ""] = reply;
      if (outcome === "known") {
        const known = open(key, part.kind, value);
        return { outcome: "known", kind: part.kind, envelope: known.envelope, letter: known.letter };
      }
      if (outcome === "busy") return { outcome: "busy" };
      if (outcome === "waiting") return { outcome: "waiting", dueAt: Number(value) };
      const pair: ClaimedPair = { key, [part.kind]: part, [partner]: open(key, partner, value), claim: token };
      return { outcome: "complete", pair } satisfies OfferOutcome;
    },
    async claimDue({ now, leaseMs }, limit) {
      const members = await redis.zrangebyscore(keys.legacyPairsDue, "-inf", String(now), "LIMIT", 0, limit);
      const claimed: ClaimedPair[] = [];
      for (const m of members) {
        const key = keyOf(m);
        if (!key) {
          await redis.zrem(keys.legacyPairsDue, m); // not written by the gateway: nothing to claim
          continue;
        }
        const token = randomUUID();
        const until = now + leaseMs;
        const flat = (await runScript(
          redis,
          CLAIM,
          [keys.legacyPair(key.sender, key.object), keys.legacyPairsDue],
          [String(now), `${token} ${until}`, String(until), m],
        )) as string[] | null;
        if (flat) claimed.push(pairOf(key, flat));
      }
      return claimed;
    },
    async finish(key, claim) {
      const removed = await runScript(
        redis,
        FINISH,
        [keys.legacyPair(key.sender, key.object), keys.legacyPairsDue],
        [claim, member(key)],
      );
      return Number(removed) === 1;
    },
    async count() {
      return redis.zcard(keys.legacyPairsDue);
    },
  };
}
