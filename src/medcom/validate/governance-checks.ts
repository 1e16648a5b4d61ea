// MedCom's governance rules that one message shows (issue 13, class 6; DOMAIN.md §1.9, §1.13, §2.5, §3.3, §3.5),
// and FHIR's Attachment size/hash: registered in the validator with one line. The forward's attachment data is
// forward-checks.ts's (already in the CareCommunication checks).
import { checkAcknowledgementGovernance } from "./acknowledgement-governance.js";
import { checkAttachmentIntegrity } from "./attachment-integrity.js";
import type { ValidationContext } from "./context.js";
import { checkThreadGovernance } from "./thread-governance.js";

export function checkGovernance(ctx: ValidationContext, type: "CareCommunication" | "Acknowledgement"): void {
  if (type === "CareCommunication") {
    checkThreadGovernance(ctx);
    checkAttachmentIntegrity(ctx);
  } else checkAcknowledgementGovernance(ctx);
}
