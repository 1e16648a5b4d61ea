// XDIS91 references (+ the XBIN01's objects) as CareCommunication attachment segments (LEGACY.md §3, §6.3, §6.7).
import type { PreparedAttachment } from "../builders/segments.js";
import type { BinaryObject, Xbin01, Xdis91 } from "../oioxml/model.js";
import { withHyphens, withoutHyphens } from "../oioxml/ids.js";
import { error, warning, type Issue } from "../../util/issues.js";
import { legacyUuid } from "./legacy-uuid.js";
import { mimeOfExtension } from "./mime.js";

export const ATTACHMENT_MISSING = "legacy-attachment-missing";
export const ATTACHMENT_UNREFERENCED = "legacy-attachment-unreferenced";

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
 */
export function convertAttachments(letter: Xdis91, binary: Xbin01 | undefined): ConvertedAttachments {
  const gln = letter.sender.ean;
  const objects = new Map<string, { object: BinaryObject; index: number }>();
  (binary?.objects ?? []).forEach((object, index) => {
    const key = withoutHyphens(object.objectIdentifier);
    if (!objects.has(key)) objects.set(key, { object, index });
  });
  const used = new Set<string>();
  const attachments: PreparedAttachment[] = [];
  const issues: Issue[] = [];
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
          binary === undefined
            ? `The XBIN01 with attachment ${identifier} did not come: its segment has no data and no title.`
            : `The XBIN01 has no object ${identifier}: its segment has no data and no title.`,
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
    const uuid = withHyphens(key);
    const identifier = `urn:uuid:${uuid ?? legacyUuid(gln, letter.letter.identifier, `object-${key}`)}`;
    attachments.push({ identifier, ...fromObject(object), title: object.objectCode });
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

/** An XBIN01 object as attachment content: the file type decides the MIME type, the bytes go as they are. */
export function fromObject(o: BinaryObject): { contentType: string; data: string } {
  return { contentType: mimeOfExtension(o.extensionCode), data: o.base64 };
}
