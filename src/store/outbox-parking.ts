// Messages the outbox dispatcher could not hand over (issue 11, point 10): parked with a reason instead of blocking
// the outbox for good. One Redis hash, id → "<reason> <ISO time>"; the id is a hash field, never part of a key name,
// so a malformed id (":" and the like) cannot reach into another key. Parking takes the id off the `accepted` index
// (the outbox) in the same MULTI, so the rest of the outbox flows on.
import type { Redis } from "ioredis";
import type { Keys } from "./keys.js";
import { PARK_REASONS, type OutboxParking, type ParkedEntry, type ParkReason } from "../domain/ports/outbox-parking.js";

/** Parked entries are few by nature (each one is a defect or an attack); listing stops here all the same. */
const LIST_SCAN = 1000;

const isReason = (value: string): value is ParkReason => (PARK_REASONS as readonly string[]).includes(value);

function entryOf(id: string, value: string): ParkedEntry {
  const space = value.indexOf(" ");
  const reason = space < 0 ? value : value.slice(0, space);
  return { id, reason: isReason(reason) ? reason : "record-unreadable", at: space < 0 ? "" : value.slice(space + 1) };
}

export function createOutboxParking(redis: Redis, keys: Keys): OutboxParking {
  const key = keys.outboxParked;
  const all = async (): Promise<ParkedEntry[]> => {
    const entries: ParkedEntry[] = [];
    let cursor = "0";
    do {
      const [next, flat] = await redis.hscan(key, cursor, "COUNT", 200);
      for (let i = 0; i + 1 < flat.length; i += 2) entries.push(entryOf(flat[i] ?? "", flat[i + 1] ?? ""));
      cursor = next;
    } while (cursor !== "0" && entries.length < LIST_SCAN);
    return entries;
  };
  return {
    async park(id, reason, at) {
      await redis.multi().zrem(keys.status("accepted"), id).hset(key, id, `${reason} ${at.toISOString()}`).exec();
    },
    async release(id) {
      return (await redis.hdel(key, id)) === 1;
    },
    async list(limit) {
      return (await all()).sort((a, b) => a.at.localeCompare(b.at)).slice(0, limit);
    },
    async sweep(before) {
      const old = (await all()).filter((e) => !(Date.parse(e.at) >= before)).map((e) => e.id);
      return old.length === 0 ? 0 : redis.hdel(key, ...old);
    },
    async countByReason() {
      const counts = Object.fromEntries(PARK_REASONS.map((r) => [r, 0])) as Record<ParkReason, number>;
      for (const value of await redis.hvals(key)) counts[entryOf("", value).reason] += 1;
      return counts;
    },
  };
}
