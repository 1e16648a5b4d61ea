// A technical resend (DOMAIN.md §2.4, MR7): the same message with a new Bundle.id and new send times; the
// MessageHeader.id, the thread and every segment stay as they were.
import type { Bundle, Provenance } from "../model/index.js";

export function technicalResend(bundle: Bundle, ctx: { newId: () => string; now: string }): Bundle {
  const copy = structuredClone(bundle);
  copy.id = ctx.newId();
  copy.timestamp = ctx.now;
  const headerId = copy.entry?.find((e) => e.resource?.resourceType === "MessageHeader")?.resource?.id;
  for (const entry of copy.entry ?? []) {
    const r = entry.resource;
    if (r?.resourceType !== "Provenance") continue;
    const p = r as Provenance;
    // Only this message's own Provenance gets the new send time; the stack of earlier exchanges is history.
    if (p.target.some((t) => t.reference === `MessageHeader/${headerId ?? ""}`)) {
      p.occurredDateTime = ctx.now;
      p.recorded = ctx.now;
    }
  }
  return copy;
}
