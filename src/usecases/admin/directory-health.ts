// The console's directory: every location with its adapter and formats, and its delivery health — the last day's
// delivery outcomes, when it last took a message and last failed, and what waits for it now.
import type { Delivery } from "../../config/schema.js";
import { publicLocation, type PublicLocation } from "../../routing/directory.js";
import type { BreakerState } from "../../domain/breaker.js";
import type { RecentDeliveries } from "../../domain/ports/counters.js";
import type { UseCaseDeps } from "../deps.js";
import { backlogOf, waitingMessages, type BacklogEntry } from "./overview.js";

export type Health = "ok" | "degraded" | "failing" | "idle";

export interface LocationHealth extends PublicLocation {
  adapter: Delivery["adapter"];
  last24h: { delivered: number; retry: number; rejected: number };
  lastDeliveredAt?: string;
  lastFailedAt?: string;
  backlog?: Omit<BacklogEntry, "receiver">;
  /** The location's circuit breaker (issue 12, point 4): down since when, next probe, letters waiting for it. */
  breaker?: BreakerView;
  health: Health;
}

export interface BreakerView {
  state: BreakerState["state"];
  /** When the location was marked down (open or half-open). */
  since?: string;
  /** When the next probe may go (open). */
  nextProbeAt?: string;
  /** Letters parked until the location answers again. */
  waiting: number;
}

/** Pure: what an administrator is shown of a breaker. */
export function breakerView(s: BreakerState, waiting: number): BreakerView {
  return {
    state: s.state,
    ...(s.state !== "closed" ? { since: new Date(s.since).toISOString() } : {}),
    ...(s.state === "open" ? { nextProbeAt: new Date(s.until).toISOString() } : {}),
    waiting,
  };
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
  deps: Pick<UseCaseDeps, "directory" | "counters" | "store" | "now" | "breakers">,
): Promise<LocationHealth[]> {
  const [recent, { waiting }, breakers] = await Promise.all([
    deps.counters.recentDeliveries(24),
    waitingMessages(deps),
    breakerViews(deps),
  ]);
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
      ...(breakers.has(l.gln) ? { breaker: breakers.get(l.gln) } : {}),
      health: healthOf(last24h),
    };
  });
}

/** The breakers of the locations delivered to by webhook or file drop (the mailbox has none). */
export async function breakerViews(
  deps: Pick<UseCaseDeps, "directory" | "breakers">,
): Promise<Map<string, BreakerView>> {
  const { breakers } = deps;
  if (!breakers) return new Map();
  // The configured ones: an import's thousands of remote locations are shown page by page, not swept here.
  const glns = deps.directory
    .configured()
    .filter((l) => l.delivery.adapter !== "mailbox")
    .map((l) => l.gln);
  const views = await Promise.all(
    glns.map(async (gln) => [gln, breakerView(await breakers.read(gln), await breakers.waiting(gln))] as const),
  );
  return new Map(views);
}
