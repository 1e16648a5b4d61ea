// File-drop inboxes: each location with `delivery.inbox` drops files there for the gateway to send. A file is claimed
// by renaming it (atomic, so two workers never both take it), handled, and removed; a file the gateway cannot even
// answer is moved to `rejected/` beside a `.problem.json` saying why.
import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { UseCaseDeps } from "../src/usecases/deps.js";
import { receiveDropped } from "../src/usecases/receive-dropped.js";

export const INBOX_POLL_MS = 1_000;
const CLAIMED = ".claimed-";

export async function pollInbox(gln: string, inbox: string, deps: UseCaseDeps): Promise<number> {
  let names: string[];
  try {
    names = (await readdir(inbox, { withFileTypes: true }))
      .filter((e) => e.isFile() && !e.name.startsWith("."))
      .map((e) => e.name);
  } catch {
    return 0; // no inbox directory (yet)
  }
  let handled = 0;
  for (const name of names) {
    const claimed = join(inbox, `${CLAIMED}${randomUUID()}-${name}`);
    try {
      await rename(join(inbox, name), claimed);
    } catch {
      continue; // another worker took it
    }
    let outcome;
    try {
      outcome = await receiveDropped(gln, await readFile(claimed), deps);
    } catch (err) {
      await rename(claimed, join(inbox, name)); // Redis away: give the file back for the next poll
      throw err;
    }
    if (outcome.outcome === "refused") {
      const rejected = join(inbox, "rejected");
      await mkdir(rejected, { recursive: true });
      // Written under a temporary name and renamed, so whoever watches rejected/ never reads half a report.
      const report = join(rejected, `${name}.problem.json`);
      await writeFile(`${report}.tmp`, JSON.stringify({ file: name, issues: outcome.issues }, null, 2));
      await rename(`${report}.tmp`, report);
      await rename(claimed, join(rejected, name));
      deps.log.warn({ location: gln, file: name, issues: outcome.issues.length }, "dropped file refused");
    } else {
      await rm(claimed, { force: true });
      deps.log.info({ location: gln, outcome: outcome.outcome, messageId: outcome.id }, "dropped file received");
    }
    handled += 1;
  }
  return handled;
}

export function startInboxPoller(deps: UseCaseDeps, pollMs = INBOX_POLL_MS): { stop(): Promise<void> } {
  const inboxes = deps.directory
    .all()
    .flatMap((l) =>
      l.delivery.adapter === "file-drop" && l.delivery.inbox ? [{ gln: l.gln, inbox: l.delivery.inbox }] : [],
    );
  if (inboxes.length === 0) return { stop: () => Promise.resolve() };
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = (async () => {
      for (const { gln, inbox } of inboxes) await pollInbox(gln, inbox, deps);
    })()
      .catch((err: unknown) => deps.log.warn({ err: String(err) }, "inbox poll failed"))
      .finally(() => (busy = false));
  }, pollMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
