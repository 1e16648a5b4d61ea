// OIOXML envelope and letter ids are 1..14 characters (String_1_14, LEGACY.md §2.3): the gateway makes 14 random
// letters and digits (as OS2korrespondance does), about 83 bits, so two never meet within the 3-month window.
import { randomInt } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const OIO_ID_LENGTH = 14;

/**
 * Whether an id fits an OIOXML Identifier (String_1_14) as written: 1 to 14 characters without surrounding blanks,
 * which a reader would trim. The conversions check the ids they are given with it; the gateway's own stricter rule for
 * ids from outside (printable ASCII, no spaces) is isOioId in src/medcom/ids.ts.
 */
export const fitsOioIdType = (id: string): boolean => id.length >= 1 && id.length <= OIO_ID_LENGTH && id.trim() === id;

export function newOioId(): string {
  let id = "";
  for (let i = 0; i < OIO_ID_LENGTH; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}

/** The XDIS91 reference writes the attachment's UUID without hyphens, the XBIN01 with them (LEGACY.md §3). */
export const withoutHyphens = (uuid: string): string => uuid.replaceAll("-", "").toLowerCase();

/** 32 hexadecimal digits as a hyphenated lower-case UUID; undefined when it is not 32 hexadecimal digits. */
export function withHyphens(hex: string): string | undefined {
  if (hex.length !== 32) return undefined;
  for (let i = 0; i < 32; i++) {
    const c = hex.charCodeAt(i) | 0x20;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return undefined;
  }
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const URN_UUID = "urn:uuid:";

/** A `urn:uuid:` identifier's UUID (an identifier without the prefix as it is): both directions of §6.3/§6.4 strip it. */
export const withoutUrnUuid = (id: string): string => (id.startsWith(URN_UUID) ? id.slice(URN_UUID.length) : id);
