// A forward carries its attachments' content: "Forward: include the relevant segments and the base64 data of
// forwarded attachments" (DOMAIN.md §1.6, from the CareCommunication intro; the official cc5-04-forward.xml). Only a
// reply may carry an earlier attachment by identifier alone (governance rule 6); forwarded that way, the new receiver
// gets an attachment nobody can open.
import type { Communication, Provenance } from "../model/index.js";
import type { ValidationContext } from "./context.js";

const FORWARD = "forward-message";

/**
 * Whether this message is a forward whose receiver has not had the attachments' data yet: its own Provenance (the
 * one whose target is its MessageHeader) says `forward-message` and no earlier Provenance of the stack does. MedCom's
 * own cc5-05 (the reply to the forward cc5-04, in the forward's thread) is labelled `forward-message` too and carries
 * the PDF by identifier, as a reply may: cc5-04 gave that thread the data. Known miss: a forward of a thread that
 * was itself forwarded earlier is not checked (a stand-alone message does not say who received which data).
 */
function isFirstForward(ctx: ValidationContext): boolean {
  const header = ctx.header;
  if (!header) return false;
  let own = false;
  let earlier = false;
  for (const p of ctx.ofType("Provenance")) {
    const provenance = p.resource as Provenance;
    const forward = (provenance.activity?.coding ?? []).some((c) => c.code === FORWARD);
    const describesThis = (provenance.target ?? []).some((t) => ctx.resolve(t.reference, p) === header);
    if (forward && describesThis) own = true;
    else if (forward) earlier = true;
  }
  return own && !earlier;
}

export function checkForwardedAttachments(ctx: ValidationContext): void {
  if (!isFirstForward(ctx)) return;
  for (const entry of ctx.ofType("Communication")) {
    ((entry.resource as Communication).payload ?? []).forEach((payload, i) => {
      const a = payload.contentAttachment;
      if (a && a.data === undefined && a.url === undefined)
        ctx.error(
          "cardinality-min",
          `${entry.path}.payload[${i}].contentAttachment`,
          "A forward carries its attachments' data (or web link): this attachment has neither.",
          "medcom-carecommunication-forward-attachment",
        );
    });
  }
}
