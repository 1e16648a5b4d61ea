// The attachments of a CareCommunication as XDIS91 references and XBIN01 objects (LEGACY.md §3, §6.4, §6.6; mapping
// sheet "CareCommunicat -> XDIS91+MedBin"): an attachment with data becomes a Reference/BIN in the XDIS91 (UUID
// without hyphens) and a BinaryObject in the one XBIN01 (UUID with hyphens); an attachment with a url becomes a
// Reference/URL; an earlier attachment a reply carries by identifier only (governance rule 6) travels as a line at the
// end of the text (test protocol S2.A2, MedCom's note of 19.01.26).
import { DETACHED_PREFIX } from "../detached.js";
import type { BinaryObject, OioReference } from "../oioxml/model.js";
import { withHyphens, withoutHyphens, withoutUrnUuid } from "../oioxml/ids.js";
import { stripWhitespace } from "../oioxml/simple-types.js";
import type { Segment } from "../readers/index.js";
import { error, warning, type Issue } from "../../util/issues.js";
import { fileTypeOfMime } from "./mime.js";
import { clip } from "./to-legacy-text.js";

/** XDIS91 Reference and XBIN01 BinaryObject occur at most 10 times (use cases Forudsætning 5). */
export const MAX_ATTACHMENTS = 10;
/** Reference/URL is String_1_350. */
const MAX_URL = 350;

export interface LegacyAttachments {
  references: OioReference[];
  objects: BinaryObject[];
  /** Lines for the end of the text: links too long for Reference/URL, then earlier attachments by identifier only. */
  textLines: string[];
}

/** Bytes a base64 text stands for (whitespace ignored), or undefined when it is not whole base64 quads. */
export function decodedLength(base64: string): { bytes: number; compact: string } | undefined {
  // One pass over the characters (attachments run to megabytes), as the XBIN01 reader strips them.
  const compact = stripWhitespace(base64);
  if (compact.length === 0 || compact.length % 4 !== 0) return undefined;
  const padding = compact.endsWith("==") ? 2 : compact.endsWith("=") ? 1 : 0;
  return { bytes: (compact.length / 4) * 3 - padding, compact };
}

/** A detached attachment's size by its token (the token kept as the text), or inline base64's decodedLength. */
function sizeOf(data: string, detached: DetachedSizes): { bytes: number; compact: string } | undefined {
  if (!data.startsWith(DETACHED_PREFIX)) return decodedLength(data);
  const known = detached.get(data);
  return known === undefined ? undefined : { bytes: known.size, compact: data };
}

/** The hyphenated lower-case UUID of a segment identifier (`urn:uuid:…`), or undefined. */
function uuidOf(id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  const bare = withoutUrnUuid(id);
  return bare.length === 36 ? withHyphens(withoutHyphens(bare)) : undefined;
}

/**
 * The decoded sizes of a stored letter's detached attachments by token (issue 17): their facts when the letter was
 * just accepted (DetachedAttachments fits), or BlobStore.size(id) per token for a stored one (the caller looks them
 * up, as it is asynchronous and this conversion is pure).
 */
export type DetachedSizes = ReadonlyMap<string, { readonly size: number }>;

/**
 * `detached`: the sizes of the letter's detached attachments. A detached attachment's BinaryObject keeps the token as
 * its `base64`: whoever writes the XBIN01 expands it into the blob's base64 as it streams (helper "out", issue 17).
 */
export function legacyAttachments(
  segments: readonly Segment[],
  detached: DetachedSizes = new Map(),
): { value: LegacyAttachments; issues: Issue[] } {
  const issues: Issue[] = [];
  const out: LegacyAttachments = { references: [], objects: [], textLines: [] };
  const earlierLines: string[] = [];
  segments.forEach((segment, index) => {
    const attachment = segment.attachment;
    if (segment.kind !== "attachment" || attachment === undefined) return;
    const path = `Communication.payload[${index}].contentAttachment`;
    const title = clip(attachment.title, 70);
    if ((attachment.data ?? "") !== "") {
      const uuid = uuidOf(segment.id);
      const size = sizeOf(attachment.data ?? "", detached);
      if (uuid === undefined || size === undefined || size.bytes === 0) {
        issues.push(
          error(
            "legacy-attachment",
            path,
            uuid === undefined
              ? "An attachment needs a urn:uuid identifier: it is the XBIN01 ObjectIdentifier (LEGACY.md §3)."
              : (attachment.data ?? "").startsWith(DETACHED_PREFIX)
                ? "The attachment's data is stored apart from the letter, and its size was not given to the conversion."
                : "The attachment's data is not base64 of at least one byte (XBIN01 OriginalObjectSize is positive).",
          ),
        );
        return;
      }
      const known = fileTypeOfMime(attachment.contentType ?? "");
      if (known === undefined) {
        issues.push(
          warning(
            "legacy-attachment-type",
            `${path}.contentType`,
            "No XDIS91 ObjectExtensionCode for this content type: sent as bin / proprietaert_indhold.",
          ),
        );
      }
      const { extension, code } = known ?? { extension: "bin", code: "proprietaert_indhold" as const };
      out.references.push({
        description: title ?? "Vedhæftet fil",
        bin: {
          objectIdentifier: withoutHyphens(uuid),
          objectCode: code,
          extensionCode: extension,
          originalSize: size.bytes,
        },
      });
      out.objects.push({
        objectIdentifier: uuid,
        objectCode: code,
        extensionCode: extension,
        originalSize: size.bytes,
        base64: size.compact,
      });
    } else if ((attachment.url ?? "") !== "") {
      const url = attachment.url ?? "";
      if ([...url].length <= MAX_URL) out.references.push({ description: title ?? "Link", url });
      else out.textLines.push(`Link${title === undefined ? "" : ` (${title})`}: ${url}`);
    } else {
      // A reply carries earlier attachments without data or url (governance rule 6): the receiver has them from the
      // earlier letter, where the XDIS91 reference had this identifier without hyphens.
      const uuid = uuidOf(segment.id);
      const id = uuid === undefined ? "" : `, bilags-id ${withoutHyphens(uuid)}`;
      earlierLines.push(`Bilag fra tidligere meddelelse (sendes ikke igen): ${title ?? "uden titel"}${id}`);
    }
  });
  // The earlier attachments last: "a reference to the attachment in the end of the message string" (S2.A2).
  out.textLines.push(...earlierLines);
  if (out.references.length > MAX_ATTACHMENTS) {
    issues.push(
      error(
        "legacy-too-many-attachments",
        "Communication.payload",
        `The message has ${out.references.length} attachments; XDIS91 and XBIN01 hold at most ${MAX_ATTACHMENTS} ` +
          "(MedCom: at most 10 attachments while the conversion service runs, use cases Forudsætning 5).",
      ),
    );
  }
  return { value: out, issues };
}
