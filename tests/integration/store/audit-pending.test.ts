// Issue 12, point 1: an audit entry written as pending with the store step it records reaches the keyed chain exactly
// once, however often it is settled: by the request and a drainer at once, by two processes, by the same process twice
// in one batch, or again after a lost reply (the script ran, the answer never came).
import type { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import type { AuditEntry, StoredAuditEntry } from "../../../src/store/audit-chain.js";
import { createAuditLog } from "../../../src/store/audit-log.js";
import { pendingAuditField } from "../../../src/store/message-store.js";
import { rawRedis, uniquePrefix } from "../../support/gateway.js";

const auditKey = Buffer.alloc(32, 9);
const connections: Redis[] = [];
const connect = () => {
  const redis = rawRedis(inject("redisUrl"));
  connections.push(redis);
  return redis;
};
afterAll(() => connections.forEach((c) => c.disconnect()));

const entry = (i: number): AuditEntry => ({
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  client: "ppr-gribskov",
  action: "submit",
  messageId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  detail: "accepted",
});

/** What the store's ACCEPT script writes: the entry under its field, and the field's time. */
async function writePending(redis: Redis, prefix: string, entries: AuditEntry[]) {
  for (const e of entries) {
    const field = pendingAuditField(e.action, e.messageId ?? "");
    await redis.hset(`${prefix}:audit:pending`, field, JSON.stringify(e));
    await redis.zadd(`${prefix}:audit:pending:at`, Date.parse(e.at), field);
  }
  return entries.map((e) => ({ field: pendingAuditField(e.action, e.messageId ?? ""), entry: e }));
}

async function trail(redis: Redis, prefix: string): Promise<StoredAuditEntry[]> {
  return (await redis.lrange(`${prefix}:audit`, 0, -1)).map((l) => JSON.parse(l) as StoredAuditEntry);
}

describe("pending audit entries", () => {
  it("are appended once when two processes, a drainer and the request settle them at the same time", async () => {
    const prefix = uniquePrefix();
    const redis = connect();
    const one = createAuditLog(connect(), prefix, auditKey);
    const two = createAuditLog(connect(), prefix, auditKey);
    const pending = await writePending(
      redis,
      prefix,
      Array.from({ length: 40 }, (_, i) => entry(i + 1)),
    );
    const now = Date.parse("2026-01-02T00:00:00Z");
    const counts = await Promise.all([
      one.settle({ pending }),
      one.settle({ pending }),
      two.settle({ pending: pending.slice(10) }),
      two.settle({ olderThanMs: 0, now, limit: 200 }),
      one.settle({ olderThanMs: 0, now, limit: 200 }),
    ]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(40);
    const stored = await trail(redis, prefix);
    expect(stored.map((s) => s.entry.messageId).sort()).toEqual(pending.map((p) => p.entry.messageId).sort());
    expect(stored.map((s) => s.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await redis.hlen(`${prefix}:audit:pending`)).toBe(0);
    expect(await redis.zcard(`${prefix}:audit:pending:at`)).toBe(0);
    expect((await one.verify({ full: true })).ok).toBe(true);
    // Settled again later (a retried drain): nothing more.
    expect(await two.settle({ pending })).toBe(0);
    expect(await trail(redis, prefix)).toHaveLength(40);
  });

  it("is not appended again after a lost reply: the retry finds it gone from the pending ones", async () => {
    const prefix = uniquePrefix();
    const redis = connect();
    const log = createAuditLog(connect(), prefix, auditKey);
    const pending = await writePending(redis, prefix, [entry(1), entry(2)]);
    expect(await log.settle({ pending: pending.slice(0, 1) })).toBe(1);
    // The first settle's reply "lost": the caller tries both again, with a plain entry in the same batch.
    const plain = log.append(entry(3));
    expect(await log.settle({ pending })).toBe(1);
    await plain;
    // Each once (the plain one may come first: the settle waits for the trail's readiness first).
    expect((await trail(redis, prefix)).map((s) => s.entry.messageId).sort()).toEqual(
      [entry(1), entry(2), entry(3)].map((e) => e.messageId),
    );
    expect((await log.verify({ full: true })).ok).toBe(true);
  });

  it("leaves entries younger than the drainer's grace period to the request that wrote them", async () => {
    const prefix = uniquePrefix();
    const redis = connect();
    const log = createAuditLog(connect(), prefix, auditKey);
    const [young] = await writePending(redis, prefix, [entry(30)]);
    const at = Date.parse(young?.entry.at ?? "");
    expect(await log.settle({ olderThanMs: 2000, now: at + 1000, limit: 10 })).toBe(0);
    expect(await log.settle({ olderThanMs: 2000, now: at + 2000, limit: 10 })).toBe(1);
  });
});
