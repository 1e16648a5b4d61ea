// An instant typed by an administrator in a query (routes check the query's shape; routes/mount.ts).
import { copenhagenWall } from "../util/copenhagen-clock.js";

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * An instant from a checked INSTANT value. Without a zone it is a Danish wall-clock time (what an administrator
 * types), turned into the instant it names whether Copenhagen is on winter (+01:00) or summer (+02:00) time.
 */
export function instantOf(value: string): Date {
  const local = LOCAL.exec(value);
  if (!local) return new Date(value);
  const [, y, mo, d, h = "00", mi = "00", s = "00"] = local;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(wall - offsetHours * 3600_000);
    if (copenhagenWall(candidate.getTime()).asUtc === wall) return candidate;
  }
  return new Date(wall - 3600_000);
}
