// VANS over a pair of local folders (issue 16): the usual VANS client set-up, where the provider's software picks up
// envelopes from the outbox and drops the network's envelopes in the inbox. Both are folders another system writes
// to, so they are handled like the file-drop inbox (issue 11, points 1 and 3; src/fs/safe-files.ts): a folder is
// opened refusing symbolic links and every name is reached through the open folder; an envelope is written under a
// hidden random temporary name, fsync'd and renamed (the provider never picks up half a file); only regular files
// with one name and within the size limit are read; names from the inbox are used only when plainly safe.
//
// A folder that cannot be used (missing, unwritable, a link, a full disk) is an outage of the network connection:
// VansUnreachable, which the adapter retries under the circuit breaker. The outbox is never created: a missing one
// is usually a share not mounted, and creating it would write envelopes to the local disk where nobody picks them up.
import { randomUUID } from "node:crypto";
import { rename, rm } from "node:fs/promises";
import {
  isFree,
  isSafeFileName,
  openFolder,
  readRegularFile,
  writeInFolder,
  type Folder,
} from "../../src/fs/safe-files.js";
import { shownValue } from "../../src/medcom/ids.js";
import { VansUnreachable, type VansTransport } from "./transport.js";

const REJECTED = "rejected";
const REPORT = ".problem.txt";
/** Names the provider's client may use while it writes a file (besides hidden ones). */
const TEMPORARY_SUFFIXES = [".tmp", ".part", ".partial"];

export interface FolderTransportOptions {
  outbox: string;
  inbox: string;
}

const errorCode = (err: unknown): string =>
  (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));

/** Run `use` on the folder opened afresh (a remounted share is seen), any failure an outage of the connection. */
async function inFolder<T>(dir: string, what: string, use: (folder: Folder) => Promise<T>): Promise<T> {
  let folder: Folder;
  try {
    folder = await openFolder(dir);
  } catch (err) {
    throw new VansUnreachable(`the VANS ${what} folder cannot be opened (${errorCode(err)})`);
  }
  try {
    return await use(folder);
  } catch (err) {
    if (err instanceof VansUnreachable) throw err;
    throw new VansUnreachable(`the VANS ${what} folder cannot be used (${errorCode(err)})`);
  } finally {
    await folder.close().catch(() => undefined);
  }
}

const isMissing = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === "ENOENT";

/** Move `name` to rejected/ with `report` beside it (written first, so a watcher finds the reason with the file). */
async function moveToRejected(inbox: Folder, name: string, report: string): Promise<void> {
  const from = inbox.path(name); // a name the folder cannot address is refused before anything is written
  const rejected = await openFolder(inbox.path(REJECTED), { create: true });
  try {
    const plain = isSafeFileName(`${name}${REPORT}`);
    const free = plain && (await isFree(rejected, name)) && (await isFree(rejected, `${name}${REPORT}`));
    const kept = free ? name : `refused-${randomUUID()}`;
    await writeInFolder(rejected, `${kept}${REPORT}`, `file: ${shownValue(name)}\n${report}\n`);
    await rename(from, rejected.path(kept));
    await rejected.sync();
    await inbox.sync();
  } finally {
    await rejected.close();
  }
}

export function folderTransport(options: FolderTransportOptions): VansTransport {
  const { outbox, inbox } = options;
  return {
    async put(name, bytes) {
      // The gateway's own name (`<EnvelopeIdentifier>.xml`); a bad one is a bug, refused before any folder is touched.
      if (!isSafeFileName(name)) throw new RangeError("a VANS envelope is written only under a plain name");
      await inFolder(outbox, "outbox", (folder) => writeInFolder(folder, name, bytes));
    },

    async list() {
      return inFolder(inbox, "inbox", async (folder) => {
        const names: string[] = [];
        for (const entry of await folder.list()) {
          const { name } = entry;
          if (name.startsWith(".") || entry.isDirectory()) continue;
          if (TEMPORARY_SUFFIXES.some((suffix) => name.endsWith(suffix))) continue;
          // A name that is not plainly safe is never handed on (it could reach a log or a key): set aside at once.
          // One that cannot even be moved (a backslash, which the folder refuses to name) is left where it is: it
          // must not stop the files behind it.
          if (!isSafeFileName(name)) {
            await moveToRejected(folder, name, "refused: the file name is not a plain name").catch(() => undefined);
            continue;
          }
          names.push(name);
        }
        return names.sort();
      });
    },

    async read(name, maxBytes) {
      if (!isSafeFileName(name)) return { ok: false, reason: "not a plain file name" };
      return inFolder(inbox, "inbox", async (folder) => {
        try {
          const read = await readRegularFile(folder, name, maxBytes);
          return read.ok ? { ok: true, bytes: read.bytes } : { ok: false, reason: read.reason };
        } catch (err) {
          // Another worker handled it meanwhile: nothing to read, nothing to do.
          if (isMissing(err)) return { ok: false, reason: "the file is gone (handled elsewhere)" };
          throw err;
        }
      });
    },

    async remove(name) {
      if (!isSafeFileName(name)) throw new RangeError("not a plain file name");
      await inFolder(inbox, "inbox", async (folder) => {
        await rm(folder.path(name), { force: true });
        await folder.sync();
      });
    },

    async reject(name, report) {
      if (!isSafeFileName(name)) throw new RangeError("not a plain file name");
      await inFolder(inbox, "inbox", async (folder) => {
        if (await isFree(folder, name)) return; // handled elsewhere meanwhile
        await moveToRejected(folder, name, report);
      });
    },

    async close() {
      // Nothing is held open between calls.
    },
  };
}
