// GET /v1/threads/{thread} (CONTRACT.md §2): every message of a conversation (Communication.identifier) the caller may
// read, in the order the gateway accepted them, with status and acknowledgement.
import { authorize } from "../../access/authorize.js";
import type { Caller } from "../../access/clients.js";
import { fail } from "../../errors.js";
import type { MessageRecord } from "../../domain/record.js";
import type { UseCaseDeps } from "../deps.js";
import { pick, recordView, type RecordView } from "../steps/record-view.js";

const THREAD_FIELDS = [
  "id",
  "kind",
  "sender",
  "receiver",
  "category",
  "status",
  "createdAt",
] as const satisfies readonly (keyof RecordView)[];

export type ThreadItem = Pick<RecordView, (typeof THREAD_FIELDS)[number]> & {
  acknowledgement?: { code: string; at: string };
};

export async function readThread(
  caller: Caller,
  thread: string,
  deps: Pick<UseCaseDeps, "store">,
): Promise<{ thread: string; items: ThreadItem[] }> {
  const records = await deps.store.getMany(await deps.store.thread(thread));
  const items = records
    .filter((r): r is MessageRecord => r !== undefined)
    .filter((r) => authorize(caller, { do: "read-message", sender: r.sender.gln, receiver: r.receiver.gln }))
    .map((r): ThreadItem => {
      const view = recordView(r);
      const ack = view.acknowledgement;
      return { ...pick(view, THREAD_FIELDS), ...(ack ? { acknowledgement: { code: ack.code, at: ack.at } } : {}) };
    });
  // No difference between "no such conversation" and "none of it is yours": neither reveals anything.
  if (items.length === 0)
    fail("not-found", "thread-unknown", "thread", `There is no conversation ${thread} for this client.`);
  return { thread, items };
}
