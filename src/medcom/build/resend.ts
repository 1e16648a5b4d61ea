// A technical resend (DOMAIN.md §2.4, MR7): the same message with a new Bundle.id and new send times; the
// MessageHeader.id, the thread and every segment stay as they were.
import type { Bundle, Organization, Provenance } from "../model/index.js";
import { provenanceNarrative } from "./header.js";

export function technicalResend(bundle: Bundle, ctx: { newId: () => string; now: string }): Bundle {
  const copy = structuredClone(bundle);
  copy.id = ctx.newId();
  copy.timestamp = ctx.now;
  const resources = (copy.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
  const headerId = resources.find((r) => r.resourceType === "MessageHeader")?.id;
  for (const r of resources) {
    if (r.resourceType !== "Provenance") continue;
    const p = r as Provenance;
    // Only this message's own Provenance gets the new send time; the stack of earlier exchanges is history.
    if (!p.target.some((t) => t.reference === `MessageHeader/${headerId ?? ""}`)) continue;
    p.occurredDateTime = ctx.now;
    p.recorded = ctx.now;
    // The narrative shows the send time (occurred[x] is SHALL:in-narrative), so it is written again.
    const agent = resources.find((o) => `Organization/${o.id ?? ""}` === p.agent[0]?.who.reference) as
      Organization | undefined;
    p.text = provenanceNarrative(p, agent?.name);
  }
  return copy;
}
