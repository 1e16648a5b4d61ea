// The way out's conversions wired to the MedCom core: careCommunicationToXdis91 and acknowledgementToXctls (LEGACY.md
// §6.4, §7.2–§7.4) and writeOioxml (ISO-8859-1, valid against MedCom's XSDs).
import { acknowledgementToXctls } from "../../medcom/convert/ack-to-xctl.js";
import { careCommunicationToXdis91 } from "../../medcom/convert/cc-to-xdis91.js";
import { writeOioxml } from "../../medcom/oioxml/index.js";
import type { LegacyConversions } from "./legacy-conversions.js";

export const MEDCOM_CONVERSIONS: LegacyConversions = {
  toXdis91: careCommunicationToXdis91,
  toXctls: acknowledgementToXctls,
  write: writeOioxml,
};
