// The VANS provider's SFTP host is known by its host key alone (issue 16, point 1): the configuration pins the key's
// SHA-256 fingerprint as OpenSSH prints it (`ssh-keygen -l -E sha256`: unpadded base64 of the SHA-256 of the key blob),
// and any other key is refused before the gateway authenticates or sends a byte of an envelope. There is no
// known_hosts and no "trust on first use": a provider that changes its key tells its customers the new fingerprint.
import { createHash, timingSafeEqual } from "node:crypto";

/** OpenSSH's SHA-256 fingerprint of a public key blob (unpadded base64, without the "SHA256:" prefix). */
export function hostKeyFingerprint(keyBlob: Uint8Array): string {
  return withoutPadding(createHash("sha256").update(keyBlob).digest("base64"));
}

/** The configured fingerprint as compared: an optional "SHA256:" prefix and base64 padding are not part of it. */
export function normalizeFingerprint(configured: string): string {
  const trimmed = configured.trim();
  const bare = trimmed.startsWith("SHA256:") ? trimmed.slice("SHA256:".length) : trimmed;
  return withoutPadding(bare);
}

/** Base64 without its trailing `=` (a loop, not a regex: the configured value is the operator's, but cheap anyway). */
function withoutPadding(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === "=") end--;
  return text.slice(0, end);
}

/**
 * A host verifier for ssh2 that accepts exactly the pinned key. `onMismatch` is told (so the transport can say "wrong
 * host key" rather than ssh2's generic handshake failure); the presented fingerprint is public and safe to report.
 */
export function pinnedHostVerifier(
  configured: string,
  onMismatch: (presented: string) => void,
): (keyBlob: Buffer) => boolean {
  const expected = Buffer.from(normalizeFingerprint(configured), "utf8");
  return (keyBlob) => {
    const presented = hostKeyFingerprint(keyBlob);
    const actual = Buffer.from(presented, "utf8");
    const same = actual.length === expected.length && timingSafeEqual(actual, expected);
    if (!same) onMismatch(presented);
    return same;
  };
}
