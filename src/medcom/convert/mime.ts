// The one table of legacy file types: ObjectExtensionCode, MIME type and ObjectCode (LEGACY.md §6.3, §6.6, decision
// §10.5). Both directions are derived from it, so XDIS91 → CC and CC → XDIS91 cannot drift apart and an attachment
// goes round unchanged. MedCom gives no table: CareCommunication's six MIME types (medcom-core-attachmentMimeTypes)
// follow the file extensions, with the ObjectCodes of use cases §4.6.2 (pdf → vektor_grafik, images → billede; bmp →
// billede by analogy, LEGACY.md §6.6); every other code of GeneralTypes.xsd's enumeration gets its registered (or,
// without one, its customary) media type and OS2korrespondance's ObjectCode (LEGACY.md §2.5), because MedCom converts
// every XBIN file type and leaves the refusal to the receiver (use case S1.A4, Forudsætning 6).
import type { ObjectCode } from "../oioxml/model.js";

interface FileType {
  /** The ObjectExtensionCode CC → XDIS91 writes for the MIME type. */
  extension: string;
  /** The MIME type XDIS91 → CC gives the extension. */
  mime: string;
  code: ObjectCode;
  /** Further extensions read as this type (never written). */
  alsoExtensions?: readonly string[];
  /** Further MIME types written as this extension (never produced). */
  alsoMimes?: readonly string[];
}

const FILE_TYPES: readonly FileType[] = [
  // CareCommunication's six.
  { extension: "pdf", mime: "application/pdf", code: "vektor_grafik" },
  { extension: "gif", mime: "image/gif", code: "billede" },
  { extension: "jpeg", mime: "image/jpeg", code: "billede", alsoExtensions: ["jpg"] },
  { extension: "png", mime: "image/png", code: "billede" },
  { extension: "tiff", mime: "image/tiff", code: "billede", alsoExtensions: ["tif"] },
  { extension: "bmp", mime: "image/bmp", code: "billede" },
  // The rest of the ObjectExtensionCode enumeration.
  { extension: "pcx", mime: "image/vnd.zbrush.pcx", code: "billede" },
  { extension: "dcm", mime: "application/dicom", code: "billede" },
  { extension: "txt", mime: "text/plain", code: "tekstfil" },
  { extension: "rtf", mime: "application/rtf", code: "tekstfil", alsoMimes: ["text/rtf"] },
  { extension: "doc", mime: "application/msword", code: "tekstfil" },
  { extension: "xls", mime: "application/vnd.ms-excel", code: "tekstfil" },
  { extension: "wpd", mime: "application/vnd.wordperfect", code: "tekstfil" },
  { extension: "wav", mime: "audio/wav", code: "multimedie", alsoMimes: ["audio/x-wav"] },
  { extension: "mid", mime: "audio/midi", code: "multimedie", alsoExtensions: ["rmi"] },
  { extension: "mpg", mime: "video/mpeg", code: "multimedie" },
  { extension: "avi", mime: "video/x-msvideo", code: "multimedie" },
  { extension: "zip", mime: "application/zip", code: "proprietaert_indhold" },
  // Executables, SCP-ECG, `bin`, `inh` and anything unknown: opaque bytes.
  { extension: "bin", mime: "application/octet-stream", code: "proprietaert_indhold" },
];

/** Executables, SCP-ECG, `bin`, `inh` and anything unknown: opaque bytes. */
export const DEFAULT_MIME = "application/octet-stream";

const BY_EXTENSION: ReadonlyMap<string, string> = new Map(
  FILE_TYPES.flatMap((t) => [t.extension, ...(t.alsoExtensions ?? [])].map((e) => [e, t.mime] as const)),
);

const BY_MIME: ReadonlyMap<string, { extension: string; code: ObjectCode }> = new Map(
  FILE_TYPES.flatMap((t) =>
    [t.mime, ...(t.alsoMimes ?? [])].map((m) => [m, { extension: t.extension, code: t.code }] as const),
  ),
);

/** XDIS91/XBIN01 ObjectExtensionCode → Attachment.contentType (case and surrounding blanks ignored). */
export function mimeOfExtension(extensionCode: string): string {
  return BY_EXTENSION.get(extensionCode.trim().toLowerCase()) ?? DEFAULT_MIME;
}

/** Attachment.contentType → ObjectExtensionCode and ObjectCode (case ignored), or undefined for an unknown type. */
export function fileTypeOfMime(contentType: string): { extension: string; code: ObjectCode } | undefined {
  return BY_MIME.get(contentType.toLowerCase());
}
