// The mailbox port in memory, over the same state as the in-memory message store: `deliver` is the Redis script
// DELIVER_TO_MAILBOX (mailbox-delivery.ts) step for step — hand-over, attempt, events, status and count in one step.
/* eslint-disable @typescript-eslint/require-await -- the ports are asynchronous; memory answers at once */
import type { MailboxStore } from "../../domain/ports/mailbox-store.js";
import { keysFor } from "../keys.js";
import { countDelivery } from "./counters.js";
import { createMemoryState, statusIndex, type MemoryState } from "./state.js";

export function createMemoryMailboxStore(state: MemoryState = createMemoryState()): MailboxStore {
  const keys = keysFor("{memory}");
  const box = (gln: string) => state.indexes.of(keys.mailbox(gln));
  const fresh = (gln: string) => state.indexes.of(keys.mailboxNew(gln));
  return {
    async put(gln, id, deliveredAtMs) {
      box(gln).add(id, deliveredAtMs, true);
      fresh(gln).add(id, deliveredAtMs, true);
    },
    async deliver(gln, id, run, events) {
      keys.record(id);
      const h = state.records.get(id);
      const status = h?.status;
      if (!h || status !== "queued") {
        const there = box(gln).score(id) !== undefined;
        if (h && there && status === "delivered" && h.handedOverIn === run)
          return {
            outcome: "handed-over",
            attempts: Number(h.deliveryAttempts ?? 0),
            attempt: Number(h.attemptsStarted ?? 0),
          };
        return { outcome: "not-queued", status: status ?? "missing", inMailbox: there };
      }
      const at = events.delivered.at;
      const ms = Date.parse(at);
      const attempt = Number(h.attemptsStarted ?? 0) + 1;
      box(gln).add(id, ms, true);
      fresh(gln).add(id, ms, true);
      const attempts = Number(h.deliveryAttempts ?? 0) + 1;
      Object.assign(h, {
        attemptsStarted: String(attempt),
        deliveryAttempts: String(attempts),
        status: "delivered",
        updatedAt: at,
        deliveredAt: at,
        handedOverIn: run,
      });
      const { attempt: _, ...detail } = events.attempt.detail ?? {};
      state.events.set(id, [
        ...(state.events.get(id) ?? []),
        JSON.stringify({ ...events.attempt, detail: { attempt, ...detail } }),
        JSON.stringify(events.delivered),
      ]);
      state.indexes.of(statusIndex("queued")).remove(id);
      state.indexes.of(statusIndex("delivered")).add(id, ms);
      if (h.kind !== "acknowledgement") state.indexes.of("awaiting").add(id, ms, true);
      countDelivery(state, `${gln}|delivered`, new Date(ms));
      return { outcome: "handed-over", attempts, attempt };
    },
    async has(gln, id) {
      return box(gln).score(id) !== undefined;
    },
    async list(gln, { onlyNew, limit, cursor }) {
      const match = cursor === undefined ? null : /^(\d+)\.(.+)$/.exec(cursor);
      const after = match ? { score: Number(match[1]), id: match[2] ?? "" } : undefined;
      const items = (onlyNew ? fresh(gln) : box(gln))
        .range(after?.score ?? -Infinity)
        .filter((item) => !(after && item.at === after.score && item.id <= after.id));
      const page = items.slice(0, limit);
      const last = page[page.length - 1];
      return {
        ids: page.map((p) => p.id),
        deliveredAt: new Map(page.map((p) => [p.id, new Date(p.at).toISOString()])),
        ...(items.length > limit && last ? { next: `${last.at}.${last.id}` } : {}),
      };
    },
    async sweep(glns, before) {
      return glns.reduce((sum, gln) => sum + box(gln).removeBelow(before) + fresh(gln).removeBelow(before), 0);
    },
    async markSeen(gln, id) {
      fresh(gln).remove(id);
    },
  };
}
