// Danish local time ⇄ ISO 8601 with offset (LEGACY.md §2.3, §10.8), including the two daylight-saving transitions.
import { describe, expect, test } from "vitest";
import { fromLocalDateTime, toLocalDateTime } from "../../../src/medcom/oioxml/index.js";

describe("toLocalDateTime", () => {
  test.each([
    ["2023-11-20T17:45:00+01:00", "2023-11-20", "17:45"],
    ["2023-11-20T16:45:00Z", "2023-11-20", "17:45"],
    ["2023-07-01T12:00:00Z", "2023-07-01", "14:00"],
    ["2023-12-31T23:30:00Z", "2024-01-01", "00:30"],
    ["2023-11-20T17:45:59+01:00", "2023-11-20", "17:45"],
    ["2023-11-20T17:45:59.999+01:00", "2023-11-20", "17:45"],
    ["2023-11-20T12:00:00-05:00", "2023-11-20", "18:00"],
    // The autumn's repeated hour: both instants read 02:30.
    ["2023-10-29T00:30:00Z", "2023-10-29", "02:30"],
    ["2023-10-29T01:30:00Z", "2023-10-29", "02:30"],
    // Spring: 01:59 CET is followed by 03:00 CEST.
    ["2024-03-31T00:59:00Z", "2024-03-31", "01:59"],
    ["2024-03-31T01:00:00Z", "2024-03-31", "03:00"],
    // Without a zone the time is taken as Danish already; a date alone is midnight.
    ["2023-11-20T17:45:00", "2023-11-20", "17:45"],
    ["2023-11-20", "2023-11-20", "00:00"],
  ])("%s → %s %s", (iso, date, time) => {
    expect(toLocalDateTime(iso)).toEqual({ date, time });
  });

  test.each(["", "yesterday", "2023-13-01T00:00:00Z", "2023-11-20T25:00:00Z"])("%j is refused", (iso) => {
    expect(() => toLocalDateTime(iso)).toThrow(RangeError);
  });
});

describe("fromLocalDateTime", () => {
  test.each([
    ["2023-11-20", "17:45", "2023-11-20T17:45:00+01:00"],
    ["2023-07-01", "14:00", "2023-07-01T14:00:00+02:00"],
    ["2024-01-01", "00:30", "2024-01-01T00:30:00+01:00"],
    // Autumn: 02:00–02:59 happens twice; the first occurrence (still summer time) is taken.
    ["2023-10-29", "02:30", "2023-10-29T02:30:00+02:00"],
    ["2023-10-29", "01:59", "2023-10-29T01:59:00+02:00"],
    ["2023-10-29", "03:00", "2023-10-29T03:00:00+01:00"],
    // Spring: 02:00–02:59 does not exist; it moves forward an hour.
    ["2024-03-31", "02:30", "2024-03-31T03:30:00+02:00"],
    ["2024-03-31", "02:00", "2024-03-31T03:00:00+02:00"],
    ["2024-03-31", "01:59", "2024-03-31T01:59:00+01:00"],
    ["2024-03-31", "03:00", "2024-03-31T03:00:00+02:00"],
  ])("%s %s → %s", (date, time, iso) => {
    expect(fromLocalDateTime({ date, time })).toBe(iso);
  });

  test("the result is the instant: toLocalDateTime gives the same wall clock back (outside the spring gap)", () => {
    for (let day = 0; day < 366; day += 7) {
      for (const time of ["00:00", "02:30", "12:15", "23:59"]) {
        const date = new Date(Date.UTC(2024, 0, 1 + day)).toISOString().slice(0, 10);
        const iso = fromLocalDateTime({ date, time });
        if (date === "2024-03-31" && time === "02:30") continue;
        expect(toLocalDateTime(iso)).toEqual({ date, time });
      }
    }
  });

  test.each([
    { date: "2023-02-29", time: "12:00" },
    { date: "2023-11-20", time: "24:00" },
    { date: "2023-11-20", time: "7:45" },
  ])("%j is refused", (local) => {
    expect(() => fromLocalDateTime(local)).toThrow(RangeError);
  });
});
