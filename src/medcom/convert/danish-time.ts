// Danish local wall-clock time as OIOXML writes it: no zone, no seconds (LEGACY.md §2.3, §10.8; test protocol
// "Timestamps": HH:MM from a FHIR dateTime with seconds and any zone, Zulu included). Europe/Copenhagen through the
// runtime's time-zone data, so summer time is right. Seconds are dropped, not rounded (12:32:59 is still 12:32).
import type { LocalDateTime } from "../oioxml/model.js";

const COPENHAGEN = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Copenhagen",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A FHIR dateTime as Danish local date and HH:MM; a date without time is that day at 00:00; undefined if unreadable. */
export function danishLocal(iso: string): LocalDateTime | undefined {
  if (DATE_ONLY.test(iso)) return { date: iso, time: "00:00" };
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return undefined;
  const part: Record<string, string> = {};
  for (const p of COPENHAGEN.formatToParts(instant)) part[p.type] = p.value;
  return {
    date: `${part.year ?? ""}-${part.month ?? ""}-${part.day ?? ""}`,
    time: `${part.hour ?? ""}:${part.minute ?? ""}`,
  };
}
