// The few SFTP requests the transport makes on the raw channel (ssh2's SFTPWrapper) rather than through
// ssh2-sftp-client's promise API, each for a reason the promise API cannot meet: lstat (its stat follows links), the
// listing's mode bits (its `type` comes from the `ls -l` text, whose format is the server's own), a read with an upper
// bound (a growing file is not read without end), and an upload as careful as the folder transport's: created
// exclusively (a name planted there is never written through), fsync'd where the server offers fsync@openssh.com,
// closed, and only then renamed into place by the caller.
import type { FileEntryWithStats, SFTPWrapper, Stats } from "ssh2";

/** SFTP's SSH_FX_NO_SUCH_FILE (draft-ietf-secsh-filexfer-02 §7), as ssh2 reports it. */
export const NO_SUCH_FILE = 2;
/** Written in pieces of this size (SFTP servers take at least 32 KiB per write request). */
const WRITE_CHUNK = 32 * 1024;

export const isNoSuchFile = (err: unknown): boolean => (err as { code?: unknown }).code === NO_SUCH_FILE;

/** lstat; a missing name is "gone". */
export function lstat(sftp: SFTPWrapper, path: string): Promise<Stats | "gone"> {
  return new Promise((resolve, reject) =>
    sftp.lstat(path, (err, stats) => {
      if (!err) resolve(stats);
      else if (isNoSuchFile(err)) resolve("gone");
      else reject(err);
    }),
  );
}

/** The folder's entries with their attributes. */
export function readdir(sftp: SFTPWrapper, path: string): Promise<FileEntryWithStats[]> {
  return new Promise((resolve, reject) => sftp.readdir(path, (err, list) => (err ? reject(err) : resolve(list))));
}

/** Read at most `limit` bytes of `path` from its start. */
export function readAtMost(sftp: SFTPWrapper, path: string, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    // ssh2's `end` is inclusive: bytes 0 … limit-1.
    const stream = sftp.createReadStream(path, { start: 0, end: limit - 1 });
    stream.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
    });
    stream.once("error", reject);
    stream.once("end", () => resolve(Buffer.concat(chunks, length)));
  });
}

const call = <T>(fn: (cb: (err: Error | null | undefined, value?: T) => void) => void): Promise<T | undefined> =>
  new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));

/** Create `path` exclusively (0640), write `bytes` (whole, or in pieces as they come: issue 17), fsync where offered,
 *  close. */
export async function writeNewFile(
  sftp: SFTPWrapper,
  path: string,
  bytes: Uint8Array | AsyncIterable<Uint8Array>,
): Promise<void> {
  const handle = await call<Buffer>((cb) => sftp.open(path, "wx", { mode: 0o640 }, cb));
  if (!handle) throw new Error("the SFTP server gave no file handle");
  try {
    let position = 0;
    for await (const piece of bytes instanceof Uint8Array ? [bytes] : bytes) {
      const data = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
      for (let at = 0; at < data.length; at += WRITE_CHUNK) {
        const length = Math.min(WRITE_CHUNK, data.length - at);
        const offset = position + at;
        await call((cb) => sftp.write(handle, data, at, length, offset, cb));
      }
      position += data.length;
    }
    await fsync(sftp, handle);
  } finally {
    await call((cb) => sftp.close(handle, cb)).catch(() => undefined);
  }
}

/** fsync@openssh.com where the server has it; elsewhere the server's own close is all there is. */
function fsync(sftp: SFTPWrapper, handle: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      sftp.ext_openssh_fsync(handle, (err) => (err ? reject(err) : resolve()));
    } catch {
      resolve(); // ssh2 throws at once when the server did not offer the extension
    }
  });
}
