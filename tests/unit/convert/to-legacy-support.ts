// Letters for the CC → XDIS91 tests, composed with the project's builder (tests/support/build.ts) and edited where a
// MedCom test case (ConSer_CC_01..15) needs what the compose request cannot say (several patient numbers, a deceased
// patient, many attachments).
import type { ComposeRequest } from "../../../src/medcom/compose/index.js";
import type { Bundle, Communication, Encounter, Patient } from "../../../src/medcom/model/index.js";
import { careCommunicationToXdis91, type LegacyLetterIds } from "../../../src/medcom/convert/cc-to-xdis91.js";
import type { Xbin01, Xdis91 } from "../../../src/medcom/oioxml/model.js";
import { build, composeFixture, sequentialIds } from "../../support/build.js";

export const IDS: LegacyLetterIds = {
  envelope: "KuvNr000000001",
  letter: "BrevNr00000001",
  binaryEnvelope: "KuvNr000000002",
  binaryLetter: "BrevNr00000002",
};

export function letterOf(name: string, overrides: Partial<ComposeRequest> = {}, start = 1): Bundle {
  return build(composeFixture(name, overrides), undefined, sequentialIds(start));
}

/** The resource of a type in a Bundle (test letters hold one of each edited type). */
export function resourceOf<T>(bundle: Bundle, type: string): T {
  const found = bundle.entry?.find((e) => e.resource?.resourceType === type)?.resource;
  if (found === undefined) throw new Error(`no ${type}`);
  return found as T;
}

export const patientOf = (b: Bundle) => resourceOf<Patient>(b, "Patient");
export const communicationOf = (b: Bundle) => resourceOf<Communication>(b, "Communication");
export const encounterOf = (b: Bundle) => resourceOf<Encounter>(b, "Encounter");

/** The conversion, which must succeed. */
export function convert(bundle: Bundle, ids = IDS): { letter: Xdis91; binary?: Xbin01 } {
  const result = careCommunicationToXdis91(bundle, ids);
  if (!result.ok) throw new Error(`conversion failed: ${JSON.stringify(result.issues)}`);
  return result.value;
}

/** The XDIS91 text as one string (blocks joined with a line feed, as XDIS91 → CC does). */
export const textOf = (letter: Xdis91): string => letter.clinicalInformation.join("\n");

/** A base64 PDF-ish payload of `bytes` bytes. */
export const payloadOf = (bytes: number): string => Buffer.alloc(bytes, 0x25).toString("base64");
