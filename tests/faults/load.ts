// The fault tests' clients: several at once submit letters with an Idempotency-Key, and retry a 503 (or a lost
// connection) with the same key against any API process, as CONTRACT.md promises is safe. Every answer is kept, so
// the test can judge each one afterwards.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { KEYS } from "../support/gateway.js";
import { projectRoot } from "../support/shared.js";

/** One answer to one try: an HTTP status and body, or "lost" (connection refused or reset: the process died). */
export interface Answer {
  status: number | "lost";
  body: string;
}

export interface Submission {
  key: string;
  answers: Answer[];
  /** The MessageHeader.id from the final 202 or 200; unset when the letter was never accepted. */
  id?: string;
  /** The status of the 2xx that ended the retries (202: stored now; 200: an earlier try had stored it). */
  final?: number;
  /** When the 202 (or 200) was received. */
  acceptedAt?: number;
}

/**
 * A 503 that says nothing was stored. Issue 12, point 1 changes the wording for the cases where the gateway cannot
 * know ("may not have been accepted: retry with the same Idempotency-Key"); such an answer does not claim anything
 * and is not held against a letter found stored.
 */
export const CLAIMS_NOTHING_ACCEPTED = (body: string): boolean =>
  /nothing was accepted/i.test(body) && !/may not have been accepted/i.test(body);

const letter = JSON.parse(
  readFileSync(join(projectRoot, "test-fixtures/compose/new-ppr-to-gp.json"), "utf8"),
) as object;
const body = JSON.stringify(letter);
const pdf = (bytes: number) => ({
  title: "Vurdering",
  contentType: "application/pdf",
  data: randomBytes(bytes).toString("base64"),
});
/** One letter in ten carries a 100 KB PDF, as the e2e bench's mix does: detached into a blob (every attachment over
 *  64 KiB of base64 is), so kills land between the blob's writes and the accept that keeps it. */
export const DETACHED_PDF_BYTES = 100 * 1024;
const detachedBody = JSON.stringify({ ...letter, attachments: [pdf(DETACHED_PDF_BYTES)] });
/** Another in ten carries two 40 KB PDFs: each stays in the document, whose sealed content is then large enough to be
 *  staged ahead of the accept script (src/store/scripts.ts, ACCEPT), so kills land on that path too. */
const stagedBody = JSON.stringify({ ...letter, attachments: [pdf(40 * 1024), pdf(40 * 1024)] });
const bodyOf = (n: number): string => (n % 10 === 9 ? detachedBody : n % 10 === 4 ? stagedBody : body);
/** Whether the letter submitted under Idempotency-Key `key` (`<prefix>-<n>`, pushLoad) carried the detached PDF. */
export const isDetachedLetter = (key: string): boolean => Number(key.slice(key.lastIndexOf("-") + 1)) % 10 === 9;

export interface LoadOptions {
  total: number;
  concurrency: number;
  /** The API base URLs to use now (read again on every try, so a restarted process is used again). */
  urls: () => string[];
  /** Called after each letter is done (accepted or given up), with how many are done. */
  onProgress?: (done: number) => Promise<void> | void;
  keyPrefix?: string;
  /** Give up on a letter after this long (it then has no id and the test fails on it). */
  letterTimeoutMs?: number;
}

export async function pushLoad(options: LoadOptions): Promise<Submission[]> {
  const submissions: Submission[] = [];
  let next = 0;
  let done = 0;
  const runClient = async (client: number) => {
    for (;;) {
      const n = next++;
      if (n >= options.total) return;
      const submission: Submission = { key: `${options.keyPrefix ?? "faults"}-${n}`, answers: [] };
      submissions.push(submission);
      await submitUntilAccepted(submission, options, client + n, bodyOf(n));
      done += 1;
      await options.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, c) => runClient(c)));
  return submissions;
}

async function submitUntilAccepted(s: Submission, options: LoadOptions, seed: number, body: string): Promise<void> {
  const giveUp = Date.now() + (options.letterTimeoutMs ?? 120_000);
  for (let tries = 0; Date.now() < giveUp; tries++) {
    const urls = options.urls();
    const url = urls[(seed + tries) % urls.length] ?? "";
    const answer = await fetch(`${url}/v1/messages`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${KEYS.ppr}`,
        "Content-Type": "application/json",
        "Idempotency-Key": s.key,
      },
      body,
      signal: AbortSignal.timeout(15_000),
    }).then(
      async (r): Promise<Answer> => ({ status: r.status, body: await r.text() }),
      (err: unknown): Answer => ({ status: "lost", body: String(err) }),
    );
    s.answers.push(answer);
    if (answer.status === 202 || answer.status === 200) {
      s.id = (JSON.parse(answer.body) as { id: string }).id;
      s.final = answer.status;
      s.acceptedAt = Date.now();
      return;
    }
    // Only a 503 or a lost connection is retried; anything else is an answer the test will judge.
    if (answer.status !== 503 && answer.status !== "lost") return;
    await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
  }
}

/** What the answers tell, for the assertions and for the log. */
export function judge(submissions: readonly Submission[]) {
  const answers = submissions.flatMap((s) => s.answers);
  const statuses = new Map<string, number>();
  for (const a of answers) statuses.set(String(a.status), (statuses.get(String(a.status)) ?? 0) + 1);
  return {
    statuses: Object.fromEntries(statuses),
    /** Answers that are neither 2xx, 503 nor a lost connection (a 500 is a defect). */
    unexpected: answers.filter((a) => a.status !== 202 && a.status !== 200 && a.status !== 503 && a.status !== "lost"),
    notAccepted: submissions.filter((s) => s.id === undefined).map((s) => s.key),
    /**
     * Letters found stored (the retry answered 200: "already accepted") although every earlier answer was a 503
     * claiming nothing was accepted, with no lost connection that could have stored it instead (issue 12, point 1).
     */
    storedAfterNothingAccepted: submissions
      .filter(
        (s) =>
          s.final === 200 && s.answers.slice(0, -1).every((a) => a.status === 503 && CLAIMS_NOTHING_ACCEPTED(a.body)),
      )
      .map((s) => s.key),
    /** 503s that say the letter may or may not have been stored (the wording issue 12, point 1 adds). */
    uncertain503: answers.filter((a) => a.status === 503 && /may not have been accepted/i.test(a.body)).length,
  };
}
