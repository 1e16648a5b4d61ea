// A technical resend (DOMAIN.md §2.4, MR7): the same message with a new Bundle.id and new send times; the
// MessageHeader.id, the thread and every segment stay as they were.
import type { Bundle, Organization, Provenance } from "../model/index.js";
import { bundleReferences } from "../references/bundle-references.js";
import { ownProvenanceEntry } from "../references/own-provenance.js";
import { provenanceNarrative } from "./header.js";

export function technicalResend(bundle: Bundle, ctx: { newId: () => string; now: string }): Bundle {
  const copy = structuredClone(bundle);
  copy.id = ctx.newId();
  copy.timestamp = ctx.now;
  // Only this message's own Provenance gets the new send time; the stack of earlier exchanges is history. Found, and
  // its agent read, with the one resolver (issue 11, point 2).
  const refs = bundleReferences(copy);
  const header = refs.header;
  const own = header === undefined ? undefined : ownProvenanceEntry(refs, header);
  if (own === undefined) return copy;
  const p = own.resource as Provenance;
  p.occurredDateTime = ctx.now;
  p.recorded = ctx.now;
  // The narrative shows the send time (occurred[x] is SHALL:in-narrative), so it is written again.
  const agent = refs.resource<Organization>(p.agent[0]?.who.reference, own, "Organization");
  p.text = provenanceNarrative(p, agent?.name);
  return copy;
}
