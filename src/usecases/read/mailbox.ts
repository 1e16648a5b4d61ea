// The receiving side of the `mailbox` adapter (CONTRACT.md §2): a location's delivered messages, oldest first.
import type { Caller } from "../../access/clients.js";
import type { Bundle } from "../../medcom/model/index.js";
import { describeMessage } from "../../medcom/readers/index.js";
import { messageAudit } from "../steps/audit-event.js";
import { documentLabelsOf } from "./mailbox-documents.js";
import type { UseCaseDeps } from "../deps.js";
import { messageInMailbox, requireMailbox } from "../steps/mailbox.js";
import { contentOf } from "../steps/record-for.js";
import { fhirOut, type FhirMediaType, type FhirOut } from "../steps/fhir-out.js";
import { fail } from "../../errors.js";
import { pick, recordView, type RecordView } from "../steps/record-view.js";

/** `kind` is `acknowledgement` for the answers to this location's own messages. */
const MAILBOX_FIELDS = [
  "id",
  "kind",
  "acknowledges",
  "sender",
  "receiver",
  "category",
  "topic",
] as const satisfies readonly (keyof RecordView)[];

export type MailboxItem = Pick<RecordView, (typeof MAILBOX_FIELDS)[number]> & {
  deliveredAt: string;
  status: RecordView["status"];
  /** A legacy location's message (issue 15): the documents it is fetched as (`xdis91`, `xbin01`, `xctl` …). */
  documents?: string[];
};

export interface MailboxQuery {
  onlyNew: boolean;
  limit: number;
  cursor?: string;
}

type Deps = Pick<UseCaseDeps, "store" | "mailboxes" | "directory" | "audit" | "legacyIds">;

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
  const items: MailboxItem[] = [];
  for (const r of records) {
    if (!r) continue;
    const documents = await documentLabelsOf(gln, r.id, r.kind, deps);
    items.push({
      ...pick(recordView(r), MAILBOX_FIELDS),
      deliveredAt: page.deliveredAt.get(r.id) ?? r.deliveredAt ?? "",
      status: r.status,
      ...(documents ? { documents } : {}),
    });
  }
  return { items, ...(page.next ? { next: page.next } : {}) };
}

export async function mailboxMessage(caller: Caller, gln: string, id: string, deps: Deps): Promise<Bundle> {
  requireMailbox(caller, gln, deps);
  const record = await messageInMailbox(gln, id, deps);
  const bundle = await contentOf(id, deps);
  await deps.audit(messageAudit(caller, "mailbox-fetch", record, describeMessage(bundle).patient));
  return bundle;
}

/** A mailbox fetch as FHIR in `mediaType`: the Bundle as before, or a streamed document for a letter with detached
 *  attachments (issue 17; steps/fhir-out.ts). */
export async function mailboxFhir(
  caller: Caller,
  gln: string,
  id: string,
  mediaType: FhirMediaType,
  deps: Deps & Pick<UseCaseDeps, "blobs">,
): Promise<FhirOut> {
  requireMailbox(caller, gln, deps);
  const record = await messageInMailbox(gln, id, deps);
  const content = await deps.store.content(id);
  if (content === undefined) fail("not-found", "content-expired", "id", `The content of ${id} is no longer kept.`);
  const out = await fhirOut(record, content, mediaType, deps);
  await deps.audit(messageAudit(caller, "mailbox-fetch", record, describeMessage(out.bundle).patient));
  return out;
}
