// What an envelope's Document/Name says its payload is (LEGACY.md §5.2; the names envelopeFor writes,
// src/medcom/vans/envelope-for.ts): `MCM:FDIS91#<category>` a CareCommunication, `MCM:FCTL#<code>` an
// Acknowledgement, `MCM:XDIS91` … `MCM:XCTL03` an OIOXML document. Any other name is refused with a negative envelope
// receipt (plan-16, shared decisions): the gateway will not guess what an unknown document is.
import { ACKNOWLEDGEMENT_CODES } from "../../medcom/kinds.js";
import { OIOXML_NAMES, type OioxmlType } from "../../medcom/vans/index.js";

export type NamedPayload =
  { family: "fhir"; type: "CareCommunication" | "Acknowledgement" } | { family: "oioxml"; type: OioxmlType };

const FDIS = "MCM:FDIS91#";
const FCTL = "MCM:FCTL#";

export function payloadNamed(name: string): NamedPayload | undefined {
  // The category is not checked here: the payload's own Communication.category is validated on submit.
  if (name.startsWith(FDIS) && name.length > FDIS.length) return { family: "fhir", type: "CareCommunication" };
  if (name.startsWith(FCTL) && (ACKNOWLEDGEMENT_CODES as readonly string[]).includes(name.slice(FCTL.length)))
    return { family: "fhir", type: "Acknowledgement" };
  for (const [type, oioName] of Object.entries(OIOXML_NAMES))
    if (name === oioName) return { family: "oioxml", type: type as OioxmlType };
  return undefined;
}
