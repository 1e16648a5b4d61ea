// `file-drop`: the message is written into the receiver's directory atomically — a temporary name first, then a
// rename — and named by MessageHeader.id, so a receiver never reads half a file and a second write is harmless.
import { randomUUID } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ContentGoneError, type DeliveryAdapter } from "./types.js";

const EXTENSION = { "application/fhir+xml": "xml", "application/fhir+json": "json" } as const;

/** Errors that a later attempt may get past (a full disk, a busy or briefly missing network share). */
const TRANSIENT = new Set(["ENOSPC", "EBUSY", "EAGAIN", "EIO", "ETIMEDOUT", "ENOENT", "EMFILE", "ENFILE"]);

export function fileDropAdapter(dir: string): DeliveryAdapter {
  return {
    name: "file-drop",
    async deliver({ messageId, body, format }) {
      const name = `${messageId}.${EXTENSION[format]}`;
      // A dot-name for the temporary file: receivers' directory watchers ignore hidden files.
      const temporary = join(dir, `.${name}.${randomUUID()}.tmp`);
      try {
        await mkdir(dir, { recursive: true });
        await writeFile(temporary, await body(), { encoding: "utf8", flag: "wx", mode: 0o640 });
        await rename(temporary, join(dir, name));
        return { outcome: "delivered", detail: `written as ${name}` };
      } catch (err) {
        if (err instanceof ContentGoneError) throw err;
        await rm(temporary, { force: true }).catch(() => undefined);
        const code = (err as NodeJS.ErrnoException).code ?? "";
        const reason = `cannot write to the receiver's directory (${code || String(err)})`;
        return TRANSIENT.has(code) ? { outcome: "retry", reason } : { outcome: "rejected", reason };
      }
    },
  };
}
