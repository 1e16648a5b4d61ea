// The VANS transport over SFTP to the provider (issue 16, point 1; the plan's item 5): the provider's outbox and inbox
// are folders on its SFTP server. The same promises as the folder transport (tests/support/contracts/vans-transport.ts
// runs one suite on both):
// - put: uploaded under a hidden temporary name, then renamed, so the provider never picks up half an envelope
//   (LEGACY.md §5: the provider takes whole files; a dot-name is skipped by its pick-up as by ours);
// - list: plain files with safe names only (isSafeFileName): hidden and temporary names, folders (rejected/), links
//   and anything oddly named are left where they are;
// - read: only a regular file (lstat: a link is not followed) of at most maxBytes, read with a bound so a file that
//   grows meanwhile is refused rather than read without end;
// - remove: a name already gone is fine (two pollers may race);
// - reject: moved to the inbox's rejected/ with its report beside it (`<name>.report.txt`).
// Every failure is VansUnreachable (sftp-session.ts), so the adapter retries under the circuit breaker.
import { randomBytes, randomUUID } from "node:crypto";
import { posix } from "node:path";
import type { Stats } from "ssh2";
import { isSafeFileName, UnsafePathError } from "../safe-files.js";
import { SftpSession, type SftpConnection, type SftpSettings } from "./sftp-session.js";
import type { VansTransport } from "./transport.js";

export interface SftpTransportSettings extends SftpSettings {
  /** The provider's folder the gateway puts envelopes in. */
  outbox: string;
  /** The provider's folder envelopes for the gateway arrive in. */
  inbox: string;
}

const REJECTED = "rejected";
const REPORT = ".report.txt";

/** Open the VANS transport over SFTP; nothing is connected until the first call. */
export function sftpTransport(settings: SftpTransportSettings): VansTransport {
  const session = new SftpSession(settings);
  const outbox = (name: string) => posix.join(settings.outbox, checked(name));
  const inbox = (name: string) => posix.join(settings.inbox, checked(name));
  const rejected = posix.join(settings.inbox, REJECTED);

  return {
    async put(name, bytes) {
      const path = outbox(name); // checked before anything is sent: a bad name is the caller's error, not an outage
      await session.use("put", ({ client }) => upload(client, settings.outbox, path, bytes));
    },

    list: () =>
      session.use("list", async ({ client }) =>
        (await client.list(settings.inbox)).filter((e) => e.type === "-" && isSafeFileName(e.name)).map((e) => e.name),
      ),

    async read(name, maxBytes) {
      const path = inbox(name);
      return session.use("read", async (connection) => {
        const stats = await lstat(connection, path);
        if (!stats.isFile()) return { ok: false, reason: "not a regular file; links are never followed" };
        if (stats.size > maxBytes) return { ok: false, reason: `larger than the limit of ${maxBytes} bytes` };
        // One byte more than the limit is asked for: a file that grew past it since the lstat shows.
        const bytes = await readAtMost(connection, path, maxBytes + 1);
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
      await session.use("reject", async ({ client }) => {
        await ensureFolder(client, rejected);
        // An earlier refused file of the same name (and its report) is kept: the newcomer gets a name of its own.
        const plain = isSafeFileName(`${name}${REPORT}`) && !(await taken(client, rejected, name));
        const kept = plain ? name : `refused-${randomUUID()}`;
        // The report first, so whoever finds the file finds the reason beside it.
        await upload(client, rejected, posix.join(rejected, `${kept}${REPORT}`), Buffer.from(report, "utf8"));
        await client.rename(path, posix.join(rejected, kept));
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
async function upload(client: SftpConnection["client"], folder: string, target: string, bytes: Uint8Array) {
  const temporary = posix.join(folder, `.${randomBytes(16).toString("hex")}.tmp`);
  try {
    await client.put(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), temporary);
    await client.rename(temporary, target);
  } catch (err) {
    await client.delete(temporary, true).catch(() => undefined);
    throw err;
  }
}

async function taken(client: SftpConnection["client"], folder: string, name: string): Promise<boolean> {
  // One after the other: each library call holds listeners on the connection (see CONCURRENT_CALLS).
  if ((await client.exists(posix.join(folder, name))) !== false) return true;
  return (await client.exists(posix.join(folder, `${name}${REPORT}`))) !== false;
}

/** `rejected/` is made when missing; anything else under that name (a file, a link) is refused, never followed. */
async function ensureFolder(client: SftpConnection["client"], folder: string): Promise<void> {
  const found = await client.exists(folder);
  if (found === false) await client.mkdir(folder);
  else if (found !== "d") throw new UnsafePathError(`the inbox's ${REJECTED} is not a folder`);
}

function lstat({ sftp }: SftpConnection, path: string): Promise<Stats> {
  return new Promise((resolve, reject) => sftp.lstat(path, (err, stats) => (err ? reject(err) : resolve(stats))));
}

/** Read at most `limit` bytes of `path` from its start. */
function readAtMost({ sftp }: SftpConnection, path: string, limit: number): Promise<Buffer> {
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
