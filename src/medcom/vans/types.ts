// The simple types of VANSEnvelope 1.0.4 (LEGACY.md §5.1), each a linear scan (no backtracking regular expression,
// project rule), in the vocabulary of the OIOXML tables (oioxml/schema.ts) so the one checker walks both.
import { type SimpleType, enumeration, text } from "../oioxml/schema.js";
import { digits, isDate, isTime, positiveIntegerType, uuidType } from "../oioxml/simple-types.js";
import { DOCUMENT_FORMATS, END_POINT_TYPES, TRANSPORT_TYPES } from "./model.js";

const XSD = "VANSEnvelope 1.0.4";

/** String 1..n of the schema (Name, Version, ProviderIdentifier 1..255; ServiceTag 1..70; Description 1..512). */
export const vansText = (min: number, max: number, what: string): SimpleType => text(min, max, `${what} (${XSD})`);

/** EndPointType: xs:token 1..18; a token collapses white space, so surrounding blanks are not counted. */
export const endPointIdType: SimpleType = { ...vansText(1, 18, "EndPointType, xs:token"), whitespace: "collapse" };

/** @EndPointType: surrounding blanks are ignored, as for the token it qualifies. */
export const endPointTypeType: SimpleType = {
  ...enumeration(`@EndPointType (${XSD})`, END_POINT_TYPES),
  whitespace: "collapse",
};
export const formatType = enumeration(`Document/Format (${XSD})`, DOCUMENT_FORMATS);
export const transportTypeType = enumeration(`Transport/Type (${XSD})`, TRANSPORT_TYPES);

/**
 * UUIDType. The schema's pattern `[aA-fF0-9]{8}-…` is written with a slip (the range A-f also takes G–Z and some
 * punctuation); the gateway reads it as meant: hexadecimal digits of either case (decision, LEGACY.md §5.1).
 */
export const vansUuidType: SimpleType = {
  kind: "simple",
  xsd: `UUIDType (${XSD})`,
  whitespace: "preserve",
  check: (value, name) =>
    uuidType.check(value, name) === undefined
      ? undefined
      : { code: "vans-pattern", message: `${name} is not a UUID (UUIDType, ${XSD}: 8-4-4-4-12 hexadecimal digits).` },
};

/** xs:dateTime: YYYY-MM-DDThh:mm:ss, optional fraction, optional Z or ±hh:mm (MedCom's example has no offset). */
export const dateTimeType: SimpleType = {
  kind: "simple",
  xsd: "xs:dateTime",
  whitespace: "collapse",
  check: (value, name) =>
    isDateTime(value)
      ? undefined
      : { code: "vans-pattern", message: `${name} is not an xs:dateTime (YYYY-MM-DDThh:mm:ss, optional zone).` },
};

const twoDigits = (v: string, at: number, max: number): boolean =>
  digits(v, at, 2) && Number(v.slice(at, at + 2)) <= max;

export function isDateTime(v: string): boolean {
  if (v.length < 19 || !isDate(v.slice(0, 10)) || v[10] !== "T") return false;
  if (!isTime(v.slice(11, 16)) || v[16] !== ":" || !twoDigits(v, 17, 59)) return false;
  let i = 19;
  if (v[i] === ".") {
    const start = ++i;
    while (i < v.length && digits(v, i, 1)) i++;
    if (i === start) return false;
  }
  if (i === v.length) return true;
  if (v[i] === "Z") return i + 1 === v.length;
  if (v[i] !== "+" && v[i] !== "-") return false;
  return v.length === i + 6 && twoDigits(v, i + 1, 14) && v[i + 3] === ":" && twoDigits(v, i + 4, 59);
}

/** xs:boolean: true, false, 1 or 0. */
export const booleanType: SimpleType = {
  kind: "simple",
  xsd: "xs:boolean",
  whitespace: "collapse",
  check: (value, name) =>
    value === "true" || value === "false" || value === "1" || value === "0"
      ? undefined
      : { code: "vans-pattern", message: `${name} is not an xs:boolean (true, false, 1 or 0).` },
};

/** SizeInBytes, xs:int (−2^31..2^31−1). A negative size means nothing: refused too (decision, code vans-range). */
export const sizeType: SimpleType = {
  kind: "simple",
  xsd: "xs:int",
  whitespace: "collapse",
  check(value, name) {
    const body = value.startsWith("+") || value.startsWith("-") ? value.slice(1) : value;
    if (body.length === 0 || body.length > 12 || !digits(body, 0, body.length))
      return { code: "vans-pattern", message: `${name} is not an xs:int (digits, optional sign).` };
    const n = Number(value);
    if (n > 2147483647 || n < -2147483648) return { code: "vans-range", message: `${name} is outside xs:int.` };
    if (n < 0) return { code: "vans-range", message: `${name} is negative; a size is 0 or more.` };
    return undefined;
  },
};

/** Error/Code: xs:positiveInteger (the OIOXML type, same XSD facets). */
export const errorCodeType = positiveIntegerType;

/**
 * Data, xs:base64Binary. Checked in one pass over the text as read, without a copy (a payload may be 100 MB): the
 * RFC 4648 alphabet, white space anywhere (xs:base64Binary allows it), padding only at the end, a multiple of 4.
 */
export const base64DataType: SimpleType = {
  kind: "simple",
  xsd: "xs:base64Binary",
  whitespace: "preserve",
  check: (value, name) =>
    base64Length(value) === undefined
      ? { code: "vans-base64", message: `${name} is not base64 (RFC 4648 alphabet, padded to a multiple of 4).` }
      : undefined,
};

/** The decoded length of base64 text with white space, or undefined when it is not base64. */
export function base64Length(value: string): number | undefined {
  let count = 0;
  let padding = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    count++;
    if (c === 0x3d) {
      if (++padding > 2) return undefined;
      continue;
    }
    if (padding > 0) return undefined;
    const ok =
      (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f;
    if (!ok) return undefined;
  }
  if (count % 4 !== 0) return undefined;
  return (count / 4) * 3 - padding;
}
