// The audit trail (issue: who did what): append-only and hash-chained in Redis. Each entry carries an HMAC-SHA256 of
// its content under the audit key (so an altered entry is detected by anyone holding the key, not recomputable by
// someone who can only write to Redis), and the chain links each entry to the one before (so a removed or reordered
// entry is detected). The chain link is computed inside Redis, atomically with the append, so concurrent writers
// from several processes still form one chain.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { Redis } from "ioredis";
import { runScript, script } from "./scripts.js";

export type AuditAction =
  | "submit"
  | "read-record"
  | "read-content"
  | "mailbox-list"
  | "mailbox-fetch"
  | "acknowledge"
  /** An administrator's view or request (detail: method and route). */
  | "admin"
  | "admin-retry"
  | "admin-resend"
  | "admin-sign-in"
  | "admin-sign-out";

export interface AuditEntry {
  at: string;
  client: string;
  action: AuditAction;
  messageId?: string;
  sender?: string;
  receiver?: string;
  /** HMAC-SHA256 of the patient's CPR under the audit key: the same patient gives the same value; never the CPR. */
  cprHash?: string;
  detail?: string;
}

export interface StoredAuditEntry {
  seq: number;
  prev: string;
  hash: string;
  mac: string;
  entry: AuditEntry;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  problems: { seq: number; problem: string }[];
}

const GENESIS = "0".repeat(40);

/** KEYS: entries list, head hash   ARGV: entry JSON, mac */
const APPEND = script(`
local prev = redis.call('HGET', KEYS[2], 'hash') or '${GENESIS}'
local seq = redis.call('HINCRBY', KEYS[2], 'seq', 1)
local hash = redis.sha1hex(prev .. ARGV[2] .. seq)
redis.call('RPUSH', KEYS[1], '{"seq":' .. seq .. ',"prev":"' .. prev .. '","hash":"' .. hash .. '","mac":"' .. ARGV[2] .. '","entry":' .. ARGV[1] .. '}')
redis.call('HSET', KEYS[2], 'hash', hash)
return seq
`);

export interface AuditLog {
  append(entry: AuditEntry): Promise<number>;
  /** The newest entries, newest last. */
  list(limit: number): Promise<StoredAuditEntry[]>;
  /** Check every kept entry's MAC and the chain between them. */
  verify(): Promise<AuditVerification>;
  /** Drop entries older than `before` (retention), from the oldest. */
  trim(before: Date): Promise<number>;
}

export function createAuditLog(redis: Redis, prefix: string, auditKey: Buffer): AuditLog {
  const entries = `${prefix}:audit`;
  const head = `${prefix}:audit:head`;
  const macOf = (json: string) => createHmac("sha256", auditKey).update(json, "utf8").digest("hex");
  const parse = (line: string) => JSON.parse(line) as StoredAuditEntry;
  return {
    async append(entry) {
      const json = JSON.stringify(entry);
      return Number(await runScript(redis, APPEND, [entries, head], [json, macOf(json)]));
    },
    async list(limit) {
      return (await redis.lrange(entries, String(-limit), "-1")).map(parse);
    },
    async verify() {
      const lines = await redis.lrange(entries, "0", "-1");
      const problems: AuditVerification["problems"] = [];
      let previous: StoredAuditEntry | undefined;
      for (const line of lines) {
        const stored = parse(line);
        const expectedMac = Buffer.from(macOf(JSON.stringify(stored.entry)), "hex");
        const givenMac = Buffer.from(stored.mac, "hex");
        if (givenMac.length !== expectedMac.length || !timingSafeEqual(givenMac, expectedMac))
          problems.push({ seq: stored.seq, problem: "the entry was altered (its MAC does not match)" });
        const link = createHash("sha1").update(`${stored.prev}${stored.mac}${stored.seq}`).digest("hex");
        if (link !== stored.hash)
          problems.push({ seq: stored.seq, problem: "the chain hash does not match the entry" });
        if (previous && (stored.prev !== previous.hash || stored.seq !== previous.seq + 1))
          problems.push({ seq: stored.seq, problem: `entries are missing or out of order after ${previous.seq}` });
        previous = stored;
      }
      return { ok: problems.length === 0, checked: lines.length, problems };
    },
    async trim(before) {
      let removed = 0;
      for (;;) {
        const first = await redis.lindex(entries, 0);
        if (first === null || Date.parse(parse(first).entry.at) >= before.getTime()) return removed;
        await redis.lpop(entries);
        removed += 1;
      }
    },
  };
}
