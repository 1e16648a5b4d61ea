// Message records, contents and events in Redis. All multi-key changes go through the Lua scripts in scripts.ts.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { UnsealError, type Sealer } from "../crypto/keyring.js";
import { BRIEF_FIELDS, briefFromValues, recordFromFields, recordToFields } from "./codec.js";
import { StoredValueCorrupt, type OnCorrupt } from "./corrupt.js";
import { keysFor, type Keys } from "./keys.js";
import { ALLOWED_TRANSITIONS, STATUSES, type MessageEvent, type Status } from "../domain/record.js";
import { counterKey } from "./counters.js";
import { duplicateAuditField, pendingAuditField } from "../domain/audit.js";
import type { IndexEntry, MessageStore, TransitionResult } from "../domain/ports/message-store.js";
import { BlobMissing } from "./blob-errors.js";
import {
  ACCEPT,
  ATTEMPT,
  DUPLICATE,
  STAGE_CONTENT_BYTES,
  STAGED_CONTENT_SECONDS,
  START_ATTEMPT,
  TRANSITION,
  runScript,
} from "./scripts.js";

export { duplicateAuditField, pendingAuditField };

/** The Redis message store also shows its key names (the outbox parking and breakers share its prefix). */
export type RedisMessageStore = MessageStore & { readonly keys: Keys };

/** A score bound as Redis writes infinities. */
const score = (n: number): string => (n === Infinity ? "+inf" : n === -Infinity ? "-inf" : String(n));

/** Record fields that may carry patient words (the topic, the receiver's issue texts): sealed like the content. */
export const SEALED_FIELDS = new Set(["topic", "ack", "failureReason"]);

export function createMessageStore(
  redis: Redis,
  prefix: string,
  sealer: Sealer,
  onCorrupt: OnCorrupt = () => undefined,
): RedisMessageStore {
  const keys = keysFor(prefix);
  // Contents are compressed, then sealed, and stored as bytes (mg3, issue 17 point 2): a letter's XML takes a sixth.
  // Contents sealed before (mg2 text) still open: the sealer reads the format from the value.
  const sealContent = (id: string, content: string) => sealer.sealContent(content, `${id}:content`);
  const sealFields = (id: string, flat: readonly string[]): string[] =>
    flat.map((v, i) =>
      i % 2 === 1 && SEALED_FIELDS.has(flat[i - 1] ?? "") ? sealer.seal(v, `${id}:${flat[i - 1] ?? ""}`) : v,
    );
  const corrupt = (messageId: string, field: string, reason: string): never => {
    onCorrupt({ messageId, field, reason });
    throw new StoredValueCorrupt(messageId, field, reason);
  };
  /** Every sealed field must hold a sealed value that opens in its own place; there is no plaintext fallback. */
  const openField = (id: string, field: string, value: string): string => {
    try {
      return sealer.open(value, `${id}:${field}`);
    } catch (err) {
      if (err instanceof UnsealError) return corrupt(id, field, err.reason);
      throw err;
    }
  };
  const openRecord = (id: string, h: Record<string, string>) => {
    // No record (or only stray fields an update wrote after it expired): nothing to serve, as before.
    if (h.id === undefined) return undefined;
    // The context is the id asked for, not the hash's own `id` field: a record copied under another key (sealed
    // fields and all) must not open there.
    if (h.id !== id) return corrupt(id, "id", "the record names another id");
    for (const field of SEALED_FIELDS) {
      const value = h[field];
      if (value !== undefined) h[field] = openField(id, field, value);
    }
    if (h.ack !== undefined) {
      try {
        JSON.parse(h.ack);
      } catch {
        return corrupt(id, "ack", "the acknowledgement summary is not JSON");
      }
    }
    return recordFromFields(h);
  };
  return {
    keys,
    async accept({ record, content, idempotency, retentionSeconds, audit, blobs = [] }) {
      const event: MessageEvent = { at: record.createdAt, type: "accepted" };
      const sealed = sealContent(record.id, content);
      // A large content goes ahead as a plain SET on the same connection (ACCEPT says why); the script renames it.
      const staging = sealed.length >= STAGE_CONTENT_BYTES ? keys.stagedContent(randomUUID()) : undefined;
      const staged = staging
        ? redis.set(staging, sealed, "EX", STAGED_CONTENT_SECONDS).then(
            () => undefined,
            (err: unknown) => err,
          )
        : undefined;
      const reply = (await runScript(
        redis,
        ACCEPT,
        [
          keys.record(record.id),
          keys.content(record.id),
          keys.events(record.id),
          idempotency ? keys.idempotency(idempotency.scope, idempotency.key) : keys.record(record.id),
          record.thread ? keys.thread(record.thread) : keys.record(record.id),
          keys.status(record.status),
          keys.letters,
          keys.messages,
          keys.auditPending,
          keys.auditPendingAt,
          staging ?? keys.content(record.id),
          ...blobs.map((blob) => keys.blob(blob)),
        ],
        [
          record.id,
          record.fingerprint,
          idempotency ? "1" : "0",
          record.thread ? "1" : "0",
          staging ? "" : sealed,
          JSON.stringify(event),
          String(Math.ceil(retentionSeconds)),
          String(Date.parse(record.createdAt)),
          record.kind === "new" ? "1" : "0",
          audit ? pendingAuditField(audit.action, record.id) : "",
          audit ? JSON.stringify(audit) : "",
          ...sealFields(record.id, recordToFields(record)),
        ],
      )) as [string, string, string];
      const [outcome, id, fingerprint] = reply;
      if (outcome === "staged-missing") {
        // Nothing was written: the staging SET failed, and its error says why.
        const failed = await staged;
        throw failed instanceof Error ? failed : new Error("the staged content was not found");
      }
      if (outcome === "blob-missing") throw new BlobMissing(blobs[Number(id) - 1] ?? "");
      return outcome === "accepted" ? { outcome, id } : { outcome: "duplicate", id, fingerprint };
    },
    async get(id) {
      return openRecord(id, await redis.hgetall(keys.record(id)));
    },
    async getMany(ids) {
      if (ids.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.hgetall(keys.record(id));
      const replies = (await pipeline.exec()) ?? [];
      return replies.map(([err, h], i) => {
        if (err) return undefined;
        try {
          return openRecord(ids[i] ?? "", h as Record<string, string>);
        } catch (e) {
          if (e instanceof StoredValueCorrupt) return undefined; // already reported by openRecord
          throw e;
        }
      });
    },
    async briefs(ids) {
      if (ids.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.hmget(keys.record(id), ...BRIEF_FIELDS);
      const replies = (await pipeline.exec()) ?? [];
      return replies.map(([err, values]) => (err ? undefined : briefFromValues(values as (string | null)[])));
    },
    async newestFirst(index, { min, max }, count, after) {
      const key = index === "all" ? keys.messages : keys.status(index);
      const top = score(after ? Math.min(after.at, max) : max);
      // Equal scores come in reverse member order: start at the cursor's score and skip what it already returned
      // (at most every entry with exactly that score).
      const tied = after ? await redis.zcount(key, after.at, after.at) : 0;
      const flat = await redis.zrevrangebyscore(key, top, score(min), "WITHSCORES", "LIMIT", 0, count + tied);
      const entries: IndexEntry[] = [];
      for (let i = 0; i + 1 < flat.length && entries.length < count; i += 2) {
        const entry = { id: flat[i] ?? "", at: Number(flat[i + 1]) };
        if (after && entry.at === after.at && entry.id >= after.id) continue;
        entries.push(entry);
      }
      return entries;
    },
    async events(id) {
      return (await redis.lrange(keys.events(id), 0, -1)).map((e) => JSON.parse(e) as MessageEvent);
    },
    async content(id) {
      const sealed = await redis.getBuffer(keys.content(id));
      if (sealed === null) return undefined;
      try {
        return sealer.openContent(sealed, `${id}:content`);
      } catch (err) {
        if (err instanceof UnsealError) return corrupt(id, "content", err.reason);
        throw err;
      }
    },
    async transition(id, from, to, event, { fields = {}, content = "" } = {}) {
      const froms = typeof from === "string" ? [from] : from;
      const wrong = froms.find((f) => !ALLOWED_TRANSITIONS[f].includes(to));
      if (wrong) throw new Error(`status ${wrong} may not become ${to}`);
      return (await runScript(
        redis,
        TRANSITION,
        [
          keys.record(id),
          keys.events(id),
          keys.content(id),
          keys.awaitingAck,
          keys.status(to),
          ...froms.map((s) => keys.status(s)),
        ],
        [
          id,
          to,
          JSON.stringify(event),
          event.at,
          String(Date.parse(event.at)),
          content === "" ? "" : sealContent(id, content),
          String(froms.length),
          ...froms,
          ...sealFields(id, Object.entries(fields).flat()),
        ],
      )) as TransitionResult;
    },
    async recordAttempt(id, event) {
      // The attempt's number (START_ATTEMPT) tells a rerun of the same recording from a new attempt.
      const attempt = event.detail?.attempt;
      return Number(
        await runScript(
          redis,
          ATTEMPT,
          [keys.record(id), keys.events(id)],
          [JSON.stringify(event), typeof attempt === "number" ? String(attempt) : ""],
        ),
      );
    },
    async startAttempt(id) {
      return Number(await runScript(redis, START_ATTEMPT, [keys.record(id)], []));
    },
    async countByStatus() {
      const pipeline = redis.pipeline();
      for (const s of STATUSES) pipeline.zcard(keys.status(s));
      const replies = (await pipeline.exec()) ?? [];
      return Object.fromEntries(STATUSES.map((s, i) => [s, Number(replies[i]?.[1] ?? 0)])) as Record<Status, number>;
    },
    async countAwaitingAckSince(before) {
      return redis.zcount(keys.awaitingAck, "-inf", `(${before}`);
    },
    async update(id, fields) {
      const flat = sealFields(id, Object.entries(fields).flat());
      if (flat.length > 0) await redis.hset(keys.record(id), ...flat);
    },
    async setOnce(id, field, value) {
      return (await redis.hsetnx(keys.record(id), field, value)) === 1;
    },
    async appendEvent(id, event) {
      await redis.rpush(keys.events(id), JSON.stringify(event));
    },
    async recordDuplicate(id, bundleId, at, audit) {
      const event: MessageEvent = { at, type: "duplicate", detail: { bundleId } };
      const first = await runScript(
        redis,
        DUPLICATE,
        [keys.events(id), counterKey(prefix, "duplicates"), keys.auditPending, keys.auditPendingAt],
        [
          JSON.stringify(event),
          JSON.stringify({ type: "duplicate", detail: { bundleId } }).slice(1, -1),
          duplicateAuditField(audit.action, id, bundleId),
          JSON.stringify(audit),
          String(Date.parse(at)),
        ],
      );
      return Number(first) === 1;
    },
    async thread(thread) {
      return redis.zrange(keys.thread(thread), "0", "-1");
    },
    async letters(from, to) {
      return redis.zrangebyscore(keys.letters, from, to);
    },
    async addUnmatchedAck(id, at) {
      // NX: a retried acknowledgement keeps its first time.
      await redis.zadd(keys.unmatchedAcks, "NX", at, id);
    },
    async unmatchedAcks(limit) {
      return redis.zrange(keys.unmatchedAcks, "0", String(limit - 1));
    },
    async sweepIndexes(before) {
      const pipeline = redis.pipeline();
      for (const key of [
        ...STATUSES.map((s) => keys.status(s)),
        keys.letters,
        keys.messages,
        keys.awaitingAck,
        keys.unmatchedAcks,
      ])
        pipeline.zremrangebyscore(key, "-inf", `(${before}`);
      const replies = (await pipeline.exec()) ?? [];
      return replies.reduce((sum, [, n]) => sum + Number(n ?? 0), 0);
    },
    async outbox(olderThanMs, now, limit) {
      return redis.zrangebyscore(keys.status("accepted"), "-inf", now - olderThanMs, "LIMIT", 0, limit);
    },
  };
}
