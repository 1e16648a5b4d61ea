// Danish local wall-clock time (OIOXML: date and HH:MM, no zone) as an ISO 8601 dateTime with Copenhagen's offset
// (LEGACY.md §2.3, §10.8). TEMPORARY: helper A's src/medcom/oioxml/local-time.ts owns this; when it is merged this
// file only re-exports its fromLocalDateTime.
import type { LocalDateTime } from "../oioxml/model.js";

const HOUR = 3_600_000;

const wallClock = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Copenhagen",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

function copenhagen(ms: number): string {
  const parts = Object.fromEntries(wallClock.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return `${parts.year ?? ""}-${parts.month ?? ""}-${parts.day ?? ""}T${parts.hour ?? ""}:${parts.minute ?? ""}`;
}

/** `2023-11-20` `17:45` → `2023-11-20T17:45:00+01:00`; summer time gives +02:00. */
export function fromLocalDateTime(l: LocalDateTime): string {
  const wanted = `${l.date}T${l.time}`;
  const asUtc = Date.parse(`${wanted}:00Z`);
  // Copenhagen is UTC+1 (CET) or UTC+2 (CEST); the earlier offset first, so the repeated autumn hour is summer time.
  const hours = [2, 1].find((h) => copenhagen(asUtc - h * HOUR) === wanted) ?? 1;
  return `${wanted}:00+0${hours}:00`;
}
