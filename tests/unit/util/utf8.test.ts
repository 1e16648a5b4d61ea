// Where a body stops being UTF-8 (the refusal's path), judged against Node's own validator (simdutf, isUtf8) and the
// WHATWG decoder: on every input our offset is -1 exactly when they accept it, and the bytes before it decode.
import { isUtf8 } from "node:buffer";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeUtf8, firstInvalidUtf8 } from "../../../src/util/utf8.js";

const bytes = (...values: number[]) => new Uint8Array(values);
const fatal = new TextDecoder("utf-8", { fatal: true });

describe("firstInvalidUtf8", () => {
  it.each([
    ["a lone continuation byte", bytes(0x41, 0x80), 1],
    ["an overlong two-byte form (C0)", bytes(0xc0, 0xaf), 0],
    ["an overlong three-byte form (E0 80..9F)", bytes(0x41, 0x42, 0xe0, 0x9f, 0xbf), 2],
    ["a surrogate (ED A0..BF)", bytes(0xed, 0xa0, 0x80), 0],
    ["past U+10FFFF (F4 90)", bytes(0xf4, 0x90, 0x80, 0x80), 0],
    ["an overlong four-byte form (F0 80..8F)", bytes(0xf0, 0x8f, 0xbf, 0xbf), 0],
    ["F5 and above", bytes(0x41, 0xf5, 0x80, 0x80, 0x80), 1],
    ["a sequence cut short at the end", bytes(0x41, 0xe2, 0x82), 1],
    ["a sequence cut short by ASCII", bytes(0xe2, 0x41, 0x41), 0],
    ["FF", bytes(0xc3, 0xa6, 0xff), 2],
  ])("%s: at byte %#", (_name, input, at) => {
    expect(isUtf8(input)).toBe(false);
    expect(firstInvalidUtf8(input)).toBe(at);
  });

  it("accepts what Node accepts, and the bytes before its offset decode, on random and mutated input", () => {
    const valid = Buffer.from("Kære læge, 𝄞 æøå € \u{10FFFF} \u{E000}\n", "utf8");
    for (let round = 0; round < 3000; round += 1) {
      const input = round % 2 === 0 ? randomBytes(1 + (round % 24)) : Buffer.from(valid);
      if (round % 2 === 1) input[round % input.length] = round % 256;
      const offset = firstInvalidUtf8(input);
      expect(offset === -1, input.toString("hex")).toBe(isUtf8(input));
      if (offset >= 0) {
        expect(() => fatal.decode(input.subarray(0, offset)), input.toString("hex")).not.toThrow();
        expect(isUtf8(input.subarray(0, offset + 4).subarray(offset))).toBe(false);
      }
    }
  });
});

describe("decodeUtf8's refusal says where", () => {
  it("by line and character column", () => {
    const input = Buffer.concat([Buffer.from('{\n  "text": "æøå ', "utf8"), bytes(0xff), Buffer.from('"\n}')]);
    const decoded = decodeUtf8(input);
    expect(decoded.ok).toBe(false);
    expect(decoded.issues[0]?.path).toBe("line 2, column 16");
  });

  it("at the very start", () => {
    expect(decodeUtf8(bytes(0xfe, 0x41)).issues[0]?.path).toBe("line 1, column 1");
  });
});

describe("decodeUtf8 of a large body (decoded a piece at a time, issue 17 point 3)", () => {
  it("is the text Node's decoder makes, with characters of every width across every piece boundary", () => {
    const ascii = randomBytes(60_000).toString("base64");
    for (const character of ["æ", "€", "𝄞", "\u{10FFFF}", "\ufeff"])
      for (let at = 16 * 1024 - 5; at <= 16 * 1024 + 1; at += 1) {
        const text = `${ascii.slice(0, at)}${character}${ascii.slice(at)}${character}`;
        const input = new Uint8Array(Buffer.from(text, "utf8"));
        expect(decodeUtf8(input), `${character} at ${at}`).toEqual({ ok: true, value: text, issues: [] });
      }
  });

  it("is Node's text on random valid bodies: ASCII runs, letter text, a leading BOM, a view into a larger buffer", () => {
    const pieces = ["Kære læge, ", "𝄞", "€", "\n", randomBytes(9_000).toString("base64"), "\u00e6\u00f8\u00e5"];
    for (let round = 0; round < 60; round += 1) {
      let text = round % 3 === 0 ? "\ufeff" : "";
      for (let i = 0; text.length < 20_000 + round * 1_000; i += 1) text += pieces[(round * 7 + i * 5) % pieces.length];
      const whole = Buffer.from(`xx${text}yy`, "utf8");
      const input = new Uint8Array(whole.buffer, whole.byteOffset + 2, whole.byteLength - 4);
      const expected = whole
        .subarray(2, whole.byteLength - 2)
        .toString("utf8")
        .replace(/^\ufeff/, "");
      expect(decodeUtf8(input)).toEqual({ ok: true, value: expected, issues: [] });
    }
  });

  it("a bad byte in a large body is still refused where it is", () => {
    const input = Buffer.from(`${"a".repeat(40_000)}\n${"b".repeat(30_000)}`, "utf8");
    input[40_010] = 0xff;
    expect(decodeUtf8(new Uint8Array(input))).toMatchObject({
      ok: false,
      issues: [{ code: "xml-invalid-utf8", path: "line 2, column 10" }],
    });
  });
});
