// Issue 11, point 5: a Redis writer (who can read and write every key but holds no key of the gateway) deleted 26
// entries of one client and re-chained the rest, and GET /v1/admin/audit still said `ok`. Here the same writer
// removes, re-chains, reorders, truncates and alters the trail of a real Redis; every one of these is reported, an
// untouched trail is `ok`, and two processes appending at once keep one contiguous chain.
import { createHash, createHmac } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { run } from "../../../src/cli.js";
import { newKeyringFile, writeKeyringFile } from "../../../src/crypto/keyring.js";
import { silentLogger } from "../../../src/log.js";
import { deriveAuditKeys, type AuditEntry, type StoredAuditEntry } from "../../../src/store/audit-chain.js";
import { createAuditCheckpoints } from "../../../src/store/audit-checkpoints.js";
import { createAuditLog } from "../../../src/store/audit-log.js";
import type { AuditLog } from "../../../src/domain/ports/index.js";
import { KEYS, gatewayForFile, rawRedis, uniquePrefix } from "../../support/gateway.js";

const auditKey = Buffer.alloc(32, 7);
const connections: Redis[] = [];
const connect = () => {
  const redis = rawRedis(inject("redisUrl"));
  connections.push(redis);
  return redis;
};
afterAll(() => connections.forEach((c) => c.disconnect()));

/** A gateway process: its own connection, and checkpoints in `dir` (a restart reads them again). */
function gatewayLog(prefix: string, dir: string): AuditLog {
  const anchors = createAuditCheckpoints({
    file: join(dir, "audit", "checkpoints.jsonl"),
    prefix,
    key: deriveAuditKeys(auditKey).checkpoint,
    log: silentLogger(),
    everyEntries: 10,
    minMs: 0,
  });
  return createAuditLog(connect(), prefix, auditKey, anchors);
}

const entry = (i: number, client = i % 3 === 0 ? "ppr-gribskov" : "gp-helsinge"): AuditEntry => ({
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  client,
  action: "read-content",
  messageId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
});

/** A trail of `n` entries written one by one (so checkpoints fall every 10), and the writer's view of Redis. */
async function trail(n = 90) {
  const prefix = uniquePrefix();
  const dir = mkdtempSync(join(tmpdir(), "mg-audit-"));
  const log = gatewayLog(prefix, dir);
  for (let i = 1; i <= n; i += 1) await log.append(entry(i));
  await log.checkpoints(); // waits for the checkpoint writes under way
  const redis = connect();
  const key = `${prefix}:audit`;
  const lines = async () => (await redis.lrange(key, 0, -1)).map((l) => JSON.parse(l) as StoredAuditEntry);
  const rewrite = async (entries: StoredAuditEntry[], head = entries.at(-1)) => {
    await redis.del(key);
    if (entries.length > 0) await redis.rpush(key, ...entries.map((e) => JSON.stringify(e)));
    if (head) await redis.hset(`${key}:head`, "seq", head.seq, "mac", head.mac);
    else await redis.del(`${key}:head`);
  };
  /** After a restart: only what is outside Redis (the checkpoint file) is trusted. */
  const restarted = () => gatewayLog(prefix, dir);
  return { prefix, dir, log, redis, key, lines, rewrite, restarted };
}

const codes = (v: { problems: { code: string }[] }) => new Set(v.problems.map((p) => p.code));

describe("audit chain against a Redis writer", () => {
  it("an untouched trail verifies, incrementally from the newest checkpoint and in full", async () => {
    const t = await trail();
    const quick = await t.restarted().verify();
    expect(quick).toMatchObject({ ok: true, problems: [], mode: "incremental", from: 90, head: 90, checked: 0 });
    expect(await t.log.verify({ full: true })).toMatchObject({ ok: true, mode: "full", from: 0, checked: 90 });
    const file = readFileSync(join(t.dir, "audit", "checkpoints.jsonl"), "utf8");
    expect(file.trim().split("\n").length).toBe(9); // every 10 entries
    expect(file).not.toContain("read-content"); // seq, MAC, time and signature only
  });

  it("reports 26 entries of one client deleted and the rest re-chained with a plain hash (the attack)", async () => {
    const t = await trail();
    let removed = 0;
    const all = await t.lines();
    const kept = all.filter((e) => !(e.entry.client === "ppr-gribskov" && removed++ < 26));
    expect(all.length - kept.length).toBe(26);
    let prev = "0".repeat(64);
    const rechained = kept.map((e, i) => {
      const mac = createHash("sha256")
        .update(`${i + 1}${prev}${JSON.stringify(e.entry)}`)
        .digest("hex");
      const line = { seq: i + 1, prev, mac, entry: e.entry };
      prev = mac;
      return line;
    });
    await t.rewrite(rechained);
    for (const log of [t.log, t.restarted()]) {
      const quick = await log.verify();
      expect(quick.ok).toBe(false);
      expect(codes(quick)).toContain("truncated"); // 64 entries, checkpoints up to 90
      const full = await log.verify({ full: true });
      expect(codes(full)).toEqual(new Set(["altered", "diverged", "truncated"]));
    }
  });

  it("reports deleted entries left in place (a gap in the sequence), even with the head left alone", async () => {
    const t = await trail();
    const all = await t.lines();
    let removed = 0;
    await t.rewrite(all.filter((e) => !(e.entry.client === "ppr-gribskov" && e.seq < 80 && removed++ < 26)));
    const quick = await t.restarted().verify();
    expect(quick).toMatchObject({ ok: false, mode: "full" }); // the count disagrees with the head: full check
    expect(codes(quick)).toEqual(new Set(["removed"]));
    expect(quick.problems[0]?.problem).toContain("missing or out of order");
  });

  it("reports reordered entries", async () => {
    const t = await trail();
    const all = await t.lines();
    const [a, b] = [all[40], all[41]] as [StoredAuditEntry, StoredAuditEntry];
    all[40] = b;
    all[41] = a;
    await t.rewrite(all);
    const full = await t.restarted().verify({ full: true });
    expect(full.ok).toBe(false);
    expect(codes(full)).toContain("reordered");
  });

  it("reports a truncated tail against the checkpoint outside Redis, the head moved back with it", async () => {
    const t = await trail();
    const all = await t.lines();
    await t.rewrite(all.slice(0, 75)); // head = entry 75: Redis alone looks consistent
    for (const log of [t.log, t.restarted()]) {
      const quick = await log.verify();
      expect(quick.ok).toBe(false);
      expect(quick.problems).toContainEqual(expect.objectContaining({ seq: 90, code: "truncated" }));
    }
    await t.rewrite([]); // everything, head included
    const empty = await t.restarted().verify();
    expect(empty.problems).toContainEqual(expect.objectContaining({ seq: 90, code: "truncated" }));
  });

  it("reports altered content (in full; after the newest checkpoint also incrementally)", async () => {
    const t = await trail(95);
    const all = await t.lines();
    const early = all[20] as StoredAuditEntry;
    early.entry.client = "someone-else";
    const late = all[92] as StoredAuditEntry;
    late.entry.messageId = "00000000-0000-4000-8000-000000000001";
    await t.rewrite(all);
    const restarted = t.restarted();
    const quick = await restarted.verify();
    expect(quick).toMatchObject({ ok: false, mode: "incremental", from: 90 });
    expect(quick.problems).toEqual([expect.objectContaining({ seq: 93, code: "altered" })]);
    const full = await restarted.verify({ full: true });
    expect(full.problems.map((p) => [p.seq, p.code])).toEqual([
      [21, "altered"],
      [93, "altered"],
    ]);
  });

  it("keeps retention honest: trimmed entries leave a MACed base; a forged base is reported", async () => {
    const t = await trail(40);
    expect(await t.log.trim(new Date(Date.UTC(2026, 0, 1, 0, 0, 16)))).toBe(15);
    expect(await t.log.verify({ full: true })).toMatchObject({ ok: true, from: 15, checked: 25 });
    // A writer "retains" ten more entries by deleting them and moving the base: its MAC fails.
    const all = await t.lines();
    await t.redis.ltrim(t.key, 10, -1);
    await t.redis.hset(`${t.key}:base`, "seq", all[9]?.seq ?? 0, "mac", all[9]?.mac ?? "");
    const full = await t.restarted().verify({ full: true });
    expect(full.problems).toContainEqual(expect.objectContaining({ seq: 25, code: "altered" }));
    // …and retention does not sign it over again.
    expect(await t.log.trim(new Date(Date.UTC(2027, 0, 1)))).toBe(0);
    expect(await t.redis.hget(`${t.key}:base`, "seq")).toBe("25");
    // Retention does not carry away tampered entries (the evidence stays).
    const u = await trail(30);
    const lines = await u.lines();
    (lines[5] as StoredAuditEntry).entry.client = "x";
    await u.rewrite(lines);
    expect(await u.log.trim(new Date(Date.UTC(2027, 0, 1)))).toBe(5);
    expect(codes(await u.log.verify({ full: true }))).toEqual(new Set(["altered"]));
  });

  it("two processes appending at once keep one contiguous, valid chain", async () => {
    const t = await trail(5);
    const other = t.restarted();
    await Promise.all(
      Array.from({ length: 150 }, (_, i) => [t.log.append(entry(1000 + i)), other.append(entry(2000 + i))]).flat(),
    );
    const seqs = (await t.lines()).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 305 }, (_, i) => i + 1));
    expect(await t.restarted().verify({ full: true })).toMatchObject({ ok: true, checked: 305 });
  });
});

/** A trail as the version before issue 11 wrote it: content HMAC under the audit key, unkeyed SHA-1 links. */
async function legacyTrail(n: number, firstSeq = 1) {
  const prefix = uniquePrefix();
  const redis = connect();
  let prev = firstSeq === 1 ? "0".repeat(40) : "1".repeat(40);
  const lines: string[] = [];
  for (let seq = firstSeq; seq < firstSeq + n; seq += 1) {
    const e = entry(seq);
    const mac = createHmac("sha256", auditKey).update(JSON.stringify(e)).digest("hex");
    const hash = createHash("sha1").update(`${prev}${mac}${seq}`).digest("hex");
    lines.push(JSON.stringify({ seq, prev, hash, mac, entry: e }));
    prev = hash;
  }
  await redis.rpush(`${prefix}:audit`, ...lines);
  await redis.hset(`${prefix}:audit:head`, "hash", prev, "seq", firstSeq + n - 1);
  return { prefix, redis, lines };
}

describe("an audit trail of the earlier version", () => {
  it("is checked by its own rules once and re-chained, keeping its sequence numbers", async () => {
    const t = await legacyTrail(30, 11); // retention had removed 1–10
    const dir = mkdtempSync(join(tmpdir(), "mg-audit-"));
    const log = gatewayLog(t.prefix, dir);
    expect(await log.verify({ full: true })).toMatchObject({ ok: true, checked: 30, from: 10, head: 40 });
    expect(await log.append(entry(41))).toBe(41);
    expect(await gatewayLog(t.prefix, dir).verify({ full: true })).toMatchObject({ ok: true, checked: 31 });
  });

  it("is moved aside, not vouched for, when it fails its own rules", async () => {
    const t = await legacyTrail(20);
    await t.redis.lrem(`${t.prefix}:audit`, 1, t.lines[7] ?? "");
    const log = gatewayLog(t.prefix, mkdtempSync(join(tmpdir(), "mg-audit-")));
    expect(await log.append(entry(1))).toBe(1);
    expect(await t.redis.llen(`${t.prefix}:audit:legacy`)).toBe(19);
    expect(await log.verify({ full: true })).toMatchObject({ ok: true, checked: 1 });
  });
});

describe("medcom-gateway audit", () => {
  it("verifies the whole trail against the data directory's checkpoints, or a copy kept elsewhere", async () => {
    const t = await trail(30);
    const keyring = join(t.dir, "keyring.json");
    writeKeyringFile(keyring, { ...newKeyringFile(), audit: auditKey.toString("base64") });
    const copy = join(mkdtempSync(join(tmpdir(), "mg-copy-")), "checkpoints.jsonl");
    copyFileSync(join(t.dir, "audit", "checkpoints.jsonl"), copy);
    const cli = async (...args: string[]) => {
      let out = "";
      const code = await run(["audit", ...args], {
        out: (text) => void (out += text),
        err: (text) => void (out += text),
        readFile: (path) => readFileSync(path),
        env: {
          REDIS_URL: inject("redisUrl"),
          GATEWAY_KEY_PREFIX: t.prefix,
          GATEWAY_ENCRYPTION_KEY_FILE: keyring,
          GATEWAY_DATA_DIR: t.dir,
        },
      });
      return { code, out };
    };
    expect(await cli("verify")).toMatchObject({ code: 0 });
    expect((await cli("checkpoints")).out.trim().split("\n")).toHaveLength(3);
    // Redis cut back to 15 entries, and the data directory's checkpoints removed with it: the copy still tells.
    await t.rewrite((await t.lines()).slice(0, 15));
    writeFileSync(join(t.dir, "audit", "checkpoints.jsonl"), "");
    const verdict = await cli("verify", "--checkpoints", copy);
    expect(verdict.code).toBe(1);
    expect(verdict.out).toContain('"code": "truncated"');
    expect(await cli("verify", "--nonsense")).toMatchObject({ code: 2 });
  });
});

describe("GET /v1/admin/audit", () => {
  const gateway = gatewayForFile();
  interface Answer {
    items: StoredAuditEntry[];
    verification: { ok: boolean; mode: string; problems: { code: string }[] };
  }
  const audit = async (query = "") =>
    (await (await gateway.request("GET", `/v1/admin/audit?limit=5${query}`, { key: KEYS.admin })).json()) as Answer;

  it("reports the issue's attack and exports the checkpoints", async () => {
    for (let i = 0; i < 30; i += 1) await gateway.request("GET", "/v1/admin/overview", { key: KEYS.admin });
    for (let i = 0; i < 5; i += 1) await gateway.request("GET", "/v1/admin/locations", { key: KEYS.admin });
    expect((await audit()).verification).toMatchObject({ ok: true, problems: [] });
    expect((await audit("&verify=full")).verification).toMatchObject({ ok: true, mode: "full" });

    const redis = rawRedis(gateway.redisUrl);
    const key = `${gateway.prefix}:audit`;
    const lines = (await redis.lrange(key, 0, -1)).map((l) => JSON.parse(l) as StoredAuditEntry);
    let removed = 0;
    const kept = lines.filter((e) => !(e.entry.detail?.includes("overview") && removed++ < 26));
    let prev = "0".repeat(64);
    const rechained = kept.map((e, i) => {
      const mac = createHash("sha256")
        .update(`${prev}${i + 1}${JSON.stringify(e.entry)}`)
        .digest("hex");
      const line = JSON.stringify({ seq: i + 1, prev, mac, entry: e.entry });
      prev = mac;
      return line;
    });
    await redis.del(key);
    await redis.rpush(key, ...rechained);
    await redis.hset(`${key}:head`, "seq", rechained.length, "mac", prev);
    redis.disconnect();
    expect((await audit()).verification.ok).toBe(false);
    expect((await audit("&verify=full")).verification.ok).toBe(false);

    const checkpoints = (await (
      await gateway.request("GET", "/v1/admin/audit/checkpoints", { key: KEYS.admin })
    ).json()) as { items: { seq: number; sig: string }[] };
    expect(Array.isArray(checkpoints.items)).toBe(true);
  });
});
