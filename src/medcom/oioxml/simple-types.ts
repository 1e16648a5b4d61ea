// The XSDs' pattern-restricted simple types, each checked by a linear scan (no backtracking regular expressions).
import type { Problem, SimpleType } from "./schema.js";

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);

/** Whether `count` characters from `from` are all ASCII digits (no regular expression over input). */
export function digits(value: string, from: number, count: number): boolean {
  for (let i = from; i < from + count; i++) if (!isDigit(value.charCodeAt(i))) return false;
  return true;
}

const pattern = (name: string, xsd: string, rule: string): Problem => ({
  code: "oioxml-pattern",
  message: `${name} does not match ${xsd}: ${rule}.`,
});

/** Whether a value fits CivilRegistrationNumberType, `[0-9]{10}` (GeneralElements.xsd). */
export const fitsCprType = (value: string): boolean => value.length === 10 && digits(value, 0, 10);

/** CivilRegistrationNumberType: `[0-9]{10}` (GeneralElements.xsd). The value (a CPR) is never shown. */
export const cprType: SimpleType = {
  kind: "simple",
  xsd: "CivilRegistrationNumberType (GeneralElements.xsd)",
  whitespace: "preserve",
  check: (value, name) =>
    fitsCprType(value)
      ? undefined
      : pattern(name, "CivilRegistrationNumberType (GeneralElements.xsd)", "exactly 10 digits"),
};

/** Time_hh_mm: `(([0-1][0-9])|(2[0-3])):[0-5][0-9]` (GeneralTypes.xsd). */
export const timeType: SimpleType = {
  kind: "simple",
  xsd: "Time_hh_mm (GeneralTypes.xsd)",
  whitespace: "preserve",
  check: (value, name) =>
    isTime(value) ? undefined : pattern(name, "Time_hh_mm (GeneralTypes.xsd)", "HH:MM, 00:00 to 23:59"),
};

export function isTime(value: string): boolean {
  if (value.length !== 5 || value[2] !== ":" || !digits(value, 0, 2) || !digits(value, 3, 2)) return false;
  return Number(value.slice(0, 2)) <= 23 && Number(value.slice(3)) <= 59;
}

/**
 * dateNoTZ (2016/09/23/date_no_tz.xsd): an xs:date without a time zone (pattern `[^:Z]*`). The gateway reads the
 * four-digit years 0001–9999 only (xs:date would also take longer and negative years: no letter carries one).
 */
export const dateType: SimpleType = {
  kind: "simple",
  xsd: "dateNoTZ (date_no_tz.xsd)",
  whitespace: "collapse",
  check: (value, name) =>
    isDate(value) ? undefined : pattern(name, "dateNoTZ (date_no_tz.xsd)", "a date YYYY-MM-DD without a time zone"),
};

export function isDate(value: string): boolean {
  if (value.length !== 10 || value[4] !== "-" || value[7] !== "-") return false;
  if (!digits(value, 0, 4) || !digits(value, 5, 2) || !digits(value, 8, 2)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8));
  if (year === 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
  return day <= days;
}

/** UniversallyUniqueIdentifierType (MC_UniversallyUniqueIdentifier_20080406.xsd): 8-4-4-4-12 hex digits. */
export const uuidType: SimpleType = {
  kind: "simple",
  xsd: "UniversallyUniqueIdentifierType (MC_UniversallyUniqueIdentifier_20080406.xsd)",
  whitespace: "preserve",
  check(value, name) {
    if (value.length === 36) {
      let ok = true;
      for (let i = 0; i < 36 && ok; i++) {
        const c = value.charCodeAt(i);
        ok = i === 8 || i === 13 || i === 18 || i === 23 ? c === 0x2d : isHex(c);
      }
      if (ok) return undefined;
    }
    return pattern(name, uuidType.xsd, "a UUID with hyphens, 8-4-4-4-12 hexadecimal digits");
  },
};

/** xs:boolean restricted by the pattern `true` (Reference/SUP, BinaryLetter/SystemInformation). */
export const trueType: SimpleType = {
  kind: "simple",
  xsd: "xs:boolean with pattern true",
  whitespace: "collapse",
  check: (value, name) => (value === "true" ? undefined : pattern(name, "xs:boolean with pattern true", 'only "true"')),
};

/**
 * xs:positiveInteger (OriginalObjectSize). The gateway also refuses values above 2^53 − 1 (a byte count no letter
 * reaches, and the largest a JavaScript number holds exactly): code `oioxml-range`.
 */
export const positiveIntegerType: SimpleType = {
  kind: "simple",
  xsd: "xs:positiveInteger",
  whitespace: "collapse",
  check(value, name) {
    const body = value.startsWith("+") ? value.slice(1) : value;
    if (body.length === 0 || !digits(body, 0, body.length))
      return pattern(name, "xs:positiveInteger", "digits only, greater than 0");
    const n = Number(body);
    if (n === 0) return pattern(name, "xs:positiveInteger", "digits only, greater than 0");
    if (!Number.isSafeInteger(n))
      return { code: "oioxml-range", message: `${name} is larger than the gateway reads (2^53 − 1).` };
    return undefined;
  },
};

/** Object_Base64Encoded is an xs:string in BinaryLetter.xsd; the gateway requires base64 (white space allowed). */
export const base64Type: SimpleType = {
  kind: "simple",
  xsd: "xs:string holding base64 (BinaryLetter.xsd)",
  whitespace: "preserve",
  check: (value, name) =>
    isBase64(stripWhitespace(value))
      ? undefined
      : {
          code: "oioxml-base64",
          message: `${name} is not base64 (RFC 4648 alphabet, padded to a multiple of 4; white space is allowed).`,
        },
};

const isXmlSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

export function stripWhitespace(value: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    if (!isXmlSpace(value.charCodeAt(i))) continue;
    out += value.slice(from, i);
    from = i + 1;
  }
  return from === 0 ? value : out + value.slice(from);
}

/** XML white space removed at both ends (the XSD's `collapse` for types without inner spaces). */
export function trimXml(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isXmlSpace(value.charCodeAt(start))) start++;
  while (end > start && isXmlSpace(value.charCodeAt(end - 1))) end--;
  return value.slice(start, end);
}

export function isBase64(value: string): boolean {
  if (value.length % 4 !== 0) return false;
  let padding = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x3d) {
      padding++;
      continue;
    }
    if (padding > 0) return false;
    const ok = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || isDigit(c) || c === 0x2b || c === 0x2f;
    if (!ok) return false;
  }
  return padding <= 2;
}
