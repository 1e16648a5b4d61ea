// Danish healthcare identifiers: GLN (lokationsnummer), SOR, CPR and replacement CPR. Pure functions.
// Rules: DOMAIN.md §1.7 (CPR/eCPR patterns from dk-core 3.4.0), §6.1 (GLN, GS1 mod-10), §6.2 (SOR ≥ 11 digits).

/** GS1 check digit (mod 10, weights 1,3,1,3… from the left over the first 12 digits); DOMAIN.md §6.1. */
export function isValidGln(value: string): boolean {
  if (!/^\d{13}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (value.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === value.charCodeAt(12) - 48;
}

/** dk-core `min-digits-sor`: digits only, at least 11; SOR has no check digit (DOMAIN.md §6.2). */
export function isValidSor(value: string): boolean {
  return /^\d{11,}$/.test(value);
}

const CPR_DATE =
  "(?:(?:(?:0[1-9]|[12][0-9]|3[01])(?:01|03|05|07|08|10|12))|(?:(?:0[1-9]|[12][0-9]|30)(?:04|06|09|11))|(?:(?:0[1-9]|[12][0-9])02))";

/** dk-core CPR: ten digits whose first six are a plausible DDMMYY; no modulus 11 (MedCom test CPRs fail it). */
const CPR = new RegExp(`^${CPR_DATE}[0-9]{6}$`);
/** National replacement CPR (x-eCPR): DDMMYY, two digits, 1 or 7, two capital letters, one digit. */
const X_ECPR = new RegExp(`^${CPR_DATE}[0-9]{2}[17][A-Z]{2}[0-9]$`);
/** Decentral replacement CPR (d-eCPR): DDMMYY, then 0, 5 or 6 in the seventh place, then three characters. */
const D_ECPR = new RegExp(`^${CPR_DATE}[056][0-9A-Z]{3}$`);

export function isValidCpr(value: string): boolean {
  return CPR.test(value);
}

export function isValidXEcpr(value: string): boolean {
  return X_ECPR.test(value);
}

export function isValidDEcpr(value: string): boolean {
  return D_ECPR.test(value);
}

/** `urn:uuid:` + lower-case UUID (invariant medcom-uuidv4; the regex is case-sensitive, DOMAIN.md §1.11). */
export function isMedcomUuidUrn(value: string): boolean {
  return /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);
}
