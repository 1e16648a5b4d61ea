// File-drop inboxes: each location with `delivery.inbox` drops files there for the gateway to send. A file is claimed
// by renaming it (atomic, so two workers never both take it), handled, and removed; a file the gateway cannot even
// answer is moved to `rejected/` beside a `.problem.json` saying why.
//
// The inbox is a folder other systems write to, so nothing in it may redirect the gateway (issue 11, point 3): the
// inbox and `rejected/` are opened refusing symbolic links and every name is reached through the open folder
// (safe-files.ts); only regular files of at most the body limit are read (a link, FIFO or device is refused without
// being opened for reading, so a FIFO cannot hang the poller); problem reports are written exclusively under random
// temporary names. A `rejected/` that is a link (say, into another location's inbox, where a refused letter would be
// sent as that location) stops the inbox: the file is given back and nothing is moved.
import { randomUUID } from "node:crypto";
import { lstat, rename, rm } from "node:fs/promises";
import { isFree, isSafeFileName, openFolder, readRegularFile, writeInFolder, type Folder } from "../fs/safe-files.js";
import { DEFAULT_MAX_BODY_BYTES } from "../config/load.js";
import { shownValue } from "../medcom/ids.js";
import { error, type Issue } from "../util/issues.js";
import type { UseCaseDeps } from "../usecases/deps.js";
import { receiveDropped } from "../usecases/inbox/receive-dropped.js";
import { isRedisUnavailable } from "../redis/connections.js";
import { GatewayError } from "../errors.js";

export const INBOX_POLL_MS = 1_000;
const CLAIMED = ".claimed-";
const REJECTED = "rejected";
const REPORT = ".problem.json";
const XCTL02 = ".xctl02.xml";

export interface InboxOptions {
  /** The largest file read from an inbox (the HTTP body limit, GATEWAY_MAX_BODY_BYTES). */
  maxBytes?: number;
  /** A claimed file this long untouched was left by a worker that stopped mid-way: it is given back. */
  staleClaimMs?: number;
}

/** Far longer than handling one file takes; sending it again is harmless (a duplicate MessageHeader.id, R-Tek-K/L). */
const STALE_CLAIM_MS = 10 * 60_000;

export async function pollInbox(
  gln: string,
  inbox: string,
  deps: UseCaseDeps,
  options: InboxOptions = {},
): Promise<number> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  let folder: Folder;
  try {
    folder = await openFolder(inbox);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return 0; // no inbox directory (yet)
    throw err; // a link or not a folder: refused, reported by the poller
  }
  try {
    await recoverStaleClaims(folder, options.staleClaimMs ?? STALE_CLAIM_MS, deps);
    // Hidden names are temporary or claimed files (ours or the dropping system's); folders (rejected/) are not files.
    const names = (await folder.list()).filter((e) => !e.name.startsWith(".") && !e.isDirectory()).map((e) => e.name);
    let handled = 0;
    for (const name of names) {
      // The claimed name is the gateway's own, with the dropped name kept only where it is plainly safe.
      const claimed = `${CLAIMED}${randomUUID()}${isSafeFileName(name) ? `-${name}` : ""}`;
      try {
        await rename(folder.path(name), folder.path(claimed));
      } catch {
        continue; // another worker took it
      }
      await handle(gln, folder, name, claimed, maxBytes, deps);
      handled += 1;
    }
    return handled;
  } finally {
    await folder.close();
  }
}

/**
 * A worker that stopped between claiming a file and finishing with it (a crash, a kill) leaves a hidden claimed file
 * nobody would ever look at again: the letter would be lost without a word. One untouched for `staleMs` (its ctime,
 * which the claiming rename set) is given back under its dropped name, or a name of the gateway's own.
 */
async function recoverStaleClaims(folder: Folder, staleMs: number, deps: UseCaseDeps): Promise<void> {
  const claims = (await folder.list()).filter((e) => e.name.startsWith(CLAIMED) && !e.isDirectory());
  for (const { name } of claims) {
    const stat = await lstat(folder.path(name)).catch(() => undefined);
    if (!stat || Date.now() - stat.ctimeMs < staleMs) continue;
    const dropped = name.slice(CLAIMED.length + UUID_LENGTH + 1);
    const back = isSafeFileName(dropped) && (await isFree(folder, dropped)) ? dropped : `recovered-${randomUUID()}`;
    await rename(folder.path(name), folder.path(back)).catch(() => undefined); // another worker may be quicker
    deps.log.warn({ file: back }, "a claimed inbox file was left behind; given back to be handled again");
  }
}

const UUID_LENGTH = 36;

async function handle(
  gln: string,
  inbox: Folder,
  name: string,
  claimed: string,
  maxBytes: number,
  deps: UseCaseDeps,
): Promise<void> {
  // Handled again at the next poll; if a new file took the name meanwhile, the claim stays and is recovered later.
  const giveBack = async () => {
    if (await isFree(inbox, name)) await rename(inbox.path(claimed), inbox.path(name));
  };
  let outcome;
  try {
    const read = await readRegularFile(inbox, claimed, maxBytes);
    outcome = read.ok
      ? await receiveDropped(gln, read.bytes, deps)
      : {
          outcome: "refused" as const,
          issues: [error(read.code, "", `The dropped file is refused: ${read.reason}.`)],
        };
  } catch (err) {
    if (isRedisUnavailable(err) || (err instanceof GatewayError && err.kind === "unavailable")) {
      await giveBack(); // Redis away: give the file back for the next poll
      throw err;
    }
    // Anything else would fail the same way at every poll and hold up the files behind it (issue 11, point 10's
    // class: one poisoned item must not stop the rest). The file is kept byte for byte in rejected/, where the
    // report tells an operator to drop it again once the fault is mended; the error itself goes to the log only.
    deps.log.error({ location: gln, file: shownValue(name), err: String(err) }, "dropped file could not be handled");
    outcome = {
      outcome: "refused" as const,
      issues: [
        error(
          "internal-error",
          "",
          "The gateway failed while handling this file; it was not sent. Drop it again once the fault is mended.",
        ),
      ],
    };
  }
  if (outcome.outcome === "refused") {
    try {
      await reject(inbox, name, claimed, outcome.issues, outcome.receipt);
    } catch (err) {
      await giveBack(); // rejected/ unusable (a link, a full disk): nothing is moved anywhere
      throw err;
    }
    deps.log.warn({ location: gln, file: shownValue(name), issues: outcome.issues.length }, "dropped file refused");
  } else {
    await rm(inbox.path(claimed), { force: true });
    deps.log.info(
      { location: gln, outcome: outcome.outcome, ...("id" in outcome ? { messageId: outcome.id } : {}) },
      "dropped file received",
    );
  }
}

/** Move a claimed file to rejected/ with its problem report, written first so a watcher finds the reason beside it. */
async function reject(
  inbox: Folder,
  name: string,
  claimed: string,
  issues: readonly Issue[],
  receipt?: Uint8Array,
): Promise<void> {
  const rejected = await openFolder(inbox.path(REJECTED), { create: true });
  try {
    // The dropped name is kept where it is plainly safe; otherwise the file gets a name of the gateway's own and the
    // report says (escaped and shortened) what it was called.
    // An earlier file of the same name and its report are kept too.
    const plain = isSafeFileName(`${name}${REPORT}`);
    const free =
      plain &&
      (await isFree(rejected, name)) &&
      (await isFree(rejected, `${name}${REPORT}`)) &&
      (!receipt || (await isFree(rejected, `${name}${XCTL02}`)));
    const kept = free ? name : `refused-${randomUUID()}`;
    await writeInFolder(rejected, `${kept}${REPORT}`, JSON.stringify({ file: shownValue(name), issues }, null, 2));
    // An unreadable OIOXML document: the XCTL02 a legacy system reads, beside the report (issue 15, decision 4).
    if (receipt) await writeInFolder(rejected, `${kept}${XCTL02}`, receipt);
    await rename(inbox.path(claimed), rejected.path(kept));
    await rejected.sync();
    await inbox.sync();
  } finally {
    await rejected.close();
  }
}

export interface Inbox {
  gln: string;
  inbox: string;
}

/** The configured file-drop inboxes: those with `delivery.inbox`. */
export function fileDropInboxes(deps: Pick<UseCaseDeps, "directory">): Inbox[] {
  return deps.directory
    .all()
    .flatMap((l) =>
      l.delivery.adapter === "file-drop" && l.delivery.inbox ? [{ gln: l.gln, inbox: l.delivery.inbox }] : [],
    );
}

/**
 * One pass over every inbox (scheduled every INBOX_POLL_MS, queue/scheduled-passes.ts). Two passes at once (two
 * processes) are harmless: a file is claimed by an atomic rename, so one of them takes it.
 */
export async function pollInboxes(inboxes: readonly Inbox[], deps: UseCaseDeps, options: InboxOptions = {}) {
  let handled = 0;
  // One inbox that fails (a link where a folder belongs, Redis away) does not stop the others.
  for (const { gln, inbox } of inboxes)
    handled += await pollInbox(gln, inbox, deps, options).catch((err: unknown) => {
      deps.log.warn({ location: gln, err: String(err) }, "inbox poll failed");
      return 0;
    });
  return handled;
}
