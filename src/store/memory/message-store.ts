// The message store port in memory: the same steps as the Redis store's Lua scripts (scripts.ts), each one
// synchronous here and so as atomic. Records are kept as the flat fields of a Redis hash (codec.ts), so defaults and
// optional fields read back exactly as from Redis. No sealing (nothing leaves the process) and no expiry (a test's
// state lives as long as the test; a blob's expiry time is kept, for the contract tests, not enforced).
/* eslint-disable @typescript-eslint/require-await -- the ports are asynchronous; memory answers at once */
import { ALLOWED_TRANSITIONS, STATUSES, type MessageEvent, type Status } from "../../domain/record.js";
import type { MessageStore, TransitionResult } from "../../domain/ports/message-store.js";
import { BRIEF_FIELDS, briefFromValues, recordFromFields, recordToFields } from "../codec.js";
import { keysFor } from "../keys.js";
import { duplicateAuditField, pendingAuditField } from "../../domain/audit.js";
import type { Now } from "../../domain/clock.js";
import { BlobMissing } from "../blob-errors.js";
import { isWholeMemoryBlob } from "./blob-store.js";
import { bump, createMemoryState, statusIndex, type MemoryState } from "./state.js";

const fieldsOf = (flat: readonly string[]): Record<string, string> => {
  const h: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) h[flat[i] ?? ""] = flat[i + 1] ?? "";
  return h;
};

export function createMemoryMessageStore(
  state: MemoryState = createMemoryState(),
  now: Now = () => new Date(),
): MessageStore {
  // Keys are built (and thrown away) only to refuse an unchecked id exactly where the Redis store does.
  const keys = keysFor("{memory}");
  const { records, contents, events, indexes } = state;
  const push = (id: string, event: MessageEvent) => {
    const list = events.get(id) ?? [];
    events.set(id, [...list, JSON.stringify(event)]);
  };
  const record = (id: string) => records.get(keys.record(id) && id);
  const awaiting = indexes.of("awaiting");

  return {
    async accept({ record: r, content, idempotency, audit, retentionSeconds, blobs = [] }) {
      keys.record(r.id);
      const existing = records.get(r.id)?.fingerprint;
      if (existing !== undefined) return { outcome: "duplicate", id: r.id, fingerprint: existing };
      const idem = idempotency ? keys.idempotency(idempotency.scope, idempotency.key) : undefined;
      const prior = idem === undefined ? undefined : state.idempotency.get(idem);
      if (prior !== undefined) {
        const space = prior.indexOf(" ");
        return { outcome: "duplicate", id: prior.slice(0, space), fingerprint: prior.slice(space + 1) };
      }
      // As ACCEPT: every blob named must be whole, else nothing is stored; then each is kept, never for less.
      const missing = blobs.find((blob) => keys.blob(blob) && !isWholeMemoryBlob(state, blob));
      if (missing !== undefined) throw new BlobMissing(missing);
      const keep = now().getTime() + retentionSeconds * 1000;
      for (const blob of blobs) {
        const facts = state.blobFacts.get(blob);
        if (facts) facts.expiresAt = Math.max(facts.expiresAt, keep);
      }
      const at = Date.parse(r.createdAt);
      records.set(r.id, fieldsOf(recordToFields(r)));
      contents.set(r.id, content);
      events.set(r.id, [JSON.stringify({ at: r.createdAt, type: "accepted" } satisfies MessageEvent)]);
      if (idem !== undefined) state.idempotency.set(idem, `${r.id} ${r.fingerprint}`);
      if (r.thread) indexes.of(`thread:${keys.thread(r.thread) && r.thread}`).add(r.id, at);
      indexes.of(statusIndex(r.status)).add(r.id, at);
      indexes.of("messages").add(r.id, at);
      if (r.kind === "new") indexes.of("letters").add(r.id, at);
      if (audit) state.pendingAudit.set(pendingAuditField(audit.action, r.id), { entry: audit, at });
      return { outcome: "accepted", id: r.id };
    },
    async get(id) {
      const h = record(id);
      return h?.id === undefined ? undefined : recordFromFields({ ...h });
    },
    async getMany(ids) {
      return Promise.all(ids.map((id) => this.get(id)));
    },
    async briefs(ids) {
      return ids.map((id) => {
        const h = record(id) ?? {};
        return briefFromValues(BRIEF_FIELDS.map((f) => h[f] ?? null));
      });
    },
    async newestFirst(index, { min, max }, count, after) {
      const set = indexes.of(index === "all" ? "messages" : statusIndex(keys.status(index) && index));
      const top = after ? Math.min(after.at, max) : max;
      return set
        .range(min, top)
        .reverse()
        .filter((e) => !(after && e.at === after.at && e.id >= after.id))
        .slice(0, count);
    },
    async events(id) {
      return (events.get(keys.events(id) && id) ?? []).map((e) => JSON.parse(e) as MessageEvent);
    },
    async content(id) {
      return contents.get(keys.content(id) && id);
    },
    async transition(id, from, to, event, { fields = {}, content = "" } = {}) {
      const froms = typeof from === "string" ? [from] : from;
      const wrong = froms.find((f) => !ALLOWED_TRANSITIONS[f].includes(to));
      if (wrong) throw new Error(`status ${wrong} may not become ${to}`);
      const h = record(id);
      const current = h?.status;
      if (!h || current === undefined) return "missing";
      if (!(froms as readonly string[]).includes(current)) return current as TransitionResult;
      Object.assign(h, { status: to, updatedAt: event.at }, fields);
      push(id, event);
      if (content !== "" && contents.has(id)) contents.set(id, content);
      const at = Date.parse(event.at);
      indexes.of(statusIndex(current)).remove(h.id ?? id);
      indexes.of(statusIndex(to)).add(h.id ?? id, at);
      if (to === "delivered") {
        if (h.kind !== "acknowledgement") awaiting.add(h.id ?? id, at, true);
      } else if (to === "acknowledged" || to === "rejected" || to === "failed") awaiting.remove(h.id ?? id);
      return "ok";
    },
    async recordAttempt(id, event) {
      const h = record(id);
      if (h?.status !== "queued") return 0;
      const attempt = event.detail?.attempt;
      const number = typeof attempt === "number" ? String(attempt) : "";
      if (number !== "" && h.attemptRecorded === number) return Number(h.deliveryAttempts ?? 0);
      push(id, event);
      if (number !== "") h.attemptRecorded = number;
      h.deliveryAttempts = String(Number(h.deliveryAttempts ?? 0) + 1);
      return Number(h.deliveryAttempts);
    },
    async startAttempt(id) {
      const h = record(id);
      if (h?.status !== "queued") return 0;
      h.attemptsStarted = String(Number(h.attemptsStarted ?? 0) + 1);
      return Number(h.attemptsStarted);
    },
    async countByStatus() {
      return Object.fromEntries(STATUSES.map((s) => [s, indexes.of(statusIndex(s)).size])) as Record<Status, number>;
    },
    async countAwaitingAckSince(before) {
      return awaiting.range(-Infinity, before).filter((e) => e.at < before).length;
    },
    async update(id, fields) {
      // As HSET: fields written after a record expired make a stray hash that `get` does not serve.
      const h = record(id) ?? {};
      records.set(id, Object.assign(h, fields));
    },
    async setOnce(id, field, value) {
      const h = record(id) ?? {};
      records.set(id, h);
      if (h[field] !== undefined) return false;
      h[field] = value;
      return true;
    },
    async appendEvent(id, event) {
      keys.events(id);
      push(id, event);
    },
    async recordDuplicate(id, bundleId, at, audit) {
      const seen = (events.get(keys.events(id) && id) ?? []).some((e) => {
        const parsed = JSON.parse(e) as MessageEvent;
        return parsed.type === "duplicate" && parsed.detail?.bundleId === bundleId;
      });
      if (seen) return false;
      push(id, { at, type: "duplicate", detail: { bundleId } });
      bump(state, "duplicates", "all");
      state.pendingAudit.set(duplicateAuditField(audit.action, id, bundleId), { entry: audit, at: Date.parse(at) });
      return true;
    },
    async thread(thread) {
      return indexes
        .of(`thread:${keys.thread(thread) && thread}`)
        .range()
        .map((e) => e.id);
    },
    async letters(from, to) {
      return indexes
        .of("letters")
        .range(from, to)
        .map((e) => e.id);
    },
    async addUnmatchedAck(id, at) {
      indexes.of("unmatched").add(id, at, true);
    },
    async unmatchedAcks(limit) {
      return indexes
        .of("unmatched")
        .range()
        .slice(0, limit)
        .map((e) => e.id);
    },
    async sweepIndexes(before) {
      const names = [...STATUSES.map(statusIndex), "letters", "messages", "awaiting", "unmatched"];
      return names.reduce((sum, name) => sum + indexes.of(name).removeBelow(before), 0);
    },
    async outbox(olderThanMs, now, limit) {
      return indexes
        .of(statusIndex("accepted"))
        .range(-Infinity, now - olderThanMs)
        .slice(0, limit)
        .map((e) => e.id);
    },
  };
}
