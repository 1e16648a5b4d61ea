// XDIS91/XBIN01 ObjectExtensionCode → Attachment.contentType (LEGACY.md §6.3, §6.6, decision §10.5). MedCom gives no
// table: CareCommunication's six MIME types (medcom-core-attachmentMimeTypes) follow the file extensions; every other
// code of GeneralTypes.xsd's enumeration gets its registered (or, without one, its customary) media type, because
// MedCom converts every XBIN file type and leaves the refusal to the receiver (use case S1.A4, Forudsætning 6).

const MIME: ReadonlyMap<string, string> = new Map(
  Object.entries({
    // CareCommunication's six.
    pdf: "application/pdf",
    gif: "image/gif",
    jpeg: "image/jpeg",
    jpg: "image/jpeg",
    png: "image/png",
    tiff: "image/tiff",
    tif: "image/tiff",
    bmp: "image/bmp",
    // The rest of the ObjectExtensionCode enumeration.
    pcx: "image/vnd.zbrush.pcx",
    mpg: "video/mpeg",
    dcm: "application/dicom",
    txt: "text/plain",
    rtf: "application/rtf",
    doc: "application/msword",
    xls: "application/vnd.ms-excel",
    wpd: "application/vnd.wordperfect",
    wav: "audio/wav",
    avi: "video/x-msvideo",
    mid: "audio/midi",
    rmi: "audio/midi",
    zip: "application/zip",
  }),
);

/** Executables, SCP-ECG, `bin`, `inh` and anything unknown: opaque bytes. */
export const DEFAULT_MIME = "application/octet-stream";

export function mimeOfExtension(extensionCode: string): string {
  return MIME.get(extensionCode.trim().toLowerCase()) ?? DEFAULT_MIME;
}
