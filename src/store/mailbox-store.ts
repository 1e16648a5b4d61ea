// Mailboxes (the `mailbox` adapter's receiving side): per location, the messages delivered to it in delivery order,
// and the subset its system has not acknowledged yet ("new"). Adding is idempotent, so a delivery job that runs twice
// puts a message in the mailbox once.
import type { Redis } from "ioredis";
import { keysFor } from "./keys.js";
import { deliverToMailbox } from "./mailbox-delivery.js";
import type { MailboxStore } from "../domain/ports/mailbox-store.js";

export function createMailboxStore(redis: Redis, prefix: string): MailboxStore {
  const keys = keysFor(prefix);
  return {
    async put(gln, id, deliveredAtMs) {
      await redis
        .multi()
        .zadd(keys.mailbox(gln), "NX", deliveredAtMs, id)
        .zadd(keys.mailboxNew(gln), "NX", deliveredAtMs, id)
        .exec();
    },
    deliver: (gln, id, run, events) => deliverToMailbox(redis, keys, prefix, gln, id, run, events),
    async has(gln, id) {
      return (await redis.zscore(keys.mailbox(gln), id)) !== null;
    },
    async list(gln, { onlyNew, limit, cursor }) {
      const key = onlyNew ? keys.mailboxNew(gln) : keys.mailbox(gln);
      // The cursor is the last item seen (score and id), not an offset, so acknowledging items between pages (which
      // removes them from "new") skips nothing. Ties in score are ordered by id, as Redis orders them.
      const after = parseCursor(cursor);
      const flat = await redis.zrangebyscore(key, after?.score ?? "-inf", "+inf", "WITHSCORES", "LIMIT", 0, limit + 50);
      const page: { id: string; score: number }[] = [];
      let more = false;
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const item = { id: flat[i] ?? "", score: Number(flat[i + 1]) };
        if (after && item.score === after.score && item.id <= after.id) continue;
        if (page.length === limit) {
          more = true;
          break;
        }
        page.push(item);
      }
      const last = page[page.length - 1];
      return {
        ids: page.map((p) => p.id),
        deliveredAt: new Map(page.map((p) => [p.id, new Date(p.score).toISOString()])),
        ...(more && last ? { next: `${last.score}.${last.id}` } : {}),
      };
    },
    async sweep(glns, before) {
      const pipeline = redis.pipeline();
      for (const gln of glns) {
        pipeline.zremrangebyscore(keys.mailbox(gln), "-inf", `(${before}`);
        pipeline.zremrangebyscore(keys.mailboxNew(gln), "-inf", `(${before}`);
      }
      const replies = (await pipeline.exec()) ?? [];
      return replies.reduce((sum, [, n]) => sum + Number(n ?? 0), 0);
    },
    async markSeen(gln, id) {
      await redis.zrem(keys.mailboxNew(gln), id);
    },
  };
}

function parseCursor(cursor: string | undefined): { score: number; id: string } | undefined {
  const match = cursor === undefined ? null : /^(\d+)\.(.+)$/.exec(cursor);
  return match ? { score: Number(match[1]), id: match[2] ?? "" } : undefined;
}
