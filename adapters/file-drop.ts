// `file-drop`: the message is written into the receiver's directory atomically — an exclusive random temporary file,
// fsync'd, then renamed — and named by MessageHeader.id, so a receiver never reads half a file and a second write is
// harmless. The name is made from the message id only after it is checked as a UUID (isMessageId), never from any
// other text of the Bundle, and the folder is never reached through a symbolic link (issue 11, points 1 and 3).
// A FHIR message is one file, `<id>.xml` or `<id>.json`; a legacy location's OIOXML documents are one file each,
// `<id>.xdis91.xml`, `<id>.xbin01.xml`, `<id>.xctl.xml`, `<id>.xctl-2.xml` … (issue 15), each written atomically, in
// order. Each is a whole Emessage of its own: a legacy reader pairs XDIS91 and XBIN01 by the attachment's
// ObjectIdentifier and must already accept either first (LEGACY.md §3), so a crash between two files is repaired by
// the retry, which writes them all again.
import { isMessageId } from "../src/medcom/ids.js";
import { UnsafePathError, writeFileAtomically } from "./safe-files.js";
import {
  ContentGoneError,
  DocumentsRefused,
  documentLabels,
  type DeliveryAdapter,
  type DeliveryDocument,
} from "./types.js";

const FHIR_EXTENSION = { "application/fhir+xml": "xml", "application/fhir+json": "json", "application/xml": "xml" };

/** Errors that a later attempt may get past (a full disk, a busy or briefly missing network share). */
const TRANSIENT = new Set(["ENOSPC", "EBUSY", "EAGAIN", "EIO", "ETIMEDOUT", "ENOENT", "EMFILE", "ENFILE"]);

/** The file names of a message's documents: only the checked message id, fixed part names and a counter. */
export function dropFileNames(messageId: string, documents: readonly DeliveryDocument[]): string[] {
  const labels = documentLabels(documents);
  return documents.map((d, i) =>
    d.part === "fhir" ? `${messageId}.${FHIR_EXTENSION[d.mediaType]}` : `${messageId}.${labels[i] ?? d.part}.xml`,
  );
}

export function fileDropAdapter(dir: string): DeliveryAdapter {
  return {
    name: "file-drop",
    async deliver({ messageId, documents }) {
      // Defence in depth: the entrance checks the id too, but a file name is never built from unchecked text.
      if (!isMessageId(messageId))
        return { outcome: "rejected", reason: "the message id is not a UUID, so no file name is made from it" };
      try {
        const docs = await documents();
        const names = dropFileNames(messageId, docs);
        for (const [i, d] of docs.entries())
          await writeFileAtomically(dir, names[i] ?? "", d.stream ? unreadableAsRetry(d.stream.open()) : d.bytes);
        return { outcome: "delivered", detail: `written as ${names.join(", ")}` };
      } catch (err) {
        if (err instanceof ContentGoneError || err instanceof DocumentsRefused) throw err;
        if (err instanceof DocumentUnreadable)
          return { outcome: "retry", reason: `the document could not be read while written: ${err.message}` };
        if (err instanceof UnsafePathError)
          return { outcome: "rejected", reason: `refused to write to the receiver's directory: ${err.message}` };
        const code = (err as NodeJS.ErrnoException).code ?? "";
        const reason = `cannot write to the receiver's directory (${code || String(err)})`;
        return TRANSIENT.has(code) ? { outcome: "retry", reason } : { outcome: "rejected", reason };
      }
    },
  };
}

/** A streamed document's own read failed (a blob's chunk, issue 17): not the receiver's directory's fault. A blob that
 *  is gone for good was already refused when the document was made; what fails midway may pass on a later attempt. */
class DocumentUnreadable extends Error {}

async function* unreadableAsRetry(pieces: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    for await (const piece of pieces) yield piece;
  } catch (err) {
    throw new DocumentUnreadable(err instanceof Error ? err.message : String(err));
  }
}
