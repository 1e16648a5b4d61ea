// The receiving side of the `mailbox` adapter (CONTRACT.md §2): a location's delivered messages, oldest first.
import { authorize } from "../access/authorize.js";
import type { Caller } from "../access/clients.js";
import { fail } from "../errors.js";
import type { Bundle } from "../medcom/model/index.js";
import type { MessageRecord } from "../domain/record.js";
import { messageAudit } from "./audit-event.js";
import type { UseCaseDeps } from "./deps.js";
import { contentOf } from "./record-for.js";

export interface MailboxItem {
  id: string;
  /** `acknowledgement` for the answers to this location's own messages. */
  kind: MessageRecord["kind"];
  acknowledges?: string;
  sender: MessageRecord["sender"];
  receiver: MessageRecord["receiver"];
  category?: string;
  topic?: string;
  deliveredAt: string;
  status: MessageRecord["status"];
}

export interface MailboxQuery {
  onlyNew: boolean;
  limit: number;
  cursor?: string;
}

type Deps = Pick<UseCaseDeps, "store" | "mailboxes" | "directory" | "audit">;

function requireMailbox(caller: Caller, gln: string, deps: Deps): void {
  if (!deps.directory.get(gln)) fail("not-found", "location-unknown", "gln", `There is no location ${gln}.`);
  if (!authorize(caller, { do: "use-mailbox", gln }))
    fail("forbidden", "mailbox-not-yours", "gln", `This client may not read ${gln}'s mailbox.`);
}

export async function listMailbox(
  caller: Caller,
  gln: string,
  query: MailboxQuery,
  deps: Deps,
): Promise<{ items: MailboxItem[]; next?: string }> {
  requireMailbox(caller, gln, deps);
  const page = await deps.mailboxes.list(gln, query);
  await deps.audit({ client: caller.id, action: "mailbox-list", receiver: gln, detail: `${page.ids.length} items` });
  const records = await deps.store.getMany(page.ids);
  const items = records.flatMap((r): MailboxItem[] =>
    r
      ? [
          {
            id: r.id,
            kind: r.kind,
            ...(r.acknowledges ? { acknowledges: r.acknowledges } : {}),
            sender: r.sender,
            receiver: r.receiver,
            ...(r.category ? { category: r.category } : {}),
            ...(r.topic ? { topic: r.topic } : {}),
            deliveredAt: page.deliveredAt.get(r.id) ?? r.deliveredAt ?? "",
            status: r.status,
          },
        ]
      : [],
  );
  return { items, ...(page.next ? { next: page.next } : {}) };
}

/** A message in `gln`'s mailbox that the caller may handle; its record. */
export async function requireMailboxMessage(
  caller: Caller,
  gln: string,
  id: string,
  deps: Deps,
): Promise<MessageRecord> {
  requireMailbox(caller, gln, deps);
  const record = (await deps.mailboxes.has(gln, id)) ? await deps.store.get(id) : undefined;
  if (!record) fail("not-found", "message-not-in-mailbox", "id", `Message ${id} is not in ${gln}'s mailbox.`);
  return record;
}

export async function mailboxMessage(caller: Caller, gln: string, id: string, deps: Deps): Promise<Bundle> {
  const record = await requireMailboxMessage(caller, gln, id, deps);
  const bundle = await contentOf(id, deps);
  await deps.audit(messageAudit(caller, "mailbox-fetch", record, bundle));
  return bundle;
}
