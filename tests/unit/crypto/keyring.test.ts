// The sealer: AES-256-GCM bound to where a value is stored, readable across key rotation, tampering detected.
import { createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createSealer,
  isSealed,
  isStaleContent,
  isStale,
  newKeyringFile,
  readKeyringFile,
  rotateKeyringFile,
  UnsealError,
  valueKey,
  writeKeyringFile,
} from "../../../src/crypto/keyring.js";

const keyringFile = () => {
  const path = join(mkdtempSync(join(tmpdir(), "mg-keys-")), "keyring.json");
  writeKeyringFile(path, newKeyringFile());
  return path;
};

/** A keyring with fixed keys, and a value the earlier mg1 format sealed with it (the keyring key used directly). */
const FIXED_KEYRING = {
  current: "k1",
  keys: { k1: Buffer.alloc(32, 1).toString("base64") },
  audit: Buffer.alloc(32, 2).toString("base64"),
};
const MG1_CONTEXT = "00000000-0000-4000-8000-000000000001:topic";
const MG1_VALUE = "mg1:k1:AAECAwQFBgcICQoL:sRQLed8Ppb-nh98lGJVtag:6M36SkWIxd-ZGI6qR0XoxM-rBm-Z5WVmHrhV4dU";
/** A content sealed by the version before compression (mg2, uncompressed), with FIXED_KEYRING. */
const MG2_CONTEXT = "00000000-0000-4000-8000-000000000001:content";
const MG2_VALUE =
  "mg2:k1:phq3u3N_wsXalHxM:LQinRe6a6He2--k15eUfnA:OZMFWDXsgGoCc-tGhgpoTRo3EReiv4tlQqXm-csP0ooDK7tnzH-yANQzmdENWohN3LyZfWf17Cc4";

describe("sealing", () => {
  it("round-trips, names its key, and hides the text", () => {
    const sealer = createSealer(keyringFile());
    const sealed = sealer.seal("Bruno Elmer, CPR 2509479989", "m1:content");
    expect(isSealed(sealed)).toBe(true);
    expect(sealed.split(":")[0]).toBe("mg2");
    expect(sealed.split(":")[1]).toBe("k1");
    expect(sealed).not.toContain("Bruno");
    expect(sealer.seal("same", "c")).not.toBe(sealer.seal("same", "c")); // a fresh IV every time
    expect(sealer.open(sealed, "m1:content")).toBe("Bruno Elmer, CPR 2509479989");
  });

  it("takes a fresh IV for every value, text and binary alike, across refills of the IV pool (256 at a time)", () => {
    const sealer = createSealer(keyringFile());
    const ivs = new Set<string>();
    for (let i = 0; i < 700; i++) {
      const text = sealer.seal("same", "c");
      expect(sealer.open(text, "c")).toBe("same");
      ivs.add(text.split(":")[2] ?? "");
      const bytes = sealer.sealBytes(Buffer.from("same"), "c");
      expect(sealer.openBytes(bytes, "c").toString()).toBe("same");
      // "mg4:k1:" and then the IV's 12 bytes.
      ivs.add(bytes.subarray(7, 19).toString("base64url"));
    }
    expect(ivs.size).toBe(1400);
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

  it("seals each record's field with its own derived key (issue 11, point 17: the GCM nonce budget is per key)", () => {
    const master = Buffer.alloc(32, 7);
    const a = valueKey(master, "00000000-0000-4000-8000-00000000000a:content");
    const b = valueKey(master, "00000000-0000-4000-8000-00000000000b:content");
    const aTopic = valueKey(master, "00000000-0000-4000-8000-00000000000a:topic");
    expect(a).toHaveLength(32);
    expect(new Set([a, b, aTopic, master].map((k) => k.toString("hex"))).size).toBe(4);
    expect(valueKey(master, "00000000-0000-4000-8000-00000000000a:content").equals(a)).toBe(true);

    // A value of record A opens under A's key and not under B's, nor as the keyring key itself (AAD kept too).
    const path = keyringFile();
    const sealer = createSealer(path);
    const sealed = sealer.seal("brev", "A:content");
    const [, id, iv = "", tag = "", body = ""] = sealed.split(":");
    const keyringKey = Buffer.from(readKeyringFile(path).keys[id ?? ""] ?? "", "base64");
    const openWith = (key: Buffer, aad: string) => {
      const d = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      d.setAAD(Buffer.from(aad, "utf8"));
      d.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([d.update(Buffer.from(body, "base64url")), d.final()]).toString("utf8");
    };
    expect(openWith(valueKey(keyringKey, "A:content"), "A:content")).toBe("brev");
    expect(() => openWith(valueKey(keyringKey, "B:content"), "A:content")).toThrow();
    expect(() => openWith(valueKey(keyringKey, "A:content"), "B:content")).toThrow();
    expect(() => openWith(keyringKey, "A:content")).toThrow();
    // Relabelled as the older format (the keyring key used directly), it does not open either.
    expect(() => sealer.open(sealed.replace(/^mg2:/, "mg1:"), "A:content")).toThrow(UnsealError);
  });

  it("still opens values sealed in the earlier mg1 format, bound to their place; they count as stale", () => {
    const path = join(mkdtempSync(join(tmpdir(), "mg-keys-")), "keyring.json");
    writeKeyringFile(path, FIXED_KEYRING);
    const sealer = createSealer(path);
    expect(sealer.open(MG1_VALUE, MG1_CONTEXT)).toBe("Skolevægring, gammelt format");
    expect(() => sealer.open(MG1_VALUE, "00000000-0000-4000-8000-000000000002:topic")).toThrow(UnsealError);
    expect(isStale(MG1_VALUE, "k1")).toBe(true);
    expect(isStale(sealer.seal("x", MG1_CONTEXT), "k1")).toBe(false);
    expect(isStale(sealer.seal("x", MG1_CONTEXT), "k2")).toBe(true);
  });

  it("seals a content compressed, as bytes (mg3, issue 17): a sixth of the text, opens whole, bound to its place", () => {
    const sealer = createSealer(keyringFile());
    const letter = readFileSync(join(import.meta.dirname, "../../../../shared/medcom/examples/cc5-01-new-message.xml"));
    const text = letter.toString("utf8");
    const sealed = sealer.sealContent(text, "m1:content");
    expect(sealed.subarray(0, 7).toString("latin1")).toBe("mg3:k1:");
    expect(sealed.length).toBeLessThan(letter.length / 5);
    expect(sealed.includes(Buffer.from("Bruno"))).toBe(false);
    expect(sealer.openContent(sealed, "m1:content")).toBe(text);
    expect(sealer.openContent(sealer.sealContent("", "e"), "e")).toBe("");
    const refused = (value: Buffer, context = "m1:content") => {
      try {
        sealer.openContent(value, context);
      } catch (err) {
        return (err as UnsealError).reason;
      }
      return "opened";
    };
    expect(refused(sealed, "m2:content")).toBe("does-not-open");
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
    expect(refused(flipped)).toBe("does-not-open");
    expect(refused(sealed.subarray(0, 20))).toBe("not-sealed");
    expect(refused(Buffer.from("mg3:k9:0123456789abcdef0123456789abcdef"))).toBe("unknown-key");
    expect(refused(Buffer.from("<Bundle/>"))).toBe("not-sealed");
    // The same bytes under the text formats' labels do not open: mg3 derives its keys with its own salt.
    const relabelled = Buffer.concat([Buffer.from("mg2:k1:"), sealed.subarray(7)]);
    expect(refused(relabelled)).not.toBe("opened");
    expect(isStaleContent(sealed, "k1")).toBe(false);
    expect(isStaleContent(sealed, "k2")).toBe(true);
  });

  it("derives each value's key as RFC 5869 HKDF-SHA-256 does, for both formats and any context (issue 17)", () => {
    for (const format of ["mg2", "mg3"] as const) {
      const salt = Buffer.from(
        format === "mg2" ? "medcom-gateway sealed value mg2" : "medcom-gateway sealed value mg3 (brotli)",
        "utf8",
      );
      for (let i = 0; i < 20; i++) {
        const key = randomBytes(32);
        const context = `${randomBytes(8).toString("hex")}:content æø ${i}`;
        const expected = Buffer.from(hkdfSync("sha256", key, salt, Buffer.from(context, "utf8"), 32));
        expect(valueKey(key, context, format).equals(expected)).toBe(true);
      }
    }
  });

  it("seals a large content (an attachment's base64) compressed, still opening whole (issue 17)", () => {
    const sealer = createSealer(keyringFile());
    const base64 = randomBytes(200 * 1024).toString("base64");
    const text = JSON.stringify({ resourceType: "Bundle", data: base64 });
    const sealed = sealer.sealContent(text, "m1:content");
    expect(sealer.openContent(sealed, "m1:content")).toBe(text);
    // Base64 of random bytes compresses to about its 6 bits a character (compact storage first, issue 17 point 2).
    expect(sealed.length).toBeLessThan(text.length * 0.78);
  });

  it("compresses a large content that does compress (issue 17)", () => {
    const sealer = createSealer(keyringFile());
    const letter = readFileSync(join(import.meta.dirname, "../../../../shared/medcom/examples/cc5-01-new-message.xml"));
    const base64 = Buffer.concat(Array.from({ length: 20 }, () => letter)).toString("base64");
    const text = JSON.stringify({ resourceType: "Bundle", data: base64 });
    const sealed = sealer.sealContent(text, "m1:content");
    expect(sealer.openContent(sealed, "m1:content")).toBe(text);
    expect(sealed.length).toBeLessThan(text.length / 4);
  });

  it("still opens a content sealed before compression (mg2 text), and refuses it moved", () => {
    const path = join(mkdtempSync(join(tmpdir(), "mg-keys-")), "keyring.json");
    writeKeyringFile(path, FIXED_KEYRING);
    const sealer = createSealer(path);
    const stored = Buffer.from(MG2_VALUE, "utf8"); // as Redis hands it back to getBuffer
    expect(sealer.openContent(stored, MG2_CONTEXT)).toBe("<Bundle>Skolevægring, sealed before compression</Bundle>");
    expect(() => sealer.openContent(stored, "00000000-0000-4000-8000-000000000002:content")).toThrow(UnsealError);
    expect(isStaleContent(stored, "k1")).toBe(true); // keys rotate re-seals it as mg3
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
