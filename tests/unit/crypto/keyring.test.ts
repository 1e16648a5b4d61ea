// The sealer: AES-256-GCM bound to where a value is stored, readable across key rotation, tampering detected.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createSealer,
  isSealed,
  newKeyringFile,
  readKeyringFile,
  rotateKeyringFile,
  UnsealError,
  writeKeyringFile,
} from "../../../src/crypto/keyring.js";

const keyringFile = () => {
  const path = join(mkdtempSync(join(tmpdir(), "mg-keys-")), "keyring.json");
  writeKeyringFile(path, newKeyringFile());
  return path;
};

describe("sealing", () => {
  it("round-trips, names its key, and hides the text", () => {
    const sealer = createSealer(keyringFile());
    const sealed = sealer.seal("Bruno Elmer, CPR 2509479989", "m1:content");
    expect(isSealed(sealed)).toBe(true);
    expect(sealed.split(":")[1]).toBe("k1");
    expect(sealed).not.toContain("Bruno");
    expect(sealer.seal("same", "c")).not.toBe(sealer.seal("same", "c")); // a fresh IV every time
    expect(sealer.open(sealed, "m1:content")).toBe("Bruno Elmer, CPR 2509479989");
  });

  it("refuses a value moved to another place or altered", () => {
    const sealer = createSealer(keyringFile());
    const sealed = sealer.seal("tekst", "m1:topic");
    expect(() => sealer.open(sealed, "m2:topic")).toThrow();
    const parts = sealed.split(":");
    parts[4] = Buffer.from("andet", "utf8").toString("base64url");
    expect(() => sealer.open(parts.join(":"), "m1:topic")).toThrow();
  });

  it("refuses anything that is not a sealed value that opens (issue 11, point 8: no plaintext fallback)", () => {
    const sealer = createSealer(keyringFile());
    const sealed = sealer.seal("tekst", "m1:topic");
    const [prefix, , iv, tag, body] = sealed.split(":");
    for (const [value, reason] of [
      ["plain", "not-sealed"],
      ["", "not-sealed"],
      [`${sealed}:extra`, "not-sealed"],
      [`${prefix}:k9:${iv}:${tag}:${body}`, "unknown-key"],
      [`${prefix}:__proto__:${iv}:${tag}:${body}`, "unknown-key"],
      [`${prefix}:k1:${iv}:${tag?.slice(0, 8)}:${body}`, "does-not-open"], // a shortened tag
      [`${prefix}:k1:${iv}::${body}`, "does-not-open"],
    ] as const) {
      let error: unknown;
      try {
        sealer.open(value, "m1:topic");
      } catch (err) {
        error = err;
      }
      expect(error, value).toBeInstanceOf(UnsealError);
      expect((error as UnsealError).reason, value).toBe(reason);
    }
  });

  it("reads values sealed with an older key after rotation, and learns a newer key from the file", () => {
    const path = keyringFile();
    const before = createSealer(path);
    const old = before.seal("gammel", "c");
    expect(rotateKeyringFile(path)).toBe("k2");
    expect(readKeyringFile(path).current).toBe("k2");
    const after = createSealer(path);
    const fresh = after.seal("ny", "c");
    expect(fresh.split(":")[1]).toBe("k2");
    expect(after.open(old, "c")).toBe("gammel");
    expect(before.open(fresh, "c")).toBe("ny"); // a running process re-reads the keyring for an unknown key id
    expect(after.auditKey.equals(before.auditKey)).toBe(true);
  });

  it("refuses a file that is not a keyring", () => {
    const path = join(mkdtempSync(join(tmpdir(), "mg-keys-")), "bad.json");
    writeKeyringFile(path, { current: "k1", keys: { k1: "c2hvcnQ=" }, audit: "" });
    expect(() => createSealer(path)).toThrow(/not a keyring/);
  });
});
