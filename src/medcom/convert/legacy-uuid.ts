// Deterministic ids for what the gateway makes from a legacy OIOXML letter (issue 15 plan, decision 2): the same
// XDIS91 always becomes the same CareCommunication, so a duplicate is the same message to the gateway's duplicate
// handling and gets the identical receipt. OIOXML ids are only unique per sender (LEGACY.md §2.3), hence the GLN.
import { createHash } from "node:crypto";
import { withHyphens } from "../oioxml/ids.js";

/**
 * A lower-case UUID (version 4 and RFC 4122 variant bits set, so it passes medcom-uuidv4 and every UUID v4 check)
 * from SHA-256 over the sender's GLN, the legacy id and what the id is for. The parts are joined with NUL, which no
 * XML text can contain, so two different triples never hash the same input.
 */
export function legacyUuid(senderGln: string, legacyId: string, purpose: string): string {
  const hash = createHash("sha256").update(`${senderGln}\u0000${legacyId}\u0000${purpose}`, "utf8").digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  // 16 bytes are always 32 hexadecimal digits, so withHyphens never says no.
  return withHyphens(hex) ?? hex;
}

/** A `newId` for the builders: the n-th call gives the id for purpose `<prefix>-<n>`, the same on every run. */
export function legacyIdSequence(senderGln: string, legacyId: string, prefix: string): () => string {
  let n = 0;
  return () => legacyUuid(senderGln, legacyId, `${prefix}-${n++}`);
}
