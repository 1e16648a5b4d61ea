// The mailbox store's contract (the `mailbox` adapter's receiving side), for Redis and memory alike.
import { describe, expect, it } from "vitest";
import type { MailboxDeliveryEvents } from "../../../src/domain/ports/mailbox-store.js";
import { GLN } from "../gateway.js";
import { acceptInput } from "../store.js";
import { iso, T0, type PortsFactory } from "./ports.js";

const events = (at: number): MailboxDeliveryEvents => ({
  attempt: { at: iso(at), type: "delivery-attempt", detail: { outcome: "delivered" } },
  delivered: { at: iso(at), type: "delivered" },
});

export function mailboxStoreContract(name: string, factory: PortsFactory): void {
  const ports = () => factory(() => new Date(T0));
  describe(`${name}: mailbox store contract`, () => {
    it("hands a queued message over once: attempt started, mailbox, attempt, events and status in one step", async () => {
      const { store, mailboxes, counters } = await ports();
      const input = acceptInput({ createdAt: iso(T0), updatedAt: iso(T0) });
      const id = input.record.id;
      await store.accept(input);
      expect(await mailboxes.deliver(GLN.gp, id, "run-1", events(T0 + 1))).toEqual({
        outcome: "not-queued",
        status: "accepted",
        inMailbox: false,
      });
      await store.transition(id, "accepted", "queued", { at: iso(T0), type: "queued" });
      // An attempt started before (one whose step failed) keeps its number: the hand-over starts the next.
      expect(await store.startAttempt(id)).toBe(1);
      expect(await mailboxes.deliver(GLN.gp, id, "run-1", events(T0 + 5))).toEqual({
        outcome: "handed-over",
        attempts: 1,
        attempt: 2,
      });
      // The same run again (a lost reply) answers as the first run; another run finds it delivered.
      expect(await mailboxes.deliver(GLN.gp, id, "run-1", events(T0 + 6))).toEqual({
        outcome: "handed-over",
        attempts: 1,
        attempt: 2,
      });
      expect(await mailboxes.deliver(GLN.gp, id, "run-2", events(T0 + 7))).toEqual({
        outcome: "not-queued",
        status: "delivered",
        inMailbox: true,
      });
      expect(await store.get(id)).toMatchObject({ status: "delivered", deliveredAt: iso(T0 + 5), deliveryAttempts: 1 });
      expect((await store.events(id)).map((e) => e.type)).toEqual([
        "accepted",
        "queued",
        "delivery-attempt",
        "delivered",
      ]);
      expect((await store.events(id))[2]).toEqual({
        at: iso(T0 + 5),
        type: "delivery-attempt",
        detail: { attempt: 2, outcome: "delivered" },
      });
      expect(await store.countAwaitingAckSince(T0 + 6)).toBe(1);
      expect(await mailboxes.has(GLN.gp, id)).toBe(true);
      expect(await mailboxes.has(GLN.ppr, id)).toBe(false);
      // The delivery is counted in the same step, once for the hand-over however often it is answered.
      expect((await counters.read()).deliveries).toEqual([{ receiver: GLN.gp, outcome: "delivered", count: 1 }]);
      expect((await counters.recentDeliveries(24)).get(GLN.gp)).toEqual({
        counts: { delivered: 1 },
        lastAt: { delivered: iso(T0 + 5) },
      });
    });

    it("lists oldest first in pages that acknowledging between them does not disturb", async () => {
      const { mailboxes } = await ports();
      for (const [i, id] of ["a", "b", "c", "d"].entries()) await mailboxes.put(GLN.gp, id, T0 + (i < 2 ? 0 : i));
      await mailboxes.put(GLN.gp, "a", T0 + 99); // NX: keeps its first time
      const first = await mailboxes.list(GLN.gp, { onlyNew: true, limit: 2 });
      expect(first.ids).toEqual(["a", "b"]);
      expect(first.deliveredAt.get("a")).toBe(iso(T0));
      await mailboxes.markSeen(GLN.gp, "a");
      await mailboxes.markSeen(GLN.gp, "c");
      const second = await mailboxes.list(GLN.gp, {
        onlyNew: true,
        limit: 2,
        ...(first.next ? { cursor: first.next } : {}),
      });
      expect(second).toMatchObject({ ids: ["d"] });
      expect(second.next).toBeUndefined();
      expect((await mailboxes.list(GLN.gp, { onlyNew: false, limit: 10 })).ids).toEqual(["a", "b", "c", "d"]);
      expect(await mailboxes.sweep([GLN.gp], T0 + 3)).toBe(4); // a, b, c from the mailbox; b from new (a, c were seen)
      expect((await mailboxes.list(GLN.gp, { onlyNew: false, limit: 10 })).ids).toEqual(["d"]);
    });
  });
}
