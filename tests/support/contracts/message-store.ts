// The message store's contract: what the use cases rely on, run against Redis (tests/integration/store) and memory
// (tests/unit/store) alike, so the in-memory store the use-case unit tests run on behaves as production's.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { MessageEvent } from "../../../src/domain/record.js";
import type { AuditEntry } from "../../../src/domain/audit.js";
import { acceptInput } from "../store.js";
import { iso, T0, type PortsFactory } from "./ports.js";

const event = (type: MessageEvent["type"], at: number, detail?: MessageEvent["detail"]): MessageEvent => ({
  at: iso(at),
  type,
  ...(detail ? { detail } : {}),
});
const audit = (messageId: string): AuditEntry => ({ at: iso(T0), client: "test", action: "submit", messageId });
const accepted = (at = T0, record: Parameters<typeof acceptInput>[0] = {}) =>
  acceptInput({ createdAt: iso(at), updatedAt: iso(at), ...record });

export function messageStoreContract(name: string, factory: PortsFactory): void {
  const ports = () => factory(() => new Date(T0));
  describe(`${name}: message store contract`, () => {
    it("accepts a message once: record, content and first event; the same id again is a duplicate", async () => {
      const { store } = await ports();
      const input = accepted(T0, { thread: `urn:uuid:${randomUUID()}`, category: "klinisk-proces" });
      expect(await store.accept(input)).toEqual({ outcome: "accepted", id: input.record.id });
      expect(await store.get(input.record.id)).toEqual(input.record);
      expect(await store.content(input.record.id)).toBe(input.content);
      expect(await store.events(input.record.id)).toEqual([{ at: input.record.createdAt, type: "accepted" }]);
      const again = { ...input, record: { ...input.record, fingerprint: "other" } };
      expect(await store.accept(again)).toEqual({ outcome: "duplicate", id: input.record.id, fingerprint: "x" });
      expect(await store.get(randomUUID())).toBeUndefined();
    });

    it("answers an idempotency key used before with the earlier message", async () => {
      const { store } = await ports();
      const idempotency = { scope: "client:test", key: "k-1" };
      const first = { ...accepted(), idempotency };
      await store.accept(first);
      const second = { ...accepted(), idempotency };
      expect(await store.accept(second)).toEqual({ outcome: "duplicate", id: first.record.id, fingerprint: "x" });
      expect(await store.get(second.record.id)).toBeUndefined();
    });

    it("changes status only from an expected one, and refuses a change the status machine forbids", async () => {
      const { store } = await ports();
      const { record } = accepted();
      await store.accept({ ...accepted(), record });
      expect(await store.transition(record.id, "accepted", "queued", event("queued", T0 + 1))).toBe("ok");
      expect(await store.transition(record.id, "accepted", "queued", event("queued", T0 + 2))).toBe("queued");
      expect(await store.transition(randomUUID(), "accepted", "queued", event("queued", T0))).toBe("missing");
      await expect(store.transition(record.id, "acknowledged", "queued", event("queued", T0))).rejects.toThrow();
      const options = { fields: { failureReason: "gone" }, content: "{}" };
      expect(await store.transition(record.id, ["queued"], "failed", event("failed", T0 + 3), options)).toBe("ok");
      const after = await store.get(record.id);
      expect(after).toMatchObject({ status: "failed", updatedAt: iso(T0 + 3), failureReason: "gone" });
      expect(await store.content(record.id)).toBe("{}");
      expect((await store.events(record.id)).map((e) => e.type)).toEqual(["accepted", "queued", "failed"]);
      expect(await store.countByStatus()).toMatchObject({ accepted: 0, queued: 0, failed: 1 });
    });

    it("moves a message from the index of the status it has, whichever of the allowed ones it is", async () => {
      const { store } = await ports();
      const first = accepted();
      const second = accepted();
      await store.accept(first);
      await store.accept(second);
      await store.transition(second.record.id, "accepted", "queued", event("queued", T0 + 1));
      const froms = ["accepted", "queued"] as const;
      expect(await store.transition(first.record.id, [...froms], "failed", event("failed", T0 + 2))).toBe("ok");
      expect(await store.countByStatus()).toMatchObject({ accepted: 0, queued: 1, failed: 1 });
      expect(await store.transition(second.record.id, [...froms], "failed", event("failed", T0 + 3))).toBe("ok");
      expect(await store.countByStatus()).toMatchObject({ accepted: 0, queued: 0, failed: 2 });
      const failed = await store.newestFirst("failed", { min: T0, max: T0 + 10 }, 10);
      expect(failed).toEqual([
        { id: second.record.id, at: T0 + 3 },
        { id: first.record.id, at: T0 + 2 },
      ]);
      expect(await store.transition(first.record.id, [...froms], "failed", event("failed", T0 + 4))).toBe("failed");
    });

    it("counts attempts only while queued, each numbered attempt once", async () => {
      const { store } = await ports();
      const { record } = accepted();
      await store.accept({ ...accepted(), record });
      expect(await store.startAttempt(record.id)).toBe(0);
      await store.transition(record.id, "accepted", "queued", event("queued", T0));
      expect(await store.startAttempt(record.id)).toBe(1);
      expect(await store.startAttempt(record.id)).toBe(2);
      const attempt = event("delivery-attempt", T0 + 1, { attempt: 2 });
      expect(await store.recordAttempt(record.id, attempt)).toBe(1);
      expect(await store.recordAttempt(record.id, attempt)).toBe(1);
      expect(await store.recordAttempt(record.id, event("delivery-attempt", T0 + 2, { attempt: 3 }))).toBe(2);
      await store.transition(record.id, "queued", "delivered", event("delivered", T0 + 3));
      expect(await store.recordAttempt(record.id, event("delivery-attempt", T0 + 4))).toBe(0);
      expect((await store.get(record.id))?.deliveryAttempts).toBe(2);
    });

    it("waits for the acknowledgement of a delivered letter from its first delivery until it is answered", async () => {
      const { store } = await ports();
      const { record } = accepted();
      await store.accept({ ...accepted(), record });
      await store.transition(record.id, "accepted", "queued", event("queued", T0));
      await store.transition(record.id, "queued", "delivered", event("delivered", T0 + 10));
      expect(await store.countAwaitingAckSince(T0 + 10)).toBe(0);
      expect(await store.countAwaitingAckSince(T0 + 11)).toBe(1);
      await store.transition(record.id, "delivered", "accepted", event("resend", T0 + 20));
      await store.transition(record.id, "accepted", "queued", event("queued", T0 + 21));
      await store.transition(record.id, "queued", "delivered", event("delivered", T0 + 30));
      expect(await store.countAwaitingAckSince(T0 + 11)).toBe(1);
      await store.transition(record.id, "delivered", "acknowledged", event("acknowledged", T0 + 40));
      expect(await store.countAwaitingAckSince(T0 + 100)).toBe(0);
    });

    it("never waits for the acknowledgement of a delivered acknowledgement (DOMAIN.md §3)", async () => {
      // The script reads the record's kind with its status (issue 17, point 3): a letter beside it still waits.
      const { store } = await ports();
      const ack = accepted(T0, { kind: "acknowledgement" });
      const letter = accepted(T0);
      for (const input of [ack, letter]) {
        await store.accept(input);
        await store.transition(input.record.id, "accepted", "queued", event("queued", T0));
        expect(await store.transition(input.record.id, "queued", "delivered", event("delivered", T0 + 10))).toBe("ok");
      }
      expect(await store.countAwaitingAckSince(T0 + 11)).toBe(1);
      await store.transition(letter.record.id, "delivered", "acknowledged", event("acknowledged", T0 + 20));
      expect(await store.countAwaitingAckSince(T0 + 11)).toBe(0);
    });

    it("records a technical resend once per Bundle.id, its audit entry pending until settled", async () => {
      const { store, auditLog, counters } = await ports();
      const { record } = accepted();
      await store.accept({ ...accepted(), record });
      expect(await store.recordDuplicate(record.id, "b-2", iso(T0 + 1), audit(record.id))).toBe(true);
      expect(await store.recordDuplicate(record.id, "b-2", iso(T0 + 2), audit(record.id))).toBe(false);
      expect((await store.events(record.id)).map((e) => e.type)).toEqual(["accepted", "duplicate"]);
      expect((await counters.read()).duplicates).toBe(1);
      expect(await auditLog.settle({ olderThanMs: 0, now: T0 + 10, limit: 10 })).toBe(1);
      expect(await auditLog.settle({ olderThanMs: 0, now: T0 + 10, limit: 10 })).toBe(0);
    });

    it("settles the acceptance's pending audit entry exactly once", async () => {
      const { store, auditLog } = await ports();
      const input = { ...accepted(), audit: audit("m") };
      await store.accept({ ...input, audit: audit(input.record.id) });
      expect(await auditLog.settle({ olderThanMs: 1000, now: T0 + 10, limit: 10 })).toBe(0);
      expect(await auditLog.settle({ olderThanMs: 1000, now: T0 + 1000, limit: 10 })).toBe(1);
      expect((await auditLog.list(10)).map((e) => e.entry.messageId)).toEqual([input.record.id]);
    });

    it("lists newest first with a cursor, by status or all, and counts by status", async () => {
      const { store } = await ports();
      const ids: string[] = [];
      for (const at of [T0, T0 + 1, T0 + 1, T0 + 2]) {
        const input = accepted(at);
        ids.push(input.record.id);
        await store.accept(input);
      }
      const range = { min: -Infinity, max: Infinity };
      const all = await store.newestFirst("all", range, 10);
      expect(all.map((e) => e.at)).toEqual([T0 + 2, T0 + 1, T0 + 1, T0]);
      const first = await store.newestFirst("accepted", range, 2);
      const rest = await store.newestFirst("accepted", range, 10, first[first.length - 1]);
      expect([...first, ...rest].map((e) => e.id)).toEqual(all.map((e) => e.id));
      expect(new Set(all.map((e) => e.id))).toEqual(new Set(ids));
      expect((await store.newestFirst("all", { min: T0 + 1, max: T0 + 1 }, 10)).length).toBe(2);
      expect((await store.countByStatus()).accepted).toBe(4);
      expect(await store.briefs([ids[0] ?? "", randomUUID()])).toEqual([
        expect.objectContaining({ id: ids[0], status: "accepted" }),
        undefined,
      ]);
    });

    it("keeps threads, letters, the outbox and unmatched acknowledgements, and sweeps old index entries", async () => {
      const { store } = await ports();
      const thread = `urn:uuid:${randomUUID()}`;
      const a = accepted(T0, { thread });
      const b = accepted(T0 + 5000, { thread, kind: "reply" });
      await store.accept(a);
      await store.accept(b);
      expect(await store.thread(thread)).toEqual([a.record.id, b.record.id]);
      expect(await store.letters(T0, T0 + 10_000)).toEqual([a.record.id]);
      expect(await store.outbox(1000, T0 + 2000, 10)).toEqual([a.record.id]);
      expect(await store.outbox(1000, T0 + 6000, 1)).toEqual([a.record.id]);
      await store.addUnmatchedAck("u-1", T0 + 3);
      await store.addUnmatchedAck("u-1", T0 + 9);
      await store.addUnmatchedAck("u-0", T0 + 4);
      expect(await store.unmatchedAcks(10)).toEqual(["u-1", "u-0"]);
      expect(await store.sweepIndexes(T0 + 1)).toBe(3); // a: accepted, all messages, letters
      expect(await store.outbox(0, T0 + 10_000, 10)).toEqual([b.record.id]);
    });

    it("sets fields, sets a field once, appends events", async () => {
      const { store } = await ports();
      const { record } = accepted();
      await store.accept({ ...accepted(), record });
      await store.update(record.id, { firstReplyAt: iso(T0 + 1) });
      expect(await store.setOnce(record.id, "deliveredAt", iso(T0 + 2))).toBe(true);
      expect(await store.setOnce(record.id, "deliveredAt", iso(T0 + 3))).toBe(false);
      await store.appendEvent(record.id, event("acknowledgement", T0 + 4, { code: "ok" }));
      expect(await store.get(record.id)).toMatchObject({ firstReplyAt: iso(T0 + 1), deliveredAt: iso(T0 + 2) });
      expect((await store.events(record.id)).at(-1)).toEqual(event("acknowledgement", T0 + 4, { code: "ok" }));
      const [found, missing] = await store.getMany([record.id, randomUUID()]);
      expect(found?.id).toBe(record.id);
      expect(missing).toBeUndefined();
    });

    it("refuses to reach a key through an unchecked id", async () => {
      const { store } = await ports();
      await expect(store.get("x:content")).rejects.toThrow(/unchecked/);
    });
  });
}
