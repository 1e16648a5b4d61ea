// The console's directory: every location with its adapter and formats, and its delivery health — the last day's
// delivery outcomes, when it last took a message and last failed, and what waits for it now.
import type { Delivery } from "../../config/schema.js";
import { publicLocation, type PublicLocation } from "../../routing/directory.js";
import type { RecentDeliveries } from "../../store/counters.js";
import type { UseCaseDeps } from "../deps.js";
import { backlogOf, waitingMessages, type BacklogEntry } from "./overview.js";

export type Health = "ok" | "degraded" | "failing" | "idle";

export interface LocationHealth extends PublicLocation {
  adapter: Delivery["adapter"];
  last24h: { delivered: number; retry: number; rejected: number };
  lastDeliveredAt?: string;
  lastFailedAt?: string;
  backlog?: Omit<BacklogEntry, "receiver">;
  health: Health;
}

/** Pure: a location's health from its last day: nothing tried is idle; failures only is failing; some is degraded. */
export function healthOf(last24h: LocationHealth["last24h"]): Health {
  const failures = last24h.retry + last24h.rejected;
  if (last24h.delivered === 0) return failures === 0 ? "idle" : "failing";
  return failures === 0 ? "ok" : "degraded";
}

function lastFailure(recent: RecentDeliveries | undefined): string | undefined {
  const times = [recent?.lastAt.retry, recent?.lastAt.rejected].filter((t): t is string => t !== undefined);
  return times.sort().at(-1);
}

export async function directoryHealth(
  deps: Pick<UseCaseDeps, "directory" | "counters" | "store" | "now">,
): Promise<LocationHealth[]> {
  const [recent, { waiting }] = await Promise.all([deps.counters.recentDeliveries(24), waitingMessages(deps)]);
  const backlog = new Map(backlogOf(waiting, deps.now()).map((b) => [b.receiver.gln, b]));
  return deps.directory.all().map((l) => {
    const r = recent.get(l.gln);
    const last24h = {
      delivered: r?.counts.delivered ?? 0,
      retry: r?.counts.retry ?? 0,
      rejected: r?.counts.rejected ?? 0,
    };
    const waitingHere = backlog.get(l.gln);
    const lastFailedAt = lastFailure(r);
    return {
      ...publicLocation(l),
      adapter: l.delivery.adapter,
      last24h,
      ...(r?.lastAt.delivered ? { lastDeliveredAt: r.lastAt.delivered } : {}),
      ...(lastFailedAt ? { lastFailedAt } : {}),
      ...(waitingHere ? { backlog: { waiting: waitingHere.waiting, oldest: waitingHere.oldest } } : {}),
      health: healthOf(last24h),
    };
  });
}
