// XDIS91 references (+ the XBIN01's objects) as CareCommunication attachment segments (LEGACY.md §3, §6.3, §6.7).
import type { PreparedAttachment } from "../builders/segments.js";
import type { BinaryObject, OioPatient, Xbin01, Xdis91 } from "../oioxml/model.js";
import { withHyphens, withoutHyphens } from "../oioxml/ids.js";
import { error, warning, type Issue } from "../../util/issues.js";
import { legacyUuid } from "./legacy-uuid.js";
import { mimeOfExtension } from "./mime.js";

export const ATTACHMENT_MISSING = "legacy-attachment-missing";
export const ATTACHMENT_UNREFERENCED = "legacy-attachment-unreferenced";
export const ATTACHMENT_OTHER_PATIENT = "legacy-attachment-other-patient";

export interface ConvertedAttachments {
  attachments: PreparedAttachment[];
  issues: Issue[];
}

/**
 * One segment per URL and BIN reference, in the letter's order, then any XBIN01 object no reference names (MedCom
 * converts every file of the XBIN01: Forudsætning 5). A BIN reference finds its object by the UUID, written without
 * hyphens in the XDIS91 and with them in the XBIN01 (§3), compared in lower case. The segment identifier is that
 * UUID (`urn:uuid:`, hyphenated, lower case); a reference whose identifier is not a UUID gets a derived one.
 * A BIN reference without its object is MedCom's deliberately incomplete attachment: content type, no data and no
 * title (use case S1.A2, §6.7), reported as an error so the caller answers the sender negatively. A SUP reference
 * (paper supplement) has no CareCommunication counterpart and is left out.
 * An XBIN01 about another patient than the letter's is never attached (only the object UUID pairs the two letters,
 * LEGACY.md §3): its files are treated as missing, with an error saying why.
 */
export function convertAttachments(letter: Xdis91, binary: Xbin01 | undefined): ConvertedAttachments {
  const gln = letter.sender.ean;
  const attachments: PreparedAttachment[] = [];
  const issues: Issue[] = [];
  const foreign = binary?.patient !== undefined && patientKey(binary.patient) !== patientKey(letter.patient);
  if (foreign) {
    issues.push(
      error(
        ATTACHMENT_OTHER_PATIENT,
        "/Emessage/BinaryLetter/Patient",
        "The XBIN01 is about another patient than the XDIS91: its files are not attached.",
      ),
    );
  }
  const objects = new Map<string, { object: BinaryObject; index: number }>();
  (foreign ? [] : (binary?.objects ?? [])).forEach((object, index) => {
    const key = withoutHyphens(object.objectIdentifier);
    if (!objects.has(key)) objects.set(key, { object, index });
  });
  const used = new Set<string>();
  const why =
    binary === undefined ? "did not come" : foreign ? "is about another patient" : "has no object with this UUID";
  const derived = (i: number) => `urn:uuid:${legacyUuid(gln, letter.letter.identifier, `reference-${i}`)}`;

  letter.references.forEach((ref, i) => {
    const path = `/Emessage/ClinicalEmail/Reference[${i + 1}]`;
    if ("url" in ref) {
      attachments.push({ identifier: derived(i), title: ref.description, url: ref.url });
      return;
    }
    if (!("bin" in ref)) return;
    const key = withoutHyphens(ref.bin.objectIdentifier);
    const uuid = withHyphens(key);
    const identifier = uuid === undefined ? derived(i) : `urn:uuid:${uuid}`;
    const object = objects.get(key)?.object;
    if (object === undefined) {
      attachments.push({ identifier, contentType: mimeOfExtension(ref.bin.extensionCode) });
      issues.push(
        error(
          ATTACHMENT_MISSING,
          `${path}/BIN/ObjectIdentifier`,
          `The XBIN01 with attachment ${identifier} ${why}: its segment has no data and no title.`,
          "S1.A2",
        ),
      );
      return;
    }
    used.add(key);
    attachments.push({ identifier, ...fromObject(object), title: ref.description });
  });

  for (const [key, { object, index }] of objects) {
    if (used.has(key)) continue;
    const attachment = objectAttachment(object, () => legacyUuid(gln, letter.letter.identifier, `object-${key}`));
    const identifier = attachment.identifier;
    attachments.push(attachment);
    issues.push(
      warning(
        ATTACHMENT_UNREFERENCED,
        `/Emessage/BinaryLetter/BinaryObject[${index + 1}]/ObjectIdentifier`,
        `The XBIN01 object ${identifier} is named by no reference of the XDIS91: it is attached with its ObjectCode as title.`,
      ),
    );
  }
  return { attachments, issues };
}

/**
 * The object UUIDs (hyphen-less, lower case) a letter waits for: empty when it needs no XBIN01. The key the pairing of
 * XDIS91 and XBIN01 uses on both sides (LEGACY.md §3; issue 15 plan, D1).
 */
export function awaitedObjectIds(letter: Pick<Xdis91, "references">): string[] {
  return letter.references.flatMap((r) => ("bin" in r ? [withoutHyphens(r.bin.objectIdentifier)] : []));
}

/** The same key for an XBIN01's objects. */
export function carriedObjectIds(binary: Pick<Xbin01, "objects">): string[] {
  return binary.objects.map((o) => withoutHyphens(o.objectIdentifier));
}

/** CPR or replacement CPR, whichever the letter carries. */
const patientKey = (p: OioPatient): string => p.cpr ?? p.alternativeIdentifier ?? "";

/** An XBIN01 object as attachment content: the file type decides the MIME type, the bytes go as they are. */
function fromObject(o: BinaryObject): { contentType: string; data: string } {
  return { contentType: mimeOfExtension(o.extensionCode), data: o.base64 };
}

/**
 * An XBIN01 object no reference names (or the XBIN01 stand-in's objects): its ObjectCode as title, its UUID (hyphenated,
 * lower case) as identifier, or `derived()` when the identifier is not a UUID.
 */
export function objectAttachment(o: BinaryObject, derived: () => string): PreparedAttachment & { identifier: string } {
  const uuid = withHyphens(withoutHyphens(o.objectIdentifier));
  return { identifier: `urn:uuid:${uuid ?? derived()}`, ...fromObject(o), title: o.objectCode };
}
