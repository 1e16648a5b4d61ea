// One line of a directory file made into a DirectoryEntry, checked like a configured location (src/config/schema.ts:
// GS1 GLN check digit, SOR ≥ 11 digits, a known kind, the formats) and every error named by line and column or key.
// The same checks for CSV and JSON lines: each reader hands over a field by name and says where it is.
import { LOCATION_KINDS, type Format, type LocationKind } from "../../config/types.js";
import type { DirectoryEntry } from "../../domain/ports/directory-store.js";
import { isValidGln, isValidSor } from "../../medcom/identifiers.js";
import { ACCEPTED_FORMATS, formatOf } from "./formats.js";
import type { FileIssues } from "./issues.js";

export const FIELDS = ["gln", "sor", "name", "kind", "municipality", "formats", "network"] as const;
export type Field = (typeof FIELDS)[number];
export const REQUIRED_FIELDS: readonly Field[] = ["gln", "sor", "name", "kind", "formats"];

/** Names are shown to GPs searching the directory; longer is an export fault, not a name. */
const MAX_NAME = 200;

/** One line's fields: text (CSV; JSON strings), a list (JSON formats), absent, or something else (JSON). */
export interface LineFields {
  line: number;
  get(field: Field): unknown;
  /** Where a field is, for an issue: `line 12, column 3 (gln)` or `line 12, key "gln"`. */
  where(field: Field): string;
}

/** A value quoted in an issue: bounded, so that a huge field does not make a huge report. */
export function shown(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

// Control characters have no place in a name, and a line break in one would forge lines wherever it is printed.
const hasControl = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
};

export function toEntry(fields: LineFields, issues: FileIssues): DirectoryEntry | undefined {
  let ok = true;
  const fail = (field: Field, message: string): undefined => {
    ok = false;
    issues.error(fields.where(field), message);
    return undefined;
  };
  const text = (field: Field, required: boolean): string | undefined => {
    const v = fields.get(field);
    if (v === undefined || (typeof v === "string" && v.trim() === "" && !required)) return undefined;
    if (typeof v !== "string" || v.trim() === "") return fail(field, `${field} must be a non-empty string`);
    return v.trim();
  };

  const gln = text("gln", true);
  if (gln !== undefined && !isValidGln(gln)) fail("gln", "gln must be 13 digits with a valid GS1 check digit");
  const sor = text("sor", true);
  if (sor !== undefined && !isValidSor(sor)) fail("sor", "sor must be at least 11 digits");
  const name = label(text("name", true), "name", fail);
  const municipality = label(text("municipality", false), "municipality", fail);
  const kind = text("kind", true);
  if (kind !== undefined && !(LOCATION_KINDS as readonly string[]).includes(kind))
    fail("kind", `kind must be one of ${LOCATION_KINDS.join(", ")}`);
  const network = text("network", false) ?? "vans";
  if (network !== "vans") fail("network", 'network must be "vans" (the one network the gateway reaches)');
  const formats = formatList(fields, fail);

  if (!ok || gln === undefined || sor === undefined || name === undefined || kind === undefined) return undefined;
  if (formats === undefined) return undefined;
  return {
    gln,
    sor,
    name,
    kind: kind as LocationKind,
    ...(municipality !== undefined ? { municipality } : {}),
    formats,
    network: "vans",
  };
}

function label(value: string | undefined, field: Field, fail: (f: Field, m: string) => undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.length > MAX_NAME) return fail(field, `${field} is longer than ${MAX_NAME} characters`);
  if (hasControl(value)) return fail(field, `${field} contains a control character (a line break or tab)`);
  return value;
}

/** CSV: `;`-separated text; JSON: a list of strings. Preferred first; at least one the gateway can send. */
function formatList(fields: LineFields, fail: (f: Field, m: string) => undefined): Format[] | undefined {
  const v = fields.get("formats");
  const tokens = typeof v === "string" ? v.split(";") : v;
  if (!Array.isArray(tokens) || (typeof v !== "string" && !tokens.every((t) => typeof t === "string")))
    return fail("formats", "formats must be a list of strings (in CSV: separated by ;)");
  const formats: Format[] = [];
  for (const token of tokens as string[]) {
    if (token.trim() === "") continue;
    const found = formatOf(token);
    if ("unknown" in found) return fail("formats", `unknown message type ${shown(found.unknown)}: use ${ACCEPTED_FORMATS}`);
    if ("format" in found && !formats.includes(found.format)) formats.push(found.format);
  }
  if (formats.length === 0)
    return fail("formats", `formats names no message type the gateway sends (${ACCEPTED_FORMATS})`);
  return formats;
}
