// The SFTP host key pin (adapters/vans/host-key.ts): OpenSSH's fingerprint format, and exactly one key accepted.
import { createHash, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hostKeyFingerprint, normalizeFingerprint, pinnedHostVerifier } from "../../../adapters/vans/host-key.js";
import { boundedReason } from "../../../adapters/vans/sftp-session.js";

const blob = (seed: string) => Buffer.from(`ssh-ed25519 blob ${seed}`);

describe("VANS SFTP host key pin", () => {
  it("fingerprints as OpenSSH does: unpadded base64 of the SHA-256 of the key blob", () => {
    const key = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "der" });
    const base64 = createHash("sha256").update(key).digest("base64");
    expect(base64.endsWith("=")).toBe(true);
    expect(hostKeyFingerprint(key)).toBe(base64.slice(0, base64.indexOf("=")));
    expect(hostKeyFingerprint(key)).toHaveLength(43);
  });

  it("takes the configured pin with or without the SHA256: prefix, padding and surrounding blanks", () => {
    const bare = hostKeyFingerprint(blob("a"));
    for (const written of [bare, `SHA256:${bare}`, ` ${bare}= `, `SHA256:${bare}==`])
      expect(normalizeFingerprint(written)).toBe(bare);
    expect(normalizeFingerprint("====")).toBe("");
  });

  it("accepts the pinned key only, and says which key was presented otherwise", () => {
    const presented: string[] = [];
    const verify = pinnedHostVerifier(`SHA256:${hostKeyFingerprint(blob("a"))}`, (p) => presented.push(p));
    expect(verify(blob("a"))).toBe(true);
    expect(verify(blob("b"))).toBe(false);
    expect(presented).toEqual([hostKeyFingerprint(blob("b"))]);
    // An empty or shorter pin never matches (no prefix comparison).
    expect(pinnedHostVerifier("", () => undefined)(blob("a"))).toBe(false);
    expect(pinnedHostVerifier(hostKeyFingerprint(blob("a")).slice(0, 10), () => undefined)(blob("a"))).toBe(false);
  });

  it("repeats a remote error's text bounded and printable only", () => {
    expect(boundedReason(new Error("No such file\n\u001b[31m"))).toBe("No such file\\u000a\\u001b[31m");
    expect(boundedReason(new Error("x".repeat(10_000)))).toMatch(/^x{64}… \(10000 characters\)$/u);
    expect(boundedReason("plain")).toBe("plain");
  });
});
