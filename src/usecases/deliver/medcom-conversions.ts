// The way out's conversions wired to the MedCom core: careCommunicationToXdis91 and acknowledgementToXctls (LEGACY.md
// §6.4, §7.2–§7.4), writeOioxml (ISO-8859-1, valid against MedCom's XSDs) and readOioxml as the check of what was
// written (the XSDs' rules, so a converter's slip is refused with its path instead of leaving the gateway).
import { acknowledgementToXctls } from "../../medcom/convert/ack-to-xctl.js";
import { careCommunicationToXdis91 } from "../../medcom/convert/cc-to-xdis91.js";
import { readOioxml, writeOioxml } from "../../medcom/oioxml/index.js";
import type { LegacyConversions } from "./legacy-conversions.js";

export const MEDCOM_CONVERSIONS: LegacyConversions = {
  toXdis91: careCommunicationToXdis91,
  toXctls: acknowledgementToXctls,
  write: writeOioxml,
  check: (bytes) => {
    const read = readOioxml(bytes);
    return read.ok ? [] : read.issues;
  },
};
