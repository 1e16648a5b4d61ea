// OIOXML dates and times are Danish wall-clock time without zone or seconds (Date xs:date, Time HH:MM; LEGACY.md
// §2.3); FHIR's carry an offset. The conversion uses the Europe/Copenhagen rules from Intl (CET +01:00 in winter,
// CEST +02:00 in summer; src/util/copenhagen-clock.ts), so it follows daylight saving time without a table of our own
// (LEGACY.md §10.8).
//
// Decisions (docs/legacy.md):
// - toLocalDateTime drops the seconds (17:45:59 → 17:45, truncation as a clock shows it, never rounded into the next
//   minute or day). A FHIR dateTime without a zone is taken as Danish time already; a date alone is 00:00.
// - fromLocalDateTime writes seconds `:00`. The autumn's repeated hour (02:00–02:59 on the last Sunday of October
//   happens twice) is read as its FIRST occurrence, still summer time (+02:00): the earlier instant.
// - A time in the spring gap (02:00–02:59 on the last Sunday of March does not exist) moves forward by the gap, an
//   hour: 02:30 → 03:30+02:00 — what a clock that was not put forward shows (and java.time's ZonedDateTime.of does).
import type { LocalDateTime } from "./model.js";
import { copenhagenWall } from "../../util/copenhagen-clock.js";
import { isDate, isTime } from "./simple-types.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The Danish wall-clock date and HH:MM of an ISO 8601 date-time (with an offset or Z). */
export function toLocalDateTime(iso: string): LocalDateTime {
  const date = iso.slice(0, 10);
  if (!isDate(date)) throw new RangeError(`Not an ISO 8601 date-time: ${JSON.stringify(iso.slice(0, 40))}`);
  if (iso.length === 10) return { date, time: "00:00" };
  const zoned = iso.endsWith("Z") || /[+-]\d\d:\d\d$/.test(iso);
  if (!zoned) {
    const time = iso.slice(11, 16);
    if (iso[10] !== "T" || !isTime(time))
      throw new RangeError(`Not an ISO 8601 date-time: ${JSON.stringify(iso.slice(0, 40))}`);
    return { date, time };
  }
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) throw new RangeError(`Not an ISO 8601 date-time: ${JSON.stringify(iso.slice(0, 40))}`);
  const wall = copenhagenWall(instant);
  return { date: wall.date, time: wall.time };
}

/** The ISO 8601 date-time with seconds `:00` and the Danish offset of that moment, e.g. `2023-11-20T17:45:00+01:00`. */
export function fromLocalDateTime(local: LocalDateTime): string {
  if (!isDate(local.date) || !isTime(local.time))
    throw new RangeError(`Not an OIOXML date and time: ${JSON.stringify(local).slice(0, 60)}`);
  const asUtc = Date.parse(`${local.date}T${local.time}:00Z`);
  // The zone's offsets a day either side cover both sides of any transition on this day.
  const offsets = [...new Set([offsetAt(asUtc - 24 * HOUR), offsetAt(asUtc + 24 * HOUR)])].sort((a, b) => b - a);
  for (const offset of offsets) {
    const instant = asUtc - offset;
    const wall = copenhagenWall(instant);
    if (wall.date === local.date && wall.time === local.time) return iso(local.date, local.time, offset);
  }
  // The spring gap: read with the offset in force before it (the smaller), the instant shows an hour later.
  const instant = asUtc - Math.min(...offsets);
  const wall = copenhagenWall(instant);
  return iso(wall.date, wall.time, offsetAt(instant));
}

function offsetAt(instant: number): number {
  const at = Math.floor(instant / MINUTE) * MINUTE;
  return copenhagenWall(at).asUtc - at;
}

function iso(date: string, time: string, offset: number): string {
  const minutes = Math.round(offset / MINUTE);
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${date}T${time}:00${sign}${hh}:${mm}`;
}
