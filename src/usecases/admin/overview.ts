// GET /v1/admin/overview (CONTRACT.md §2): what is stuck, where and why — counts per status, the backlog per
// receiving location with its oldest waiting message, overdue acknowledgements, and the last day's failures with
// their reasons, and the acknowledgement deadlines that could not be run. Read from the indexes and the records' plain
// fields; reasons are the gateway's own words.
import type { MessageBrief, PartyRef, Status } from "../../domain/record.js";
import type { AckDeadlinesView, DeadlineCounts, FailedDeadline, ResendReason } from "../../domain/scheduling.js";
import type { UseCaseDeps } from "../deps.js";

const DAY_MS = 24 * 3600_000;
/** Enough to see the shape of a backlog; more than this and the overview says it counted only so many. */
const BACKLOG_SCAN = 20_000;
const FAILURE_SCAN = 500;
/** Failed deadlines listed (the count says how many there are). */
const FAILED_DEADLINES_SHOWN = 50;
const EVERYTHING = { min: -Infinity, max: Infinity };

export interface BacklogEntry {
  receiver: PartyRef;
  waiting: number;
  oldest: { id: string; createdAt: string; ageSeconds: number };
}

export interface FailureEntry {
  id: string;
  kind: MessageBrief["kind"];
  receiver: PartyRef;
  at: string;
  status: "failed" | "rejected";
  reason: string;
}

/** An acknowledgement deadline (DOMAIN.md §2.9 MR5–MR7) whose run failed after every attempt: the letter was not
 *  resent and nobody was told by the deadline; an administrator decides (retry or resend the message). */
export interface FailedDeadlineEntry {
  id: string;
  send: number;
  reason: ResendReason;
  at: string;
  error: string;
}

export interface Overview {
  at: string;
  counts: Record<Status, number>;
  /** Messages not yet delivered (accepted or queued), per receiving location, the longest waiting first. */
  backlog: BacklogEntry[];
  backlogTruncated: boolean;
  /** CareCommunications first delivered longer than policy.ackTimeoutMinutes ago and still unanswered. */
  overdueAcknowledgements: number;
  failures: { since: string; count: number; reasons: { reason: string; count: number }[]; recent: FailureEntry[] };
  /** Issue 13's regional rules, since the gateway's data began: acute letters accepted, reports of concern refused. */
  regionalRules: { acuteLetters: number; reportsOfConcernRefused: number };
  /** The acknowledgement deadlines by state, and the failed ones (kept 7 days), newest first (issue 17: they were
   *  failed jobs on the queue board before they became one sorted set). Absent where the gateway keeps none. */
  ackDeadlines?: DeadlineCounts & { recentFailures: FailedDeadlineEntry[] };
}

type Deps = Pick<UseCaseDeps, "store" | "policy" | "now" | "counters" | "ackDeadlines">;

/** Pure: the backlog per receiver from the waiting messages. */
export function backlogOf(waiting: readonly MessageBrief[], now: Date): BacklogEntry[] {
  const byReceiver = new Map<string, BacklogEntry>();
  for (const m of waiting) {
    const entry = byReceiver.get(m.receiver.gln);
    const oldest = { id: m.id, createdAt: m.createdAt, ageSeconds: ageSeconds(m.createdAt, now) };
    if (!entry) byReceiver.set(m.receiver.gln, { receiver: m.receiver, waiting: 1, oldest });
    else {
      entry.waiting += 1;
      if (m.createdAt < entry.oldest.createdAt) entry.oldest = oldest;
    }
  }
  return [...byReceiver.values()].sort((a, b) => b.oldest.ageSeconds - a.oldest.ageSeconds);
}

/** Pure: the reasons of the failures, most frequent first. */
export function reasonsOf(failures: readonly FailureEntry[]): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const f of failures) counts.set(f.reason, (counts.get(f.reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
}

const ageSeconds = (iso: string, now: Date) => Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));

export async function waitingMessages(deps: Pick<UseCaseDeps, "store">): Promise<{
  waiting: MessageBrief[];
  truncated: boolean;
}> {
  const [accepted, queued] = await Promise.all(
    (["accepted", "queued"] as const).map((s) => deps.store.newestFirst(s, EVERYTHING, BACKLOG_SCAN)),
  );
  const ids = [...(accepted ?? []), ...(queued ?? [])].map((e) => e.id);
  const waiting = (await deps.store.briefs(ids)).filter(
    (b): b is MessageBrief => b !== undefined && (b.status === "accepted" || b.status === "queued"),
  );
  return { waiting, truncated: (accepted?.length ?? 0) >= BACKLOG_SCAN || (queued?.length ?? 0) >= BACKLOG_SCAN };
}

async function recentFailures(since: Date, deps: Pick<UseCaseDeps, "store">): Promise<FailureEntry[]> {
  const range = { min: since.getTime(), max: Infinity };
  const entries = (
    await Promise.all((["failed", "rejected"] as const).map((s) => deps.store.newestFirst(s, range, FAILURE_SCAN)))
  ).flat();
  const records = await deps.store.getMany(entries.map((e) => e.id));
  const failures: FailureEntry[] = [];
  records.forEach((r, i) => {
    if (!r || (r.status !== "failed" && r.status !== "rejected")) return;
    const reason =
      r.status === "failed"
        ? (r.failureReason ?? "unknown")
        : // The receiver's issue texts may quote the letter; its codes do not.
          `fatal-error acknowledgement: ${r.ack?.issues.map((x) => x.code).join(", ") || "no issue given"}`;
    failures.push({
      id: r.id,
      kind: r.kind,
      receiver: r.receiver,
      at: new Date(entries[i]?.at ?? 0).toISOString(),
      status: r.status,
      reason,
    });
  });
  return failures.sort((a, b) => b.at.localeCompare(a.at));
}

/** Pure: the failed deadlines as shown, times as ISO instants. */
export function failedDeadlineEntries(failures: readonly FailedDeadline[]): FailedDeadlineEntry[] {
  return failures.map((f) => ({
    id: f.messageId,
    send: f.send,
    reason: f.reason,
    at: new Date(f.at).toISOString(),
    error: f.error,
  }));
}

async function ackDeadlinesOf(view: AckDeadlinesView): Promise<Overview["ackDeadlines"]> {
  const [counts, failures] = await Promise.all([view.counts(), view.failures(FAILED_DEADLINES_SHOWN)]);
  return { ...counts, recentFailures: failedDeadlineEntries(failures) };
}

export async function adminOverview(deps: Deps): Promise<Overview> {
  const now = deps.now();
  const since = new Date(now.getTime() - DAY_MS);
  const [counts, { waiting, truncated }, overdue, failures, counters, ackDeadlines] = await Promise.all([
    deps.store.countByStatus(),
    waitingMessages(deps),
    deps.store.countAwaitingAckSince(now.getTime() - deps.policy.ackTimeoutMinutes * 60_000),
    recentFailures(since, deps),
    deps.counters.read(),
    deps.ackDeadlines ? ackDeadlinesOf(deps.ackDeadlines) : undefined,
  ]);
  const fired = (rule: string) => counters.regionalRules.find((r) => r.rule === rule)?.count ?? 0;
  return {
    at: now.toISOString(),
    counts,
    backlog: backlogOf(waiting, now),
    backlogTruncated: truncated,
    overdueAcknowledgements: overdue,
    failures: { since: since.toISOString(), count: failures.length, reasons: reasonsOf(failures), recent: failures },
    regionalRules: { acuteLetters: fired("acute-letter"), reportsOfConcernRefused: fired("report-of-concern") },
    ...(ackDeadlines ? { ackDeadlines } : {}),
  };
}
