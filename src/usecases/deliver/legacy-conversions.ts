// What the way out to a legacy location needs (issue 15): MedCom's conversion (the plan's shared API of the OIOXML core
// and the FHIR → OIOXML converters), named here as one set of functions so the document-making step is tested with its
// own fakes and wired once to the pure core; the legacy id table; and the small pieces the letter and receipt steps share.
import type { Bundle } from "../../medcom/model/index.js";
import type { OioxmlDocument, Xbin01, Xctl, Xdis91 } from "../../medcom/oioxml/model.js";
import type { DeliveryDocument } from "../../domain/delivery-document.js";
import type { LegacyDocumentIds, LegacyIdStore } from "../../domain/ports/index.js";
import type { Result } from "../../util/issues.js";

/** The new 14-character ids of a converted letter (the shape of cc-to-xdis91.ts's LegacyLetterIds). */
export interface LetterIds {
  envelope: string;
  letter: string;
  binaryEnvelope: string;
  binaryLetter: string;
}

export interface OwnIds {
  envelope: string;
  letter: string;
}

export interface LegacyConversions {
  /** careCommunicationToXdis91 (LEGACY.md §6.4). */
  toXdis91: (bundle: Bundle, ids: LetterIds) => Result<{ letter: Xdis91; binary?: Xbin01 }>;
  /** acknowledgementToXctls (§7.2): one XCTL per receipted document. */
  toXctls: (
    ack: Bundle,
    receipted: readonly LegacyDocumentIds[],
    ids: readonly OwnIds[],
    parties: { sender: string; receiver: string },
  ) => Result<Xctl[]>;
  /** writeOioxml: ISO-8859-1 bytes with the declaration, valid against MedCom's XSDs. */
  write: (doc: OioxmlDocument) => Uint8Array;
}

export interface OutgoingDeps {
  legacyIds: LegacyIdStore;
  conversions: LegacyConversions;
  /** newOioId (src/medcom/oioxml/ids.ts) unless a test fixes it. */
  newOioId?: () => string;
}

export function refused(message: string): Result<never> {
  return { ok: false, issues: [{ severity: "error", code: "legacy-conversion", path: "Bundle", message }] };
}

/** OIOXML bytes as a delivery document (issue 15 plan, decision 5: application/xml, ISO-8859-1). */
export const oioxmlDocument = (part: "xdis91" | "xbin01" | "xctl", bytes: Uint8Array): DeliveryDocument => ({
  part,
  mediaType: "application/xml",
  charset: "ISO-8859-1",
  bytes,
});
