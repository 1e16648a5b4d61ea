// FHIR R4 primitive types (hl7.org/fhir/R4/datatypes.html#primitive): is a value a legal member of its type? Each
// check is a single pass over the characters (no regular expression that could backtrack: hostile input costs linear
// time). A JSON value is judged by its JSON type first (json.html: boolean and the integer/decimal types are JSON
// booleans and numbers, every other primitive a JSON string); text in a number or boolean slot is judged as FHIR
// XML's lexical form when the model was read from XML (read-findings.ts), and is a wrong JSON type otherwise.
//
// Decisions where the specification leaves room, written down:
// - dateTime/instant with a time but no zone: left to `medcom-timestamp-timezone` (common-checks.ts), which already
//   reports it at the same path; reporting it twice would say the same thing under two rules.
// - `-0`: the R4 regexes for integer and decimal allow it (`-?(0|…)`), so it is legal; a JSON -0 is also a legal
//   unsignedInt (it is the number 0).
// - Leap seconds (`:60`) are legal, as R4's regex says; 24:00 is not.
// - base64Binary: R4's published regex forgets `/`; RFC 4648's alphabet (with `/`) is what every encoder writes.
// - uri/url/canonical: R4's regex is `\S*` (no white space); emptiness is reported as an empty value.

export type JsonKind = "boolean" | "number" | "string";

const NUMBER_TYPES: ReadonlySet<string> = new Set(["integer", "unsignedInt", "positiveInt", "decimal"]);

/** The JSON type FHIR JSON uses for a primitive type. */
export const jsonKindOf = (type: string): JsonKind =>
  type === "boolean" ? "boolean" : NUMBER_TYPES.has(type) ? "number" : "string";

const INT_MAX = 2147483647;
/** FHIR R4 string: "Strings SHALL NOT exceed 1MB (1024*1024 characters) in size" (markdown is a string too). */
const MAX_STRING_CHARACTERS = 1024 * 1024;
const INT_MIN = -2147483648;

/** Why `value` is not a legal `type`, or undefined if it is. `value` already has the JSON type of `type`. */
export function formatProblem(type: string, value: string | number | boolean): string | undefined {
  if (typeof value === "boolean") return undefined;
  if (typeof value === "number") return numberProblem(type, value);
  return textProblem(type, value);
}

function numberProblem(type: string, n: number): string | undefined {
  if (!Number.isFinite(n)) return `${type} must be a finite number.`;
  if (type === "decimal") return undefined;
  if (!Number.isInteger(n)) return `${type} must be a whole number.`;
  if (n > INT_MAX || n < INT_MIN) return `${type} must lie between ${INT_MIN} and ${INT_MAX}.`;
  if (type === "unsignedInt" && n < 0) return "unsignedInt must be 0 or more.";
  if (type === "positiveInt" && n < 1) return "positiveInt must be 1 or more.";
  return undefined;
}

/** Text judged as the type's lexical form (FHIR XML's `value` attribute, or a JSON string for string types). */
export function textProblem(type: string, s: string): string | undefined {
  switch (type) {
    case "boolean":
      return s === "true" || s === "false" ? undefined : "boolean must be true or false.";
    case "integer":
    case "unsignedInt":
    case "positiveInt":
      return integerTextProblem(type, s);
    case "decimal":
      return isDecimalText(s) ? undefined : "decimal must be written like -12.50 or 1.5e3.";
    case "date":
      return dateTimeProblem(s, "date");
    case "dateTime":
      return dateTimeProblem(s, "dateTime");
    case "instant":
      return dateTimeProblem(s, "instant");
    case "time":
      return timeEnd(s, 0) === s.length ? undefined : "time must be hh:mm:ss with an optional fraction.";
    case "code":
      return isCode(s) ? undefined : "A code has no leading, trailing or repeated white space.";
    case "id":
      return isId(s) ? undefined : "An id is 1 to 64 of the characters A-Z, a-z, 0-9, '-' and '.'.";
    case "uri":
    case "url":
    case "canonical":
      return hasWhiteSpace(s) ? `A ${type} contains no white space.` : undefined;
    case "oid":
      return isOid(s) ? undefined : "An oid is urn:oid: followed by dot-separated numbers, e.g. urn:oid:1.2.208.176.";
    case "uuid":
      return isUuidUrn(s) ? undefined : "A uuid is urn:uuid: followed by a lower-case UUID.";
    case "base64Binary":
      return isBase64(s) ? undefined : "base64Binary must be base64 (RFC 4648): A-Z, a-z, 0-9, + and /, padded with =.";
    case "string":
    case "markdown":
      if (s.length > MAX_STRING_CHARACTERS)
        return `A ${type} is at most 1 MB (${MAX_STRING_CHARACTERS} characters, FHIR R4); this one has ${s.length}.`;
      return controlCharacter(s)
        ? `A ${type} may contain no control characters other than tab and line breaks.`
        : undefined;
    default:
      return undefined;
  }
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Digits from `at`; the index after them. */
function digitsEnd(s: string, at: number): number {
  let i = at;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  return i;
}

/** integer `-?(0|[1-9][0-9]*)`, unsignedInt `0|[1-9][0-9]*`, positiveInt `+?[1-9][0-9]*`, and their ranges. */
function integerTextProblem(type: string, s: string): string | undefined {
  let i = 0;
  const sign = s.charAt(0);
  if ((sign === "-" && type === "integer") || (sign === "+" && type === "positiveInt")) i = 1;
  const end = digitsEnd(s, i);
  const digits = s.slice(i, end);
  const wellFormed = end === s.length && digits.length > 0 && (digits === "0" || digits.charAt(0) !== "0");
  if (!wellFormed) return `${type} must be written as a whole number without leading zeros.`;
  return numberProblem(type, Number(sign === "-" ? `-${digits}` : digits));
}

/** `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` */
function isDecimalText(s: string): boolean {
  let i = s.charAt(0) === "-" ? 1 : 0;
  const intEnd = digitsEnd(s, i);
  if (intEnd === i || (s.charAt(i) === "0" && intEnd > i + 1)) return false;
  i = intEnd;
  if (s.charAt(i) === ".") {
    const end = digitsEnd(s, i + 1);
    if (end === i + 1) return false;
    i = end;
  }
  if (s.charAt(i) === "e" || s.charAt(i) === "E") {
    i++;
    if (s.charAt(i) === "+" || s.charAt(i) === "-") i++;
    const end = digitsEnd(s, i);
    if (end === i) return false;
    i = end;
  }
  return i === s.length;
}

/** Exactly `count` digits at `at`, as a number; undefined if not. */
function fixedDigits(s: string, at: number, count: number): number | undefined {
  if (at + count > s.length) return undefined;
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return undefined;
    n = n * 10 + (c - 48);
  }
  return n;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

const DATE_FORMS = {
  date: "date must be YYYY, YYYY-MM or YYYY-MM-DD, a day that exists.",
  dateTime: "dateTime must be YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss with a time zone, a day that exists.",
  instant: "instant must be YYYY-MM-DDThh:mm:ss with an optional fraction and a time zone (Z or ±hh:mm).",
};

/**
 * date `YYYY(-MM(-DD)?)?`, dateTime adds `Thh:mm:ss(.f+)?zone` after a full date, instant requires all of that.
 * Years 0001–9999, a month 01–12 and a day that exists in that month (2023-02-30 is no date; 2024-02-29 is).
 */
function dateTimeProblem(s: string, type: "date" | "dateTime" | "instant"): string | undefined {
  const bad = DATE_FORMS[type];
  const year = fixedDigits(s, 0, 4);
  if (year === undefined || year === 0) return bad;
  if (s.length === 4) return type === "instant" ? bad : undefined;
  if (s.charAt(4) !== "-") return bad;
  const month = fixedDigits(s, 5, 2);
  if (month === undefined || month < 1 || month > 12) return bad;
  if (s.length === 7) return type === "instant" ? bad : undefined;
  if (s.charAt(7) !== "-") return bad;
  const day = fixedDigits(s, 8, 2);
  const lastDay = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 31);
  if (day === undefined || day < 1 || day > lastDay) return bad;
  if (s.length === 10) return type === "instant" ? bad : undefined;
  if (type === "date" || s.charAt(10) !== "T") return bad;
  const end = timeEnd(s, 11);
  if (end === -1) return bad;
  if (end === s.length) return undefined; // a time without a zone: medcom-timestamp-timezone reports it
  return zoneEnd(s, end) === s.length ? undefined : bad;
}

/** `hh:mm:ss(.f+)?` at `at` (hours 00–23, seconds up to 60); the index after it, or -1. */
function timeEnd(s: string, at: number): number {
  const h = fixedDigits(s, at, 2);
  const m = fixedDigits(s, at + 3, 2);
  const sec = fixedDigits(s, at + 6, 2);
  if (h === undefined || m === undefined || sec === undefined) return -1;
  if (s.charAt(at + 2) !== ":" || s.charAt(at + 5) !== ":" || h > 23 || m > 59 || sec > 60) return -1;
  let i = at + 8;
  if (s.charAt(i) === ".") {
    const end = digitsEnd(s, i + 1);
    if (end === i + 1) return -1;
    i = end;
  }
  return i;
}

/** `Z` or `(+|-)hh:mm` with hh:mm up to 14:00; the index after it, or -1. */
function zoneEnd(s: string, at: number): number {
  const sign = s.charAt(at);
  if (sign === "Z") return at + 1;
  if (sign !== "+" && sign !== "-") return -1;
  const h = fixedDigits(s, at + 1, 2);
  const m = fixedDigits(s, at + 4, 2);
  if (h === undefined || m === undefined || s.charAt(at + 3) !== ":" || m > 59) return -1;
  return h < 14 || (h === 14 && m === 0) ? at + 6 : -1;
}

/** XML Schema white space (space, tab, line feed, carriage return), as FHIR's `\s`. */
const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/** `[^\s]+(\s[^\s]+)*`: no leading, trailing or doubled white space. */
function isCode(s: string): boolean {
  if (s.length === 0) return false;
  let previousSpace = true; // a space at the start counts as doubled
  for (let i = 0; i < s.length; i++) {
    const space = isSpace(s.charCodeAt(i));
    if (space && previousSpace) return false;
    previousSpace = space;
  }
  return !previousSpace;
}

function isId(s: string): boolean {
  if (s.length === 0 || s.length > 64) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46;
    if (!ok) return false;
  }
  return true;
}

/**
 * Tab, line feed, vertical tab, form feed, carriage return or space. One read per character and one comparison for
 * nearly all of them: every uri of a message is scanned (≈ a third of the syntax walk on a built text letter before,
 * issue 17 point 3).
 */
function hasWhiteSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 && (c === 0x20 || (c >= 0x09 && c <= 0x0d))) return true;
  }
  return false;
}

/** `urn:oid:[0-2](\.(0|[1-9][0-9]*))+` */
function isOid(s: string): boolean {
  const prefix = "urn:oid:";
  if (!s.startsWith(prefix)) return false;
  const first = s.charCodeAt(prefix.length);
  if (first < 48 || first > 50) return false;
  let i = prefix.length + 1;
  let arcs = 0;
  while (i < s.length) {
    if (s.charAt(i) !== ".") return false;
    const end = digitsEnd(s, i + 1);
    if (end === i + 1 || (s.charAt(i + 1) === "0" && end > i + 2)) return false;
    arcs++;
    i = end;
  }
  return arcs > 0;
}

const isLowerHex = (c: number): boolean => isDigit(c) || (c >= 97 && c <= 102);

/** `urn:uuid:` and 8-4-4-4-12 lower-case hex digits. */
function isUuidUrn(s: string): boolean {
  const prefix = "urn:uuid:";
  if (s.length !== prefix.length + 36 || !s.startsWith(prefix)) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(prefix.length + i);
    const dash = i === 8 || i === 13 || i === 18 || i === 23;
    if (dash ? c !== 45 : !isLowerHex(c)) return false;
  }
  return true;
}

/** A character outside base64's alphabet and padding: one native search for a single class (nothing to backtrack). */
const NOT_BASE64 = /[^A-Za-z0-9+/=]/;

/** How base64 text is written: without white space (what encoders write), or folded (white space between). */
export type Base64Form = "compact" | "folded";

/**
 * RFC 4648 base64, white space ignored (R4 allows it between quads): length a multiple of 4, `=` only at the end.
 * Data without white space (what encoders write, and all the builder sends) takes one native search instead of the
 * character loop: a 100 MB attachment is checked in a fraction of the time (issue 17, point 3).
 */
export const isBase64 = (s: string): boolean => base64Form(s) !== undefined;

/**
 * Whether `s` is base64 (isBase64), and whether it holds white space: one native search of the whole text answers
 * both for compact base64 — the search for white space that came before it was a second scan of 273 KB for a 200 KB
 * PDF (≈ 0.14 ms of the ≈ 0.3 ms this check took; issue 17, point 3), and the builder and the fingerprint each
 * scanned for white space again, which the form now tells them. Anything else (white space, a stray character)
 * takes the character loop, which judges it exactly as before.
 */
export function base64Form(s: string): Base64Form | undefined {
  if (!NOT_BASE64.test(s)) {
    if (s.length === 0 || s.length % 4 !== 0) return undefined;
    const pad = s.indexOf("=");
    const padded = pad === -1 || pad === s.length - 1 || (pad === s.length - 2 && s.charCodeAt(s.length - 1) === 61);
    return padded ? "compact" : undefined;
  }
  let count = 0;
  let padding = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isSpace(c)) continue;
    if (c === 61) {
      padding++;
    } else {
      const alphabet = isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47;
      if (!alphabet || padding > 0) return undefined;
    }
    count++;
  }
  return count > 0 && count % 4 === 0 && padding <= 2 ? "folded" : undefined;
}

/** R4 string: `[ \r\n\t\S]+`; a control character other than tab, line feed and carriage return is refused. */
function controlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return true;
  }
  return false;
}
