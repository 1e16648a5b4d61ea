// The VANS transport over SFTP to the provider (issue 16, point 1; the plan's item 5): the provider's outbox and inbox
// are folders on its SFTP server. The same promises as the folder transport (tests/support/contracts/vans-transport.ts
// runs one suite on both):
// - put: written under a hidden temporary name (created exclusively, fsync'd where the server offers it: sftp-raw.ts),
//   then renamed, so the provider never picks up half an envelope (a dot-name is skipped by its pick-up as by ours);
// - list: safe names only (isSafeFileName), sorted: hidden and temporary names (.tmp, .part, .partial) and folders
//   (rejected/) are left where they are; a link is listed (read() refuses it, the poller sets it aside); a file whose
//   name is not plainly safe is set aside in rejected/ at once, so it never reaches a log or a key;
// - read: only a regular file (lstat: a link is not followed) of at most maxBytes, read with a bound so a file that
//   grows meanwhile is refused rather than read without end; a name already gone is "not read", not an error;
// - remove: a name already gone is fine (two pollers may race);
// - reject: moved to the inbox's rejected/ with its report beside it (`<name>.problem.txt`); gone already: nothing.
// Every failure is VansUnreachable (sftp-session.ts), so the adapter retries under the circuit breaker.
import { randomBytes, randomUUID } from "node:crypto";
import { posix } from "node:path";
import { isSafeFileName, UnsafePathError } from "../safe-files.js";
import { shownValue } from "../../src/medcom/ids.js";
import { isNoSuchFile, lstat, readAtMost, readdir, writeNewFile } from "./sftp-raw.js";
import { SftpSession, type SftpConnection, type SftpSettings } from "./sftp-session.js";
import type { VansTransport } from "./transport.js";

export interface SftpTransportSettings extends SftpSettings {
  /** The provider's folder the gateway puts envelopes in. */
  outbox: string;
  /** The provider's folder envelopes for the gateway arrive in. */
  inbox: string;
}

type Client = SftpConnection["client"];

const REJECTED = "rejected";
const REPORT = ".problem.txt";
/** Names the provider's client may use while it writes a file (besides hidden ones), as in the folder transport. */
const TEMPORARY_SUFFIXES = [".tmp", ".part", ".partial"];
const ODD_NAME = "refused: the file name is not a plain name";

/** Open the VANS transport over SFTP; nothing is connected until the first call. */
export function sftpTransport(settings: SftpTransportSettings): VansTransport {
  const session = new SftpSession(settings);
  const outbox = (name: string) => posix.join(settings.outbox, checked(name));
  const inbox = (name: string) => posix.join(settings.inbox, checked(name));
  const rejected = posix.join(settings.inbox, REJECTED);

  return {
    async put(name, bytes) {
      const path = outbox(name); // checked before anything is sent: a bad name is the caller's error, not an outage
      await session.use("put", (connection) => upload(connection, settings.outbox, path, bytes));
    },

    list: () =>
      session.use("list", async (connection) => {
        const names: string[] = [];
        for (const { filename: name, attrs } of await readdir(connection.sftp, settings.inbox)) {
          // By the mode bits, not the listing's `ls -l` text (its format is the server's own). A link is listed like
          // a file: read() refuses it, and the poller sets it aside as for any file it cannot take.
          if (attrs.isDirectory() || name.startsWith(".")) continue;
          if (TEMPORARY_SUFFIXES.some((suffix) => name.endsWith(suffix))) continue;
          if (isSafeFileName(name)) names.push(name);
          // Set aside under a name of the gateway's own (a name no SFTP server should list, with a separator or NUL in
          // it, is not even used as a path: left alone).
          else if (!name.includes("/") && !name.includes("\0"))
            await moveToRejected(connection, rejected, posix.join(settings.inbox, name), name, ODD_NAME)
              // Gone meanwhile (another poller set it aside): nothing to do.
              .catch((err: unknown) => {
                if (!isNoSuchFile(err)) throw err;
              });
        }
        return names.sort();
      }),

    async read(name, maxBytes) {
      if (!isSafeFileName(name)) return { ok: false, reason: "not a plain file name" };
      const path = inbox(name);
      return session.use("read", async (connection) => {
        const stats = await lstat(connection.sftp, path);
        if (stats === "gone") return { ok: false, reason: "the file is gone (handled elsewhere)" };
        if (!stats.isFile()) return { ok: false, reason: "not a regular file; links are never followed" };
        if (stats.size > maxBytes) return { ok: false, reason: `larger than the limit of ${maxBytes} bytes` };
        // One byte more than the limit is asked for: a file that grew past it since the lstat shows.
        const bytes = await readAtMost(connection.sftp, path, maxBytes + 1);
        if (bytes.length > maxBytes) return { ok: false, reason: "the file grew while it was read" };
        return { ok: true, bytes };
      });
    },

    async remove(name) {
      const path = inbox(name);
      await session.use("remove", async ({ client }) => {
        await client.delete(path, true);
      });
    },

    async reject(name, report) {
      const path = inbox(name);
      await session.use("reject", async (connection) => {
        if ((await lstat(connection.sftp, path)) === "gone") return; // handled elsewhere meanwhile
        await moveToRejected(connection, rejected, path, name, report);
      });
    },

    close: () => session.close(),
  };
}

/** Names are the gateway's own (put) or came from list(); either way only a plain, safe name becomes a path. */
function checked(name: string): string {
  if (!isSafeFileName(name)) throw new UnsafePathError("a VANS file name must be a plain, safe name");
  return name;
}

/** Upload under a hidden random name in `folder`, then rename into place; the temporary file never stays behind. */
async function upload(
  { client, sftp }: SftpConnection,
  folder: string,
  target: string,
  bytes: Uint8Array | AsyncIterable<Uint8Array>,
) {
  const temporary = posix.join(folder, `.${randomBytes(16).toString("hex")}.tmp`);
  try {
    await writeNewFile(sftp, temporary, bytes);
    await client.rename(temporary, target);
  } catch (err) {
    await client.delete(temporary, true).catch(() => undefined);
    throw err;
  }
}

async function taken(client: Client, folder: string, name: string): Promise<boolean> {
  // One after the other: each library call holds listeners on the connection (see CONCURRENT_CALLS).
  if ((await client.exists(posix.join(folder, name))) !== false) return true;
  return (await client.exists(posix.join(folder, `${name}${REPORT}`))) !== false;
}

/** Move `path` to rejected/ with `report` beside it (written first, so whoever finds the file finds the reason). */
async function moveToRejected(
  connection: SftpConnection,
  rejected: string,
  path: string,
  name: string,
  report: string,
) {
  const { client } = connection;
  await ensureFolder(client, rejected);
  // An earlier refused file of the same name (and its report) is kept: the newcomer gets a name of its own.
  const plain = isSafeFileName(`${name}${REPORT}`) && !(await taken(client, rejected, name));
  const kept = plain ? name : `refused-${randomUUID()}`;
  const text = `file: ${shownValue(name)}\n${report}\n`;
  await upload(connection, rejected, posix.join(rejected, `${kept}${REPORT}`), Buffer.from(text, "utf8"));
  await client.rename(path, posix.join(rejected, kept));
}

/** `rejected/` is made when missing; anything else under that name (a file, a link) is refused, never followed. */
async function ensureFolder(client: Client, folder: string): Promise<void> {
  const found = await client.exists(folder);
  if (found === false) await client.mkdir(folder);
  else if (found !== "d") throw new UnsafePathError(`the inbox's ${REJECTED} is not a folder`);
}
