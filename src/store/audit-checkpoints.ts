// The audit trail's anchor outside Redis (issue 11, point 5): a Redis writer can delete the newest entries and move
// the head back, which no MAC inside Redis can reveal. So the gateway appends signed checkpoints — a head it computed
// itself: sequence number and MAC — to GATEWAY_DATA_DIR/audit/checkpoints.jsonl (fsync'd; every EVERY_MS while the
// trail grows, sooner after EVERY_ENTRIES entries but at most every MIN_MS, and on shutdown) and logs each one as `auditCheckpoint` (shipped logs are a
// second copy off the host). Verification checks the trail against them; the newest one is where the incremental
// verification starts. Only heads of this process's own appends are checkpointed: a head read from Redis is untrusted.
import { createHmac } from "node:crypto";
import { basename, dirname } from "node:path";
import { appendInFolder, openFolder, openRegularFile } from "../fs/safe-files.js";
import type { Logger } from "../log.js";
import type { AuditCheckpoint } from "../domain/audit.js";
import { sameMac, type AuditProblem, type ChainPoint } from "./audit-chain.js";

export type { AuditCheckpoint } from "../domain/audit.js";

export interface TrustedPoints {
  /** seq → MAC: checkpoints whose signature holds, and this process's latest own head. */
  points: Map<number, string>;
  /** Checkpoints whose signature fails, or two that disagree about one entry. */
  problems: AuditProblem[];
}

export interface AuditCheckpoints {
  /** A head this process appended itself: kept in memory and written out every so often. */
  note(point: ChainPoint): void;
  trusted(): Promise<TrustedPoints>;
  /** The file's valid checkpoints for this prefix, oldest first (to export and keep elsewhere). */
  list(): Promise<AuditCheckpoint[]>;
  /** Write a checkpoint of the latest own head now, if it moved since the last one. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const EVERY_ENTRIES = 1000;
const EVERY_MS = 60_000;
/** A busy gateway appends thousands of entries a second: checkpoints (and fsyncs) stay a few a minute. */
const MIN_MS = 5000;

export interface CheckpointOptions {
  /** The JSON-lines file; none keeps the anchors in memory only (tests, tools). */
  file?: string;
  prefix: string;
  /** The checkpoint key (deriveAuditKeys(...).checkpoint). */
  key: Buffer;
  log: Logger;
  everyEntries?: number;
  everyMs?: number;
  minMs?: number;
  now?: () => Date;
}

/** What follows `from(size)` in `file`, read without following a link at the file's name or its folder's. */
async function readFrom(file: string, from: number, start: (size: number) => number): Promise<string> {
  const folder = await openFolder(dirname(file));
  try {
    const handle = await openRegularFile(folder, basename(file));
    try {
      const size = (await handle.stat()).size;
      const at = start(size);
      if (size === at) return "";
      const buffer = Buffer.alloc(size - at);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
      return buffer.subarray(0, bytesRead).toString("utf8");
    } finally {
      await handle.close();
    }
  } finally {
    await folder.close();
  }
}

const signed = (key: Buffer, c: Omit<AuditCheckpoint, "sig">) =>
  createHmac("sha256", key).update(`checkpoint\n${c.prefix}\n${c.seq}\n${c.mac}\n${c.at}`, "utf8").digest("hex");

export function createAuditCheckpoints(options: CheckpointOptions): AuditCheckpoints {
  const { file, prefix, key, log } = options;
  const everyEntries = options.everyEntries ?? EVERY_ENTRIES;
  const minMs = options.minMs ?? MIN_MS;
  let lastWrite = 0;
  const now = options.now ?? (() => new Date());
  let own: ChainPoint | undefined;
  let written = 0;
  let writing: Promise<void> = Promise.resolve();
  // What was read of the file so far (other processes on this data directory append to it too).
  const known: AuditCheckpoint[] = [];
  const points = new Map<number, string>();
  const bad: AuditProblem[] = [];
  const seen = new Set<string>();
  const keep = (c: { seq: number; mac: string }) => {
    const earlier = points.get(c.seq);
    if (earlier === undefined) points.set(c.seq, c.mac);
    else if (!sameMac(earlier, c.mac))
      bad.push({ seq: c.seq, code: "diverged", problem: "two checkpoints disagree about this entry" });
  };
  let readUpTo = 0;

  const write = (point: ChainPoint): Promise<void> => {
    written = point.seq;
    lastWrite = now().getTime();
    const body = { prefix, seq: point.seq, mac: point.mac, at: now().toISOString() };
    const checkpoint: AuditCheckpoint = { ...body, sig: signed(key, body) };
    log.info({ auditCheckpoint: checkpoint }, "audit checkpoint");
    if (!file) return Promise.resolve();
    // The data directory's audit folder is the gateway's own: opened refusing a link (0750, set back if found
    // otherwise), the file appended O_APPEND | O_NOFOLLOW (a link planted at its name is refused, not written
    // through), 0640, fsync'd with its folder — the same rules as file-drop folders (src/fs/safe-files.ts).
    writing = writing.then(async () => {
      const folder = await openFolder(dirname(file), { create: true, own: true });
      try {
        await appendInFolder(folder, basename(file), `${JSON.stringify(checkpoint)}\n`);
      } finally {
        await folder.close();
      }
    });
    writing = writing.catch((err: unknown) => log.error({ err: String(err) }, "audit checkpoint not written"));
    return writing;
  };

  const flush = () => (own && own.seq > written ? write(own) : writing);
  const timer = setInterval(() => void flush(), options.everyMs ?? EVERY_MS);
  timer.unref();

  const readNew = async (): Promise<void> => {
    if (!file) return;
    await writing;
    let text: string;
    try {
      text = await readFrom(file, readUpTo, (size) => {
        if (size < readUpTo) readUpTo = 0; // the file was replaced or cut: read it again (what was read stays known)
        return readUpTo;
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return; // no checkpoint written yet
      // A link or a FIFO at the checkpoints' name is not followed: the anchors are missing, which is a problem to
      // report, not a reason to fail the verification or to wait forever on a pipe.
      const problem = `the checkpoint file cannot be read safely (${(err as { code?: string }).code ?? "error"})`;
      if (!bad.some((p) => p.problem === problem)) bad.push({ seq: 0, code: "altered", problem });
      return;
    }
    if (text === "") return;
    const end = text.lastIndexOf("\n") + 1; // a line still being written is read next time
    readUpTo += Buffer.byteLength(text.slice(0, end), "utf8");
    for (const line of text.slice(0, end).split("\n")) {
      if (line.trim() === "") continue;
      let c: AuditCheckpoint;
      try {
        c = JSON.parse(line) as AuditCheckpoint;
      } catch {
        bad.push({ seq: 0, code: "altered", problem: "a checkpoint line is not JSON" });
        continue;
      }
      if (c.prefix !== prefix) continue;
      const valid =
        Number.isSafeInteger(c.seq) &&
        typeof c.mac === "string" &&
        typeof c.at === "string" &&
        typeof c.sig === "string" &&
        sameMac(c.sig, signed(key, { prefix, seq: c.seq, mac: c.mac, at: c.at }));
      if (!valid) bad.push({ seq: Number(c.seq) || 0, code: "altered", problem: "a checkpoint's signature fails" });
      else if (!seen.has(line)) {
        seen.add(line);
        known.push(c);
        keep(c);
      }
    }
  };

  return {
    note(point) {
      if (own && point.seq <= own.seq) return;
      own = point;
      if (point.seq - written >= everyEntries && now().getTime() - lastWrite >= minMs) void write(point);
    },
    async trusted() {
      await readNew();
      if (own) keep(own);
      return { points: new Map(points), problems: [...bad] };
    },
    async list() {
      await readNew();
      return [...known].sort((a, b) => a.seq - b.seq);
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
