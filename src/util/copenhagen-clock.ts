// The Danish wall clock of an instant, from Intl's Europe/Copenhagen rules (CET +01:00, CEST +02:00), so daylight saving
// time is followed without a table of our own. Used where a zone-less Danish time meets an instant: OIOXML dates and
// times (LEGACY.md §2.3, §10.8) and an administrator's query times.

const formatter = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Copenhagen",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

export interface CopenhagenWall {
  /** YYYY-MM-DD. */
  date: string;
  /** HH:MM. */
  time: string;
  /** The wall-clock reading as if it were UTC, in milliseconds (seconds included). */
  asUtc: number;
}

export function copenhagenWall(instant: number): CopenhagenWall {
  const parts: Record<string, string> = {};
  for (const p of formatter.formatToParts(new Date(instant))) parts[p.type] = p.value;
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const time = `${parts.hour}:${parts.minute}`;
  return { date, time, asUtc: Date.parse(`${date}T${time}:${parts.second}Z`) };
}
