// Files in folders the gateway shares with other systems (file-drop out-folders, inboxes and their `rejected/`) and
// in its own data directory (audit checkpoints): nothing another system puts in such a folder may redirect the
// gateway to write or read elsewhere (issue 11, points 1, 3 and 5). So: a folder is opened once, refusing a symbolic link (O_DIRECTORY | O_NOFOLLOW), and every name
// is then reached through that open folder (Linux's /proc/self/fd/N, the `openat` Node lacks), so swapping the folder
// for a link afterwards changes nothing; names are single path components, checked and resolved inside the folder;
// files are created exclusively (O_CREAT | O_EXCL | O_NOFOLLOW) under a random temporary name, fsync'd, renamed into
// place, and the folder fsync'd, so a crash never leaves an empty or half file under its final name (POSIX rename(2)).
import { randomBytes } from "node:crypto";
import { constants, existsSync, type Dirent } from "node:fs";
import { lstat, mkdir, open, readdir, rename, rm, type FileHandle } from "node:fs/promises";
import { resolve, sep } from "node:path";

export const FILE_MODE = 0o640;
export const FOLDER_MODE = 0o750;

/** Letters, digits, `.`, `_` and `-`, starting with a letter or digit, at most 200 characters (no `..`, no `/`). */
const SAFE_NAME = /^[A-Za-z0-9][\w.-]{0,199}$/;

/** A name the gateway may give a file it writes: one harmless path component (not hidden, no traversal). */
export function isSafeFileName(name: string): boolean {
  return SAFE_NAME.test(name) && !name.includes("..");
}

/** A folder or name that would take the gateway outside the folder it was given. Never worth a retry. */
export class UnsafePathError extends Error {
  readonly code = "EUNSAFEPATH";
  constructor(message: string) {
    super(message);
    this.name = "UnsafePathError";
  }
}

/** Where /proc/self/fd exists (Linux), a name is reached through the open folder itself. */
const PROC_FD = existsSync("/proc/self/fd");

export interface Folder {
  /** The folder as configured (for messages). */
  readonly dir: string;
  /** The path of `name` inside this very folder (the one opened, even if the path was swapped since). */
  path(name: string): string;
  /** The names in the folder, with their types as the folder lists them (links are not followed). */
  list(): Promise<Dirent[]>;
  /** Where names are reached by path (no /proc), refuse if the path no longer leads to the folder opened. */
  verify(): Promise<void>;
  /** fsync the folder, so renames into and out of it survive a crash. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** Take away any permission beyond `mode` (and set-id/sticky bits); never add one. */
async function narrow(handle: FileHandle, mode: number): Promise<void> {
  const now = (await handle.stat()).mode & 0o7777;
  if (now & ~mode) await handle.chmod(now & mode);
}

/** A single path component: no separator, no NUL, not `.` or `..`. */
function assertComponent(dir: string, name: string): void {
  if (name === "" || name === "." || name === ".." || name.includes("/") || name.includes("\\") || name.includes("\0"))
    throw new UnsafePathError("a file name must be a single path component");
  // Resolved, the file must sit directly in its folder (defence in depth for the check above).
  const folder = resolve(dir);
  if (resolve(folder, name) !== `${folder === sep ? "" : folder}${sep}${name}`)
    throw new UnsafePathError("a file name resolves outside its folder");
}

/**
 * Open `dir`, refusing a symbolic link or anything that is not a folder (UnsafePathError). With `create`, a missing
 * folder is created with mode 0750 first. A missing folder without `create` rejects with ENOENT.
 */
export async function openFolder(dir: string, options: { create?: boolean; own?: boolean } = {}): Promise<Folder> {
  const made = options.create ? await mkdir(dir, { recursive: true, mode: FOLDER_MODE }) : undefined;
  let handle: FileHandle;
  try {
    handle = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ELOOP" || code === "ENOTDIR")
      throw new UnsafePathError("the folder is a symbolic link or not a folder; links are never followed");
    throw err;
  }
  const base = PROC_FD ? `/proc/self/fd/${handle.fd}` : dir;
  let verify: () => Promise<void>;
  try {
    // The umask may have narrowed a new folder: exactly 0750. A folder only the gateway uses (`own`, e.g. its audit
    // folder) loses any permission beyond 0750 whenever found with one (never widened: an operator's 0700 stays),
    // so nobody else on the host can add or swap names in it.
    if (made !== undefined) await handle.chmod(FOLDER_MODE);
    else if (options.own) await narrow(handle, FOLDER_MODE);
    const opened = await handle.stat();
    // Without /proc the path is used again later: it must still be the folder opened (same device and inode).
    verify = async () => {
      if (PROC_FD) return;
      const now = await lstat(dir);
      if (!now.isDirectory() || now.dev !== opened.dev || now.ino !== opened.ino)
        throw new UnsafePathError("the folder was replaced while in use");
    };
    await verify();
  } catch (err) {
    await handle.close();
    throw err;
  }
  return {
    dir,
    path(name) {
      assertComponent(dir, name);
      return `${base}/${name}`;
    },
    async list() {
      await verify();
      return readdir(base, { withFileTypes: true });
    },
    verify,
    sync: () => handle.sync(),
    close: () => handle.close(),
  };
}

/** What is written: text (UTF-8), bytes, or bytes in pieces (a streamed document, issue 17: never whole in memory). */
export type FileData = string | Uint8Array | AsyncIterable<Uint8Array>;

/** Write `data` as `name` in an open folder: exclusively created random temporary file, fsync, rename, fsync. */
export async function writeInFolder(folder: Folder, name: string, data: FileData): Promise<void> {
  if (!isSafeFileName(name)) throw new UnsafePathError("the gateway writes only plainly named files");
  const target = folder.path(name);
  // A hidden, unguessable temporary name: receivers' watchers ignore dot-files, and nobody can plant a link there.
  const temporary = folder.path(`.${randomBytes(16).toString("hex")}.tmp`);
  await folder.verify();
  const file = await open(
    temporary,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    FILE_MODE,
  );
  try {
    try {
      await file.chmod(FILE_MODE); // exactly 0640 whatever the umask
      if (typeof data === "string" || data instanceof Uint8Array) await file.writeFile(data);
      else for await (const piece of data) await writeAll(file, piece);
      await file.sync();
    } finally {
      await file.close();
    }
    await folder.verify();
    await rename(temporary, target); // replaces a link planted under the final name; never writes through it
    await folder.sync();
  } catch (err) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** One piece at the file's position, repeated until all of it is written (a write may take less than asked). */
async function writeAll(file: FileHandle, piece: Uint8Array): Promise<void> {
  for (let at = 0; at < piece.byteLength;) {
    const { bytesWritten } = await file.write(piece, at, piece.byteLength - at);
    at += bytesWritten;
  }
}

/** Write `data` as `name` in `dir` (created 0750 if missing), the safe way (see writeInFolder). */
export async function writeFileAtomically(dir: string, name: string, data: FileData): Promise<void> {
  const folder = await openFolder(dir, { create: true });
  try {
    await writeInFolder(folder, name, data);
  } finally {
    await folder.close();
  }
}

export type ReadOutcome =
  { ok: true; bytes: Buffer } | { ok: false; code: "file-not-regular" | "file-too-large"; reason: string };

/**
 * Read `name` from an open folder only if it is a regular file with one name of at most `maxBytes`: a link is not
 * followed (O_NOFOLLOW), a FIFO or device is not waited on (O_NONBLOCK, then fstat), a hard link is refused, and a
 * file growing while read is refused.
 */
export async function readRegularFile(folder: Folder, name: string, maxBytes: number): Promise<ReadOutcome> {
  let file: FileHandle;
  await folder.verify();
  try {
    file = await open(folder.path(name), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ELOOP")
      return { ok: false, code: "file-not-regular", reason: "a symbolic link, not a file; links are never followed" };
    throw err;
  }
  try {
    const stat = await file.stat();
    if (!stat.isFile()) return { ok: false, code: "file-not-regular", reason: "not a regular file" };
    // A second name means someone linked a file in from elsewhere (it may be one the gateway can read and they
    // cannot); like Postfix's safe_open, only a file with one name is taken.
    if (stat.nlink !== 1)
      return { ok: false, code: "file-not-regular", reason: "a file with more than one name (a hard link)" };
    if (stat.size > maxBytes)
      return { ok: false, code: "file-too-large", reason: `larger than the limit of ${maxBytes} bytes` };
    const buffer = Buffer.alloc(stat.size + 1); // one byte more than announced: growth shows
    let length = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) break;
    }
    if (length > stat.size) return { ok: false, code: "file-too-large", reason: "the file grew while it was read" };
    return { ok: true, bytes: buffer.subarray(0, length) };
  } finally {
    await file.close();
  }
}

/**
 * Append `data` to `name` in an open folder: opened O_APPEND | O_CREAT | O_NOFOLLOW (a link planted at the name is
 * refused, never written through), only a regular file with one name, set to 0640, fsync'd, and the folder fsync'd
 * (a new name survives a crash). Each call is one write(2) on an O_APPEND file: appenders in several processes do not
 * overwrite each other's lines.
 */
export async function appendInFolder(folder: Folder, name: string, data: string | Uint8Array): Promise<void> {
  if (!isSafeFileName(name)) throw new UnsafePathError("the gateway writes only plainly named files");
  await folder.verify();
  let file: FileHandle;
  try {
    file = await open(
      folder.path(name),
      constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK,
      FILE_MODE,
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ELOOP")
      throw new UnsafePathError("a symbolic link where the gateway appends to a file; links are never followed");
    throw err;
  }
  try {
    const stat = await file.stat();
    if (!stat.isFile() || stat.nlink !== 1)
      throw new UnsafePathError("not a regular file with one name where the gateway appends to a file");
    await narrow(file, FILE_MODE); // at most 0640 whatever the umask or an earlier chmod
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    const { bytesWritten } = await file.write(bytes);
    if (bytesWritten !== bytes.length) throw new Error("a short write (is the disk full?)");
    await file.sync();
  } finally {
    await file.close();
  }
  await folder.sync();
}

/**
 * Open `name` in an open folder for reading, only if it is a regular file: a link is not followed and a FIFO or
 * device is not waited on (UnsafePathError). A missing file rejects with ENOENT.
 */
export async function openRegularFile(folder: Folder, name: string): Promise<FileHandle> {
  await folder.verify();
  let file: FileHandle;
  try {
    file = await open(folder.path(name), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ELOOP")
      throw new UnsafePathError("a symbolic link, not a file; links are never followed");
    throw err;
  }
  if (!(await file.stat()).isFile()) {
    await file.close();
    throw new UnsafePathError("not a regular file");
  }
  return file;
}

/** Nothing has `name` in the folder (rename(2) would replace it silently). */
export async function isFree(folder: Folder, name: string): Promise<boolean> {
  try {
    await lstat(folder.path(name));
    return false;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw err;
  }
}
