// The message types a directory entry is registered for, as an export names them, mapped to the gateway's formats.
// SOR-EDI names a MedCom type with its version ("FDIS91 5.0", "XDIS91 XD9134L"); EER names a message-definition URI
// (LEGACY.md §8); an operator may also write the gateway's own format names (CONTRACT.md §1).
import { FORMATS, type Format } from "../../config/types.js";

const EER_CARECOMMUNICATION =
  "urn:dk:healthcare:medcom:messaging:fhir:structuredefinition::carecommunication-message##urn:dk:medcom:fhir:carecommunication-message::5.0";
const EER_XDIS91 = "urn:dk:healthcare:medcom:messaging:oioxml:schema:xsd:meddis:xdis91:xd9134l";

/** Letter formats the gateway can send, by the export's name for them (compared in lower case, spaces collapsed). */
const LETTER_TYPES = new Map<string, Format>([
  ["fdis91 5.0", "application/fhir+xml"],
  [EER_CARECOMMUNICATION, "application/fhir+xml"],
  ["xdis91 xd9134l", "xdis91"],
  [EER_XDIS91, "xdis91"],
  ...FORMATS.map((f): [string, Format] => [f, f]),
]);

/** Types an export lists next to the letter types and the gateway has nothing to decide by: receipts and
 *  acknowledgements travel back whatever the registration (LEGACY.md §8: an OIOXML endpoint advertises XCTL01–03 with
 *  XDIS91), and XBIN01 rides with XDIS91. Accepted and left out of the formats. */
const COMPANION_TYPES = new Set<string>([
  "fctl 2.0",
  "urn:dk:healthcare:medcom:messaging:fhir:structuredefinition::acknowledgement-message##urn:dk:medcom:fhir:acknowledgement-message::2.0",
  "xbin01 xb0131x",
  "urn:dk:healthcare:medcom:messaging:oioxml:schema:xsd:medbin:xbin01:xb0131x",
  ...[1, 2, 3].flatMap((n) => [
    `xctl0${n} xc0${n}30q`,
    `urn:dk:healthcare:medcom:messaging:oioxml:schema:xsd:contrl:xctl0${n}:xc0${n}30q`,
  ]),
]);

export type FormatToken = { format: Format } | { companion: true } | { unknown: string };

/** One token of the formats column/key. */
export function formatOf(token: string): FormatToken {
  const key = token.trim().toLowerCase().split(/\s+/).filter(Boolean).join(" ");
  const format = LETTER_TYPES.get(key);
  if (format) return { format };
  if (COMPANION_TYPES.has(key)) return { companion: true };
  return { unknown: token.trim() };
}

/** What the error message lists as accepted. */
export const ACCEPTED_FORMATS = `"FDIS91 5.0", "XDIS91 XD9134L", their EER URIs, or ${FORMATS.join(", ")}`;
