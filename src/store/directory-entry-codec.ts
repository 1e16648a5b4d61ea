// How an imported directory entry is kept in Redis (one JSON string per GLN) and read back. What comes back is
// checked like any stored value before it becomes a route: a GLN that fails its check digit, an unknown kind or
// format, or a field that is not text makes the whole read fail, and the live directory keeps the one it has.
import { FORMATS, LOCATION_KINDS, type Format, type LocationKind } from "../config/types.js";
import type { DirectoryEntry } from "../domain/ports/directory-store.js";
import { isGln } from "../medcom/ids.js";

export class CorruptDirectoryEntry extends Error {
  constructor(field: string) {
    super(`a stored directory entry fails its check (${field})`);
    this.name = "CorruptDirectoryEntry";
  }
}

export function encodeEntry(e: DirectoryEntry): string {
  return JSON.stringify({
    gln: e.gln,
    sor: e.sor,
    name: e.name,
    kind: e.kind,
    ...(e.municipality !== undefined ? { municipality: e.municipality } : {}),
    formats: e.formats,
    network: e.network,
  });
}

const isText = (v: unknown, max: number): v is string => typeof v === "string" && v.length <= max;
const isKind = (v: unknown): v is LocationKind => (LOCATION_KINDS as readonly unknown[]).includes(v);
const isFormat = (v: unknown): v is Format => (FORMATS as readonly unknown[]).includes(v);

export function decodeEntry(gln: string, text: string): DirectoryEntry {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CorruptDirectoryEntry("json");
  }
  if (typeof value !== "object" || value === null) throw new CorruptDirectoryEntry("json");
  const v = value as Record<string, unknown>;
  if (!isGln(v.gln) || v.gln !== gln) throw new CorruptDirectoryEntry("gln");
  if (!isText(v.sor, 64) || !isText(v.name, 400)) throw new CorruptDirectoryEntry("sor/name");
  if (!isKind(v.kind)) throw new CorruptDirectoryEntry("kind");
  if (v.municipality !== undefined && !isText(v.municipality, 200)) throw new CorruptDirectoryEntry("municipality");
  const formats = v.formats;
  if (!Array.isArray(formats) || formats.length === 0 || !formats.every(isFormat))
    throw new CorruptDirectoryEntry("formats");
  if (v.network !== "vans") throw new CorruptDirectoryEntry("network");
  return {
    gln: v.gln,
    sor: v.sor,
    name: v.name,
    kind: v.kind,
    ...(v.municipality !== undefined ? { municipality: v.municipality } : {}),
    formats,
    network: "vans",
  };
}
