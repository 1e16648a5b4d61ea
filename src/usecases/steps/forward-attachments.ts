// A forward carries its attachments' content (DOMAIN.md §1.6: "Forward: include … the base64 data of forwarded
// attachments"; the official cc5-04-forward.xml). The message forwarded may be a reply, which carries earlier
// attachments by identifier only (governance rule 6): their content is taken from the stored message of the same
// conversation that first carried it, found by segment identifier.
import { authorize } from "../../access/authorize.js";
import type { Caller } from "../../access/clients.js";
import { fail } from "../../errors.js";
import { segmentsOf } from "../../medcom/readers/segments-of.js";
import { segmentIdentifier } from "../../medcom/builders/segments.js";
import type { Attachment, Bundle, CommunicationPayload, MessageHeader } from "../../medcom/model/index.js";
import { bundleReferences } from "../../medcom/references/bundle-references.js";
import type { MessageRecord } from "../../domain/record.js";
import type { UseCaseDeps } from "../deps.js";

type Deps = Pick<UseCaseDeps, "store">;

const hasContent = (a: Attachment | undefined): boolean => a?.data !== undefined || a?.url !== undefined;

/**
 * The forwarded message with every id-only attachment given its content again (data or url, with contentType,
 * title, size and hash as first sent). Refuses (422) when an original is not found, rather than forwarding an
 * attachment nobody can open.
 */
export async function withForwardedAttachments(
  caller: Caller,
  forwarded: Bundle,
  record: MessageRecord,
  deps: Deps,
): Promise<Bundle> {
  const bundle = structuredClone(forwarded);
  const refs = bundleReferences(bundle);
  const header = refs.header;
  const focus = header ? refs.resolve((header.resource as MessageHeader).focus?.[0]?.reference, header) : undefined;
  const payloads: CommunicationPayload[] =
    focus?.resource.resourceType === "Communication" ? ((focus.resource as { payload?: [] }).payload ?? []) : [];
  const missing = payloads.filter((p) => p.contentAttachment && !hasContent(p.contentAttachment));
  if (missing.length === 0) return forwarded;

  const originals = await originalAttachments(caller, record, deps);
  for (const payload of missing) {
    const id = segmentIdentifier(payload);
    const original = id === undefined ? undefined : originals.get(id);
    if (!original)
      fail(
        "invalid",
        "forward-attachment-unavailable",
        "/inReplyTo",
        `The attachment ${id ?? "without an identifier"} of the forwarded message is carried by identifier only and its content is no longer kept in its conversation; a forward must carry the attachment's data.`,
        "medcom-carecommunication-forward-attachment",
      );
    payload.contentAttachment = { ...payload.contentAttachment, ...contentOf(original) };
  }
  return bundle;
}

/** What a forward copies from the first carrier: the content and what describes it. */
function contentOf(a: Attachment): Attachment {
  const { contentType, data, url, title, size, hash } = a;
  return {
    ...(contentType !== undefined ? { contentType } : {}),
    ...(data !== undefined ? { data } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(title !== undefined ? { title } : {}),
    ...(size !== undefined ? { size } : {}),
    ...(hash !== undefined ? { hash } : {}),
  };
}

/**
 * Attachments with content, by segment identifier, from the messages of the forwarded one's conversation that the
 * caller may read (oldest first, so the first carrier wins). A message the caller is no party to lends nothing.
 */
async function originalAttachments(
  caller: Caller,
  record: MessageRecord,
  deps: Deps,
): Promise<Map<string, Attachment>> {
  const ids = record.thread ? await deps.store.thread(record.thread) : [record.id];
  const records = await deps.store.getMany(ids);
  const found = new Map<string, Attachment>();
  for (const r of records) {
    if (!r || r.kind === "acknowledgement") continue;
    if (!authorize(caller, { do: "read-message", sender: r.sender.gln, receiver: r.receiver.gln })) continue;
    const content = await deps.store.content(r.id);
    if (content === undefined) continue;
    for (const segment of segmentsOf(JSON.parse(content) as Bundle)) {
      if (segment.id !== undefined && hasContent(segment.attachment) && !found.has(segment.id) && segment.attachment)
        found.set(segment.id, segment.attachment);
    }
  }
  return found;
}
