// per-1 (R4 datatypes.html §Period): "If present, start SHALL have a lower value than end" — `start <= end` in
// FHIRPath. Date/time comparison by FHIRPath's rules (fhirpath.html §Comparison): values are compared at the
// precision both have; when they are equal that far and one is more precise, the result is empty (not a violation).
// Times with a zone are compared as instants; seconds and their fractions are one precision.

export type Order = "before" | "same" | "after" | "unknown";

interface Parts {
  /** year, month, day, hour, minute, second (with fraction), as numbers; only as many as written */
  fields: number[];
  /** minutes east of UTC, when a time is written */
  offset?: number;
}

/** Splits a FHIR date/dateTime/instant into its fields; undefined if it is not one (format errors are class 5's). */
function parse(value: string): Parts | undefined {
  const [date = "", time] = value.split("T");
  const d = date.split("-");
  if (d.length > 3 || d.some((x) => x === "" || !isDigits(x))) return undefined;
  const fields = d.map(Number);
  if (time === undefined) return { fields };
  let clock = time;
  let offset = 0;
  if (clock.endsWith("Z")) clock = clock.slice(0, -1);
  else {
    const sign = clock.lastIndexOf("+") >= 0 ? clock.lastIndexOf("+") : clock.lastIndexOf("-");
    if (sign > 0) {
      const [oh = "", om = ""] = clock.slice(sign + 1).split(":");
      if (!isDigits(oh) || !isDigits(om)) return undefined;
      offset = (clock.charAt(sign) === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om));
      clock = clock.slice(0, sign);
    }
  }
  const t = clock.split(":");
  if (t.length < 2 || t.length > 3 || t.some((x) => x === "" || Number.isNaN(Number(x)))) return undefined;
  return { fields: [...fields, ...t.map(Number)], offset };
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return s.length > 0;
}

/** Shifts the time fields to UTC (both values need a time for this to apply). */
function toUtc(p: Parts): number[] {
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = p.fields;
  const ms = Date.UTC(y, mo - 1, d, h, mi - (p.offset ?? 0), 0) + s * 1000;
  const u = new Date(ms);
  const utc = [u.getUTCFullYear(), u.getUTCMonth() + 1, u.getUTCDate(), u.getUTCHours(), u.getUTCMinutes()];
  return p.fields.length > 5
    ? [...utc, (ms - Date.UTC(...(utc as [number, number, number, number, number]))) / 1000]
    : utc;
}

export function comparePeriodEnds(start: string, end: string): Order {
  const a = parse(start);
  const b = parse(end);
  if (!a || !b) return "unknown";
  const bothTimed = a.fields.length > 3 && b.fields.length > 3;
  const x = bothTimed ? toUtc(a) : a.fields;
  const y = bothTimed ? toUtc(b) : b.fields;
  const common = Math.min(x.length, y.length);
  for (let i = 0; i < common; i++) {
    const [p = 0, q = 0] = [x[i], y[i]];
    if (p < q) return "before";
    if (p > q) return "after";
  }
  return x.length === y.length ? "same" : "unknown";
}
