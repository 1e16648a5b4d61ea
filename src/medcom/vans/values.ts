// Rules on a read envelope's values beyond the schema's facets, for the adapter to apply before routing:
// - FHIR (Format HL7) travels reliably: Transport/Type reliable or absent (LEGACY.md §5.2).
// - SenderID/ReceiverID are the GLNs of the parties (DOMAIN.md §4.2); an EAN end point that is not 13 digits cannot
//   be routed. CVR and VANS end points are left to the adapter (a provider's own receipts use them).
import { error, type Issue } from "../../util/issues.js";
import { isGln } from "../ids.js";
import type { VansEnvelope } from "./model.js";

export function checkVansValues(envelope: VansEnvelope): Issue[] {
  const issues: Issue[] = [];
  for (const [name, end] of [
    ["SenderID", envelope.sender],
    ["ReceiverID", envelope.receiver],
  ] as const)
    if (end.type === "EAN" && !isGln(end.id))
      issues.push(error("vans-gln", `/VANSEnvelope/${name}`, `${name} (EndPointType EAN) is not a GLN of 13 digits.`));
  if (
    envelope.kind === "message" &&
    envelope.meta.document.format === "HL7" &&
    envelope.meta.transport?.type === "unreliable"
  )
    issues.push(
      error(
        "vans-unreliable",
        "/VANSEnvelope/Message/MetaInformation/Transport/Type",
        "A MedCom FHIR message (Format HL7) must be sent reliable (LEGACY.md §5.2).",
        "LEGACY.md §5.2",
      ),
    );
  return issues;
}
