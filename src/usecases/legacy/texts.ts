// MedCom's words and times for the legacy side (LEGACY.md §6.7, use cases §4.4, §4.5).

/** The text MedCom's conversion service adds to a negative receipt when a conversion failed (use cases §4.4). */
export const CONVERSION_FAILED_TEXT =
  "Konverteringen ml. XML/EDI og FHIR kunne ikke udføres korrekt pga. tekniske el. indholdsmæssige forhold i meddelelsen.";

/** How long an XDIS91 waits for its XBIN01, and an XBIN01 for its XDIS91 (use cases §4.5: at most 60 minutes). */
export const PAIRING_WAIT_MS = 60 * 60_000;

/** How long a caller holds a complete (or timed-out) pair while handing it on, before another may take it over. */
export const PAIRING_LEASE_MS = 5 * 60_000;

/** The acknowledgement issue code carrying MedCom's conversion text: one of MedCom's own codes, so the text stays
 *  exactly MedCom's (a self-defined code would be appended to it) when it becomes the XCTL02's RefuseText. */
export const CONVERSION_FAILED_CODE = "MSG_LOCAL_FAIL";

export const MISSING_XBIN01 =
  "XBIN01 med bilag til denne XDIS91 er ikke modtaget inden for 60 minutter; bilagene mangler i den konverterede meddelelse.";

export const MISSING_XDIS91 = "XDIS91 til denne XBIN01 er ikke modtaget inden for 60 minutter; bilagene er ikke sendt.";
