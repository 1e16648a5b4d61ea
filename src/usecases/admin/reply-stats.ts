// GET /v1/admin/stats/replies (issue: reply tracking): per receiving location, the new letters it received in a
// period, how many were answered, the median time to the first reply, and the oldest unanswered — whether "the GP
// hears back what has been set in motion".
import type { MessageRecord } from "../../domain/record.js";
import type { UseCaseDeps } from "../deps.js";

export interface ReplyStats {
  gln: string;
  name: string;
  received: number;
  answered: number;
  medianMinutesToAnswer?: number;
  oldestUnanswered?: { id: string; createdAt: string; ageMinutes: number };
}

const minutes = (ms: number) => Math.round(ms / 600) / 100;

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Pure: the statistics of a set of letters at a moment. */
export function replyStatistics(letters: readonly MessageRecord[], now: Date): ReplyStats[] {
  const byReceiver = new Map<string, MessageRecord[]>();
  for (const letter of letters)
    byReceiver.set(letter.receiver.gln, [...(byReceiver.get(letter.receiver.gln) ?? []), letter]);
  return [...byReceiver.values()]
    .map((group) => {
      const answered = group.filter((l) => l.firstReplyAt);
      const waits = answered.map((l) => Date.parse(l.firstReplyAt ?? "") - Date.parse(l.createdAt));
      const oldest = group.filter((l) => !l.firstReplyAt).sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
      const med = median(waits);
      const first = group[0] as MessageRecord;
      return {
        gln: first.receiver.gln,
        name: first.receiver.name,
        received: group.length,
        answered: answered.length,
        ...(med !== undefined ? { medianMinutesToAnswer: minutes(med) } : {}),
        ...(oldest
          ? {
              oldestUnanswered: {
                id: oldest.id,
                createdAt: oldest.createdAt,
                ageMinutes: minutes(now.getTime() - Date.parse(oldest.createdAt)),
              },
            }
          : {}),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, "da"));
}

export async function replyStats(
  period: { from: Date; to: Date },
  deps: Pick<UseCaseDeps, "store" | "now">,
): Promise<{ from: string; to: string; locations: ReplyStats[] }> {
  const ids = await deps.store.letters(period.from.getTime(), period.to.getTime());
  const letters = (await deps.store.getMany(ids)).filter((r): r is MessageRecord => r?.kind === "new");
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    locations: replyStatistics(letters, deps.now()),
  };
}
