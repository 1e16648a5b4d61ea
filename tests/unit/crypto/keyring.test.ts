// The sealer: AES-256-GCM bound to where a value is stored, readable across key rotation, tampering detected.
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createSealer,
  isSealed,
  newKeyringFile,
  readKeyringFile,
  rotateKeyringFile,
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

  it("passes unsealed values through (data from before encryption)", () => {
    expect(createSealer(keyringFile()).open("plain", "x")).toBe("plain");
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

describe("writing the keyring file (issue 11, point 3's class)", () => {
  const folder = () => mkdtempSync(join(tmpdir(), "mg-keys-"));

  it("never overwrites anything when creating a keyring, not even a dangling link", () => {
    const dir = folder();
    const path = join(dir, "keyring.json");
    writeKeyringFile(path, newKeyringFile(), { exclusive: true });
    const before = readFileSync(path);
    expect(() => writeKeyringFile(path, newKeyringFile(), { exclusive: true })).toThrow(/EEXIST/);
    expect(readFileSync(path).equals(before)).toBe(true);
    const dangling = join(dir, "dangling.json");
    symlinkSync(join(dir, "nowhere"), dangling);
    expect(() => writeKeyringFile(dangling, newKeyringFile(), { exclusive: true })).toThrow(/EEXIST/);
    expect(existsSync(join(dir, "nowhere"))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(["dangling.json", "keyring.json"]);
  });

  it("replaces a link planted at its name instead of writing through it, owner-only, leaving no temporary file", () => {
    const dir = folder();
    const victim = join(folder(), "victim");
    writeFileSync(victim, "precious");
    const path = join(dir, "keyring.json");
    symlinkSync(victim, path);
    writeKeyringFile(path, newKeyringFile());
    expect(readFileSync(victim, "utf8")).toBe("precious");
    expect(lstatSync(path).isFile()).toBe(true);
    expect(lstatSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(["keyring.json"]);
  });
});
