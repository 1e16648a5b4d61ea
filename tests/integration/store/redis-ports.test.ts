// The Redis ports against the same contracts as the in-memory ones (tests/unit/store/memory-ports.test.ts): each
// suite gets its own key prefix on the run's Redis.
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createSealer, rotateKeyringFile } from "../../../src/crypto/keyring.js";
import { resealAll } from "../../../src/store/reseal.js";
import { createAuditLog } from "../../../src/store/audit-log.js";
import { createBlobStore } from "../../../src/store/blob-store.js";
import { createBreakerStore } from "../../../src/store/breaker-store.js";
import { createCounters } from "../../../src/store/counters.js";
import { keysFor } from "../../../src/store/keys.js";
import { createLegacyIds } from "../../../src/store/legacy-ids.js";
import { createLegacyPairing } from "../../../src/store/legacy-pairing.js";
import { createLegacyReceipts } from "../../../src/store/legacy-receipts.js";
import { createMailboxStore } from "../../../src/store/mailbox-store.js";
import { createMessageStore } from "../../../src/store/message-store.js";
import { STAGE_CONTENT_BYTES, STAGED_CONTENT_SECONDS } from "../../../src/store/scripts.js";
import { BlobMissing } from "../../../src/store/blob-errors.js";
import { createOutboxParking } from "../../../src/store/outbox-parking.js";
import { createVansEnvelopes } from "../../../src/store/vans-envelopes.js";
import { createRateLimiter } from "../../../src/store/rate-limiter.js";
import { portContracts } from "../../support/contracts/index.js";
import { newTestKeyring, rawRedis, uniquePrefix } from "../../support/gateway.js";
import { acceptInput } from "../../support/store.js";

const redis = rawRedis(inject("redisUrl"));
const sealer = createSealer(newTestKeyring());
afterAll(() => redis.disconnect());

portContracts("redis", async (now) => {
  const prefix = uniquePrefix();
  const keys = keysFor(prefix);
  const vans = createVansEnvelopes(redis, keys, 30);
  return Promise.resolve({
    store: createMessageStore(redis, prefix, sealer),
    mailboxes: createMailboxStore(redis, prefix),
    auditLog: createAuditLog(redis, prefix, sealer.auditKey),
    counters: createCounters(redis, prefix, now),
    rateLimiter: createRateLimiter(redis, prefix),
    outboxParking: createOutboxParking(redis, keys),
    breakers: createBreakerStore(redis, keys),
    legacyIds: createLegacyIds(redis, keys),
    legacyPairing: createLegacyPairing(redis, keys, sealer),
    legacyReceipts: createLegacyReceipts(redis, keys, sealer),
    vansSent: vans.sent,
    vansReceived: vans.received,
    blobs: createBlobStore(redis, prefix, sealer),
  });
});

describe("redis: contents at rest (issue 17, point 2)", () => {
  const letter = readFileSync(join(import.meta.dirname, "../../../../shared/medcom/examples/cc5-01-new-message.xml"));

  it("a content is compressed, sealed and stored as bytes (mg3): a sixth of the letter, read back whole", async () => {
    const prefix = uniquePrefix();
    const store = createMessageStore(redis, prefix, sealer);
    const input = acceptInput({}, letter.toString("utf8"));
    await store.accept(input);
    const stored = (await redis.getBuffer(keysFor(prefix).content(input.record.id))) ?? Buffer.alloc(0);
    expect(stored.subarray(0, 4).toString("latin1")).toBe("mg3:");
    expect(stored.length).toBeLessThan(letter.length / 5);
    expect(await store.content(input.record.id)).toBe(letter.toString("utf8"));
    // A resend's new content is compressed too.
    await store.transition(
      input.record.id,
      "accepted",
      "queued",
      { at: new Date().toISOString(), type: "queued" },
      {
        content: "<Bundle>ny</Bundle>",
      },
    );
    expect((await redis.getBuffer(keysFor(prefix).content(input.record.id)))?.subarray(0, 4).toString()).toBe("mg3:");
    expect(await store.content(input.record.id)).toBe("<Bundle>ny</Bundle>");
  });

  it("a content sealed before compression (mg2) still reads, and key rotation re-seals it compressed", async () => {
    const prefix = uniquePrefix();
    const path = newTestKeyring();
    const before = createSealer(path);
    const store = createMessageStore(redis, prefix, before);
    const input = acceptInput({}, letter.toString("utf8"));
    await store.accept(input);
    const key = keysFor(prefix).content(input.record.id);
    const context = `${input.record.id}:content`;
    await redis.set(key, before.seal(letter.toString("utf8"), context), "KEEPTTL");
    expect((await redis.get(key))?.startsWith("mg2:")).toBe(true);
    expect(await store.content(input.record.id)).toBe(letter.toString("utf8"));

    const rotated = rotateKeyringFile(path);
    const after = createSealer(path);
    expect((await resealAll(redis, prefix, after)).corrupt).toEqual([]);
    expect((await redis.getBuffer(key))?.subarray(0, 5 + rotated.length).toString()).toBe(`mg3:${rotated}:`);
    expect(await createMessageStore(redis, prefix, after).content(input.record.id)).toBe(letter.toString("utf8"));
  });
});

describe("redis: a large content staged ahead of the accept script (issue 17, point 3)", () => {
  // Random base64: Brotli keeps it at ≈ 6 bits a character, so the sealed content stays far above the threshold.
  const large = () => randomBytes(3 * STAGE_CONTENT_BYTES).toString("base64");
  const stagedKeys = async (prefix: string) => {
    const found: string[] = [];
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:staged:*`, "COUNT", 1000);
      found.push(...keys);
      cursor = next;
    } while (cursor !== "0");
    return found;
  };

  it("is stored whole with the record's lifetime, and no staged key is left in any outcome", async () => {
    const prefix = uniquePrefix();
    const store = createMessageStore(redis, prefix, sealer);
    const idempotency = { scope: "client:test", key: "k-large" };
    const input = { ...acceptInput({}, large()), idempotency };
    expect(await store.accept(input)).toEqual({ outcome: "accepted", id: input.record.id });
    expect(await store.content(input.record.id)).toBe(input.content);
    // The retention period (an hour here), not the staging key's short life.
    expect(await redis.ttl(keysFor(prefix).content(input.record.id))).toBeGreaterThan(STAGED_CONTENT_SECONDS);
    // The same id again, and another id under the same Idempotency-Key: duplicates that keep the first content.
    const sameId = { ...acceptInput({ id: input.record.id }, large()) };
    expect((await store.accept(sameId)).outcome).toBe("duplicate");
    const sameKey = { ...acceptInput({}, large()), idempotency };
    expect(await store.accept(sameKey)).toMatchObject({ outcome: "duplicate", id: input.record.id });
    // A blob the content names is missing: refused, nothing stored.
    const missing = { ...acceptInput({}, large()), blobs: [randomUUID()] };
    await expect(store.accept(missing)).rejects.toBeInstanceOf(BlobMissing);
    expect(await store.get(missing.record.id)).toBeUndefined();
    expect(await store.content(input.record.id)).toBe(input.content);
    expect(await stagedKeys(prefix)).toEqual([]);
  });

  it("writes nothing when the staged content could not be written, and a small content is no argument to stage", async () => {
    const prefix = uniquePrefix();
    const user = `staging-${randomBytes(4).toString("hex")}`;
    const password = randomBytes(12).toString("hex");
    // Reads everywhere; writes to what ACCEPT writes, but not to the staging keys.
    const writable = ["msg:*", "messages", "letters", "status:*", "audit*", "thread:*", "idem:*"];
    const patterns = writable.map((k) => `~${prefix}:${k}`);
    await redis.call("ACL", "SETUSER", user, "on", `>${password}`, "+@all", "%R~*", ...patterns);
    const url = new URL(inject("redisUrl"));
    url.username = user;
    url.password = password;
    const limited = rawRedis(url.toString());
    try {
      const store = createMessageStore(limited, prefix, sealer);
      const refused = acceptInput({}, large());
      await expect(store.accept(refused)).rejects.toThrow(/NOPERM/);
      expect(await redis.exists(keysFor(prefix).record(refused.record.id))).toBe(0);
      expect(await redis.exists(keysFor(prefix).content(refused.record.id))).toBe(0);
      expect(await redis.zcard(keysFor(prefix).status("accepted"))).toBe(0);
      expect(await redis.hlen(keysFor(prefix).auditPending)).toBe(0);
      const small = acceptInput({}, "{}");
      expect((await store.accept(small)).outcome).toBe("accepted");
      expect(await store.content(small.record.id)).toBe("{}");
    } finally {
      limited.disconnect();
      await redis.call("ACL", "DELUSER", user);
    }
  });
});

describe("redis: legacy parts and receipts at rest", () => {
  it("a waiting XDIS91 and a waiting receipt are sealed in Redis, like message contents", async () => {
    const prefix = uniquePrefix();
    const keys = keysFor(prefix);
    const pairing = createLegacyPairing(redis, keys, sealer);
    const receipts = createLegacyReceipts(redis, keys, sealer);
    const key = { sender: "5790001348120", object: "c39ea6b2-6052-45e4-a207-415e0205ab6f" };
    const bytes = new TextEncoder().encode("<Emessage>0101011234 Nancy Berggren</Emessage>");
    const part = { kind: "xdis91" as const, bytes, receivedAt: 1, envelope: "E1", letter: "L1" };
    await pairing.offer(key, part, { now: 1, waitMs: 3_600_000, leaseMs: 60_000 });
    await receipts.keep("3b1e6e0a-0c1d-4e7a-9d55-5a8f0d2f7c11", { letter: "L1", receipt: "RefuseText Berggren" });
    const stored = await redis.hgetall(keys.legacyPair(key.sender, key.object));
    const receipt = await redis.hgetall(keys.legacyReceipts("3b1e6e0a-0c1d-4e7a-9d55-5a8f0d2f7c11"));
    for (const value of [...Object.values(stored), ...Object.values(receipt)]) {
      expect(value.startsWith("mg2:")).toBe(true);
      expect(value).not.toContain("Berggren");
    }
    expect(await redis.ttl(keys.legacyReceipts("3b1e6e0a-0c1d-4e7a-9d55-5a8f0d2f7c11"))).toBeGreaterThan(
      91 * 24 * 3600,
    );
  });

  it("key rotation re-seals them too, and they still open", async () => {
    const prefix = uniquePrefix();
    const keys = keysFor(prefix);
    const path = newTestKeyring();
    const before = createSealer(path);
    const key = { sender: "5790001348120", object: "c39ea6b2-6052-45e4-a207-415e0205ab6f" };
    const message = "3b1e6e0a-0c1d-4e7a-9d55-5a8f0d2f7c11";
    const bytes = new TextEncoder().encode("<Emessage/>");
    const times = { now: 1, waitMs: 3_600_000, leaseMs: 60_000 };
    await createLegacyPairing(redis, keys, before).offer(
      key,
      { kind: "xbin01", bytes, receivedAt: 1, envelope: "E", letter: "L" },
      times,
    );
    await createLegacyReceipts(redis, keys, before).keep(message, { letter: "L1", receipt: "{}" });
    const rotated = rotateKeyringFile(path);
    const after = createSealer(path);
    expect((await resealAll(redis, prefix, after)).resealed).toBe(2);
    const values = [
      ...Object.values(await redis.hgetall(keys.legacyPair(key.sender, key.object))),
      ...Object.values(await redis.hgetall(keys.legacyReceipts(message))),
    ];
    expect(values.every((v) => v.startsWith(`mg2:${rotated}:`))).toBe(true);
    const done = await createLegacyPairing(redis, keys, after).offer(
      key,
      { kind: "xdis91", bytes, receivedAt: 2, envelope: "E2", letter: "L2" },
      { ...times, now: 2 },
    );
    expect(done.outcome === "complete" && new TextDecoder().decode(done.pair.xbin01?.bytes)).toBe("<Emessage/>");
  });
});

describe("redis: VANS envelopes expire with the retention period", () => {
  it("sent and received envelopes are kept policy.retentionDays, then go", async () => {
    const keys = keysFor(uniquePrefix());
    const { sent, received } = createVansEnvelopes(redis, keys, 2);
    const envelope = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const message = "3b1e6e0a-0c1d-4e7a-9d55-5a8f0d2f7c11";
    await sent.record({
      envelopeIdentifier: envelope,
      messageId: message,
      messageIdentifier: message,
      receiver: "5790000209354",
    });
    await received.remember(envelope, message, { kind: "positive" });
    for (const key of [
      keys.vansSent(envelope),
      keys.vansReceivedEnvelope(envelope),
      keys.vansReceivedMessage(message),
    ]) {
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(2 * 24 * 3600 - 60);
      expect(ttl).toBeLessThanOrEqual(2 * 24 * 3600);
    }
  });
});

describe("redis: the rate limiter's window (issue 17, point 3: one script per request)", () => {
  it("counts in one key per client and minute, which expires two minutes on", async () => {
    const prefix = uniquePrefix();
    const limiter = createRateLimiter(redis, prefix);
    const now = 1_800_000_000_000;
    expect((await limiter.take("c", 5, now)).allowed).toBe(true);
    expect((await limiter.take("c", 5, now + 1)).allowed).toBe(true);
    const key = `${prefix}:rate:c:${Math.floor(now / 60_000)}`;
    expect(await redis.get(key)).toBe("2");
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(119_000);
    expect(ttl).toBeLessThanOrEqual(120_000);
  });
});
