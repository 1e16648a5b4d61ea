// Handing on a claimed XDIS91 ⇄ XBIN01 pair (src/domain/ports/legacy-pairing.ts): complete → converted and
// submitted once; an XDIS91 alone after 60 minutes → MedCom's incomplete conversion, refused with a fatal-error
// Acknowledgement (its XCTL02); an XBIN01 alone → the stand-in letter, refused the same way (plan decision 4,
// LEGACY.md §6.7). The pair leaves the store only after it was handed on (finish), so a crash in between leaves it
// to the next claim, and the deterministic conversion makes a second hand-on a duplicate, never a second letter.
import type { Caller } from "../../access/clients.js";
import type { ClaimedPair, PairKey, PairPart } from "../../domain/ports/legacy-pairing.js";
import type { Xbin01, Xdis91 } from "../../medcom/oioxml/index.js";
import { withHyphens } from "../../medcom/oioxml/index.js";
import { isMessageId } from "../../medcom/ids.js";
import { awaitedObjectIds, carriedObjectIds } from "../../medcom/convert/legacy-attachments.js";
import { error } from "../../util/issues.js";
import type { UseCaseDeps } from "../deps.js";
import { readLegacyDocument } from "./read-document.js";
import { refuseLoneBinary, submitConverted, type ConvertedOutcome } from "./submit-converted.js";
import { MISSING_XBIN01, MISSING_XDIS91 } from "./texts.js";

/** The attachment UUIDs a part names, lower-case and hyphenated, from the converter's one hyphen-less form of them
 *  (the XDIS91 reference writes them without hyphens, the XBIN01 with, LEGACY.md §3); "" for one that is no UUID. */
export function objectsOf(doc: Xdis91 | Xbin01): string[] {
  const ids = doc.kind === "xdis91" ? awaitedObjectIds(doc) : carriedObjectIds(doc);
  return ids.map((id) => withHyphens(id) ?? "");
}

/** Where a part waits: its sender and its lowest attachment UUID (either part finds the same place); undefined when
 *  an attachment id is not a UUID (the XSD's pattern for XBIN01; 32 hexadecimal digits in XDIS91). */
export function pairKeyOf(doc: Xdis91 | Xbin01): PairKey | undefined {
  const objects = objectsOf(doc);
  if (objects.length === 0 || !objects.every(isMessageId)) return undefined;
  return { sender: doc.sender.ean, object: [...objects].sort()[0] ?? "" };
}

const readPart = <K extends PairPart["kind"]>(part: PairPart, kind: K) => {
  const doc = readLegacyDocument(part.bytes);
  if (doc.kind !== kind) throw new Error(`a stored ${kind} reads as ${doc.kind}`);
  return doc as K extends "xdis91" ? Xdis91 : Xbin01;
};

/** Hand on a claimed pair, then finish it. */
export async function handOnPair(caller: Caller, pair: ClaimedPair, deps: UseCaseDeps): Promise<ConvertedOutcome> {
  const outcome = await convertPair(caller, pair, deps);
  if (!(await deps.legacyPairing.finish(pair.key, pair.claim)))
    deps.log.warn(
      { sender: pair.key.sender },
      "a legacy pair's claim lapsed while it was handed on; the next holder repeats it",
    );
  return outcome;
}

async function convertPair(caller: Caller, pair: ClaimedPair, deps: UseCaseDeps): Promise<ConvertedOutcome> {
  const size = (pair.xdis91?.bytes.byteLength ?? 0) + (pair.xbin01?.bytes.byteLength ?? 0);
  if (pair.xdis91) {
    const letter = readPart(pair.xdis91, "xdis91");
    const binary = pair.xbin01 ? readPart(pair.xbin01, "xbin01") : undefined;
    // Without its XBIN01 the converter makes MedCom's incomplete letter and says so (an error issue): refused.
    const missing = binary
      ? undefined
      : error("legacy-xbin01-missing", "/Emessage/ClinicalEmail/Reference", MISSING_XBIN01);
    return submitConverted(caller, letter, binary, size, deps, missing);
  }
  if (!pair.xbin01) throw new Error("a claimed pair without parts");
  const binary = readPart(pair.xbin01, "xbin01");
  return refuseLoneBinary(
    caller,
    binary,
    error("legacy-xdis91-missing", "/Emessage/BinaryLetter", MISSING_XDIS91),
    deps,
  );
}
