// What makes two submissions "the same message" (CONTRACT.md §2: the same id for different content is a 409).
import { createHash } from "node:crypto";
import type { Bundle } from "../medcom/model/index.js";
import { bundleReferences } from "../medcom/references/bundle-references.js";
import { ownProvenance } from "../medcom/references/own-provenance.js";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("base64url");

/**
 * A hash of the Bundle without what a technical resend changes (Bundle.id and timestamp, the send time of the
 * message's own Provenance: DOMAIN.md §2.4), so a resend of the same message counts as the same content.
 */
export function bundleFingerprint(bundle: Bundle): string {
  const copy = structuredClone(bundle);
  delete copy.id;
  delete copy.timestamp;
  // The message's own Provenance, found with the one resolver (issue 11, point 2) as the resend finds it.
  const refs = bundleReferences(copy);
  const header = refs.header;
  const p = header === undefined ? undefined : ownProvenance(refs, header);
  if (p !== undefined) {
    delete p.occurredDateTime;
    p.recorded = "";
    delete p.text;
  }
  return sha256(JSON.stringify(copy));
}

/** A compose request's fingerprint: its JSON with keys in a stable order. */
export function requestFingerprint(request: unknown): string {
  return sha256(JSON.stringify(request, (_key, value: unknown) => sortKeys(value)));
}

function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
