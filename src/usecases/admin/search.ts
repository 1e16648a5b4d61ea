// GET /v1/admin/messages (CONTRACT.md §2): message records by status, sender, receiver, category, kind and time,
// newest first, a page at a time. Walks the index of one status (or of every message) newest first and filters the
// records' plain fields, so a list never holds a sealed field or patient data.
import type { IndexEntry } from "../../domain/ports/message-store.js";
import type { MessageBrief, MessageRecord, Status } from "../../domain/record.js";
import type { UseCaseDeps } from "../deps.js";

export interface MessageSearch {
  status?: Status;
  sender?: string;
  receiver?: string;
  category?: string;
  kind?: MessageRecord["kind"];
  /** Accepted at or after / at or before. */
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
}

export interface MessagePage {
  items: MessageBrief[];
  /** Where the next page starts; present while there may be more. */
  next?: string;
}

/** One request reads at most this many records: a rare filter over a long period pages instead of stalling. */
const SCAN_BUDGET = 5_000;
const BATCH = 200;

// The cursor's form is checked with the query (CURSOR in http/routes/shapes/params.ts) before it reaches here.
const encodeCursor = (e: IndexEntry) => `${e.at}.${e.id}`;

function decodeCursor(cursor: string): IndexEntry {
  const dot = cursor.indexOf(".");
  return { at: Number(cursor.slice(0, dot)), id: cursor.slice(dot + 1) };
}

/** Pure: does a message match the filters? */
export function matches(m: MessageBrief, q: MessageSearch): boolean {
  const created = Date.parse(m.createdAt);
  return (
    (q.status === undefined || m.status === q.status) &&
    (q.sender === undefined || m.sender.gln === q.sender) &&
    (q.receiver === undefined || m.receiver.gln === q.receiver) &&
    (q.category === undefined || m.category === q.category) &&
    (q.kind === undefined || m.kind === q.kind) &&
    (q.from === undefined || created >= q.from.getTime()) &&
    (q.to === undefined || created <= q.to.getTime())
  );
}

export async function searchMessages(q: MessageSearch, deps: Pick<UseCaseDeps, "store">): Promise<MessagePage> {
  // A status index is scored by when each message entered the status, which is never before it was accepted: the
  // lower bound still holds there, the upper one is checked on the record.
  const range = {
    min: q.from?.getTime() ?? -Infinity,
    max: q.status === undefined ? (q.to?.getTime() ?? Infinity) : Infinity,
  };
  const items: MessageBrief[] = [];
  let after = q.cursor ? decodeCursor(q.cursor) : undefined;
  let scanned = 0;
  while (items.length < q.limit && scanned < SCAN_BUDGET) {
    const entries = await deps.store.newestFirst(q.status ?? "all", range, BATCH, after);
    if (entries.length === 0) return { items };
    const briefs = await deps.store.briefs(entries.map((e) => e.id));
    for (const [i, entry] of entries.entries()) {
      scanned += 1;
      after = entry;
      const brief = briefs[i];
      if (brief && matches(brief, q)) items.push(brief);
      if (items.length === q.limit) break;
    }
    // A short batch read the index to its end: this is the last page unless the loop stopped on a full one.
    if (entries.length < BATCH && items.length < q.limit) return { items };
  }
  return { items, ...(after ? { next: encodeCursor(after) } : {}) };
}
