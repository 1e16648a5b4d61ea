// MedCom's governance for an Acknowledgement, judged from the acknowledgement alone (DOMAIN.md §3.1, §3.3, §3.5;
// issue 13, class 6): its own Provenance says `acknowledgement` and names the acknowledged message (entity role
// revision); it carries that message's latest Provenance (governance rule 22); and it does not acknowledge an
// acknowledgement (KR2) — which shows in the message itself: the acknowledged message's latest Provenance would be an
// `acknowledgement` one. The gateway's store refuses that as well (receive-acknowledgement.ts); a receiver that only
// validates must too.
import type { MessageHeader, Provenance } from "../model/index.js";
import type { Entry, ValidationContext } from "./context.js";
import { checkOnePerMessage, checkRevision, provenanceStack, targetIds } from "./provenance-stack.js";

const ACKNOWLEDGEMENT = "acknowledgement";

export function checkAcknowledgementGovernance(ctx: ValidationContext): void {
  const header = ctx.header;
  if (!header) return;
  const stack = provenanceStack(ctx, header);
  checkOnePerMessage(ctx, stack);
  for (const p of stack.earlier) checkNotAnAcknowledgement(ctx, p);
  const [own] = stack.own;
  if (!own) return;
  checkOwnActivity(ctx, own);
  const revised = checkRevision(ctx, own, header.resource.id, { identifierAllowed: false, what: "An acknowledgement" });
  // MedCom's ack2-fatal-error/ack2-transient-error examples name one message in response.identifier and another in
  // the Provenances (DOMAIN.md §3.3 [DISCREPANCY]); the copied Provenance must describe either.
  const acknowledged = new Set<string>();
  if (revised) acknowledged.add(revised.id);
  const response = (header.resource as MessageHeader).response?.identifier;
  if (response !== undefined) acknowledged.add(response);
  if (acknowledged.size > 0 && !stack.earlier.some((p) => targetIds(p).some((id) => acknowledged.has(id))))
    ctx.error(
      "acknowledgement-provenance-missing",
      "Bundle.entry",
      `An acknowledgement carries the latest Provenance of the message it acknowledges (the one whose target is MessageHeader/${[...acknowledged][0] ?? ""}), unchanged, besides its own.`,
      "medcom-carecommunication-22",
    );
}

/** DOMAIN.md §3.3: the new Provenance has activity `acknowledgement`. */
function checkOwnActivity(ctx: ValidationContext, own: Entry): void {
  const codings = (own.resource as Provenance).activity?.coding ?? [];
  if (codings.some((c) => c.code === ACKNOWLEDGEMENT)) return;
  ctx.error(
    "acknowledgement-activity",
    codings.length > 0 ? `${own.path}.activity.coding[0].code` : `${own.path}.activity`,
    "The acknowledgement's own Provenance has activity acknowledgement (medcom-messaging-activityCodes).",
    "medcom-acknowledgement-provenance",
  );
}

/** KR2: the copied Provenance is the acknowledged message's latest; `acknowledgement` there means an ack of an ack. */
function checkNotAnAcknowledgement(ctx: ValidationContext, p: Entry): void {
  ((p.resource as Provenance).activity?.coding ?? []).forEach((c, i) => {
    if (c.code === ACKNOWLEDGEMENT)
      ctx.error(
        "acknowledgement-acknowledged",
        `${p.path}.activity.coding[${i}].code`,
        "An acknowledgement is never acknowledged (MedCom KR2): the message this one answers is itself an acknowledgement.",
        "medcom-messaging-KR2",
      );
  });
}
