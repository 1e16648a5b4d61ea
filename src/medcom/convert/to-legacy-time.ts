// Danish local wall-clock time as OIOXML writes it, from a FHIR dateTime (LEGACY.md §2.3, §10.8; test protocol
// "Timestamps": HH:MM from a dateTime with seconds and any zone, Zulu included): helper A's toLocalDateTime
// (Europe/Copenhagen, summer time, seconds dropped), with "unreadable" as undefined instead of an exception.
import { toLocalDateTime } from "../oioxml/local-time.js";
import type { LocalDateTime } from "../oioxml/model.js";

export function danishLocal(iso: string): LocalDateTime | undefined {
  try {
    return toLocalDateTime(iso);
  } catch {
    return undefined;
  }
}
