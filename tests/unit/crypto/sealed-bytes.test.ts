// Bytes sealed as they are (mg4, issue 17 point 1): a large attachment's chunks, uncompressed, bound to their place.
import { mkdtempSync } from "node:fs";
import { createDecipheriv, randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createSealer,
  isStaleBytes,
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

const reason = (open: () => unknown): string => {
  try {
    open();
  } catch (err) {
    if (err instanceof UnsealError) return err.reason;
    throw err;
  }
  return "opened";
};

describe("sealing bytes (mg4)", () => {
  const sealer = createSealer(keyringFile());

  it("round-trips any bytes, 35 bytes of header, nothing in clear, nothing compressed", () => {
    for (const bytes of [Buffer.alloc(0), Buffer.from([0]), randomBytes(70_001), Buffer.alloc(100_000, "a")]) {
      const sealed = sealer.sealBytes(bytes, "b1:blob:0");
      expect(sealed.subarray(0, 7).toString("latin1")).toBe("mg4:k1:");
      expect(sealed.length).toBe(bytes.length + 35);
      expect(sealer.openBytes(sealed, "b1:blob:0").equals(bytes)).toBe(true);
    }
    const text = Buffer.from("0101011234 Nancy Berggren");
    expect(sealer.sealBytes(text, "c").includes(Buffer.from("Berggren"))).toBe(false);
  });

  it("refuses bytes moved to another place, altered, cut, unlabelled, or under another format's label", () => {
    const sealed = sealer.sealBytes(randomBytes(1000), "b1:blob:1");
    expect(reason(() => sealer.openBytes(sealed, "b1:blob:2"))).toBe("does-not-open");
    expect(reason(() => sealer.openBytes(sealed, "b2:blob:1"))).toBe("does-not-open");
    const flipped = Buffer.from(sealed);
    flipped[500] = (flipped[500] ?? 0) ^ 1;
    expect(reason(() => sealer.openBytes(flipped, "b1:blob:1"))).toBe("does-not-open");
    expect(reason(() => sealer.openBytes(sealed.subarray(0, 20), "b1:blob:1"))).toBe("not-sealed");
    expect(reason(() => sealer.openBytes(Buffer.from("%PDF-1.7"), "b1:blob:1"))).toBe("not-sealed");
    expect(reason(() => sealer.openBytes(Buffer.from(`mg4:k9:${"0".repeat(28)}`), "b1:blob:1"))).toBe("unknown-key");
    // The same bytes labelled mg3 (a content) do not open as one, nor a content as bytes: each format its own salt.
    const relabelled = Buffer.concat([Buffer.from("mg3:k1:"), sealed.subarray(7)]);
    expect(reason(() => sealer.openContent(relabelled, "b1:blob:1"))).toBe("does-not-open");
    const content = sealer.sealContent("<Bundle/>", "b1:blob:1");
    expect(reason(() => sealer.openBytes(content, "b1:blob:1"))).toBe("not-sealed");
    const asBytes = Buffer.concat([Buffer.from("mg4:k1:"), content.subarray(7)]);
    expect(reason(() => sealer.openBytes(asBytes, "b1:blob:1"))).toBe("does-not-open");
  });

  it("enciphers in 64 KiB pieces as one AES-GCM over the whole: opened by a plain decipher, a bit flipped anywhere refused", () => {
    const path = keyringFile();
    const pieced = createSealer(path);
    const key = Buffer.from(readKeyringFile(path).keys.k1 ?? "", "base64");
    const piece = 64 * 1024;
    for (const size of [piece - 1, piece, piece + 1, 3 * piece + 5, 1024 * 1024 - 128]) {
      const bytes = randomBytes(size);
      const sealed = pieced.sealBytes(bytes, "b7:blob:3");
      // The layout "mg4:k1:" IV(12) tag(16) body, checked with one decipher call over the whole body.
      const decipher = createDecipheriv("aes-256-gcm", valueKey(key, "b7:blob:3", "mg4"), sealed.subarray(7, 19));
      decipher.setAAD(Buffer.from("b7:blob:3"));
      decipher.setAuthTag(sealed.subarray(19, 35));
      const plain = Buffer.concat([decipher.update(sealed.subarray(35)), decipher.final()]);
      expect(plain.equals(bytes)).toBe(true);
      expect(pieced.openBytes(sealed, "b7:blob:3").equals(bytes)).toBe(true);
      for (const at of [35, 35 + piece - 1, 35 + piece, sealed.length - 1]) {
        if (at >= sealed.length) continue;
        const flipped = Buffer.from(sealed);
        flipped[at] = (flipped[at] ?? 0) ^ 0x80;
        expect(reason(() => pieced.openBytes(flipped, "b7:blob:3"))).toBe("does-not-open");
      }
    }
  });

  it("is stale under an older key, and opens after rotation", () => {
    const path = keyringFile();
    const before = createSealer(path);
    const sealed = before.sealBytes(Buffer.from("x"), "c");
    expect(isStaleBytes(sealed, "k1")).toBe(false);
    const rotated = rotateKeyringFile(path);
    expect(isStaleBytes(sealed, rotated)).toBe(true);
    const after = createSealer(path);
    expect(after.openBytes(sealed, "c").toString()).toBe("x");
    expect(isStaleBytes(after.sealBytes(Buffer.from("x"), "c"), rotated)).toBe(false);
  });
});
