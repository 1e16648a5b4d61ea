// `file-drop`: the message is written into the receiver's directory atomically — an exclusive random temporary file,
// fsync'd, then renamed — and named by MessageHeader.id, so a receiver never reads half a file and a second write is
// harmless. The name is made from the message id only after it is checked as a UUID (isMessageId), never from any
// other text of the Bundle, and the folder is never reached through a symbolic link (issue 11, points 1 and 3).
import { isMessageId } from "../src/medcom/ids.js";
import { UnsafePathError, writeFileAtomically } from "./safe-files.js";
import { ContentGoneError, type DeliveryAdapter } from "./types.js";

const EXTENSION = { "application/fhir+xml": "xml", "application/fhir+json": "json" } as const;

/** Errors that a later attempt may get past (a full disk, a busy or briefly missing network share). */
const TRANSIENT = new Set(["ENOSPC", "EBUSY", "EAGAIN", "EIO", "ETIMEDOUT", "ENOENT", "EMFILE", "ENFILE"]);

export function fileDropAdapter(dir: string): DeliveryAdapter {
  return {
    name: "file-drop",
    async deliver({ messageId, body, format }) {
      // Defence in depth: the entrance checks the id too, but a file name is never built from unchecked text.
      if (!isMessageId(messageId))
        return { outcome: "rejected", reason: "the message id is not a UUID, so no file name is made from it" };
      const name = `${messageId}.${EXTENSION[format]}`;
      try {
        await writeFileAtomically(dir, name, await body());
        return { outcome: "delivered", detail: `written as ${name}` };
      } catch (err) {
        if (err instanceof ContentGoneError) throw err;
        if (err instanceof UnsafePathError)
          return { outcome: "rejected", reason: `refused to write to the receiver's directory: ${err.message}` };
        const code = (err as NodeJS.ErrnoException).code ?? "";
        const reason = `cannot write to the receiver's directory (${code || String(err)})`;
        return TRANSIENT.has(code) ? { outcome: "retry", reason } : { outcome: "rejected", reason };
      }
    },
  };
}
