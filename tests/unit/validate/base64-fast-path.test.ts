// base64Binary's check has a fast path for data without white space (issue 17, point 3): it must judge exactly as the
// character loop does. Data with a trailing space takes the loop (white space is ignored), so the two are compared.
import { describe, expect, it } from "vitest";
import { base64Form, isBase64 } from "../../../src/medcom/validate/primitive-formats.js";

/** isBase64 as it was before its one-scan form (300ee61): the judgement base64Form must keep. */
function isBase64Before(s: string): boolean {
  const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
  if (!/[\t\n\r ]/.test(s)) {
    if (s.length === 0 || s.length % 4 !== 0 || /[^A-Za-z0-9+/=]/.test(s)) return false;
    const pad = s.indexOf("=");
    return pad === -1 || pad === s.length - 1 || (pad === s.length - 2 && s.charCodeAt(s.length - 1) === 61);
  }
  let count = 0;
  let padding = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isSpace(c)) continue;
    if (c === 61) padding++;
    else {
      const alphabet = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47;
      if (!alphabet || padding > 0) return false;
    }
    count++;
  }
  return count > 0 && count % 4 === 0 && padding <= 2;
}

describe("isBase64", () => {
  it("the fast path agrees with the loop on every short string over base64's characters, '=', '-' and '*'", () => {
    const alphabet = ["A", "z", "0", "+", "/", "=", "-", "*", "\u00e9"];
    const strings: string[] = [""];
    for (let length = 1; length <= 5; length++)
      for (const s of strings.filter((t) => t.length === length - 1)) for (const c of alphabet) strings.push(s + c);
    let valid = 0;
    for (const s of strings) {
      expect(isBase64(s), JSON.stringify(s)).toBe(isBase64(`${s} `));
      if (isBase64(s)) valid++;
    }
    expect(valid).toBeGreaterThan(100);
  });

  it.each([
    ["QUJD", true],
    ["QUI=", true],
    ["QQ==", true],
    ["", false],
    ["====", false],
    ["Q===", false],
    ["QQ=A", false],
    ["QUJ", false],
    ["QUJD\u00a0", false],
  ])("%j → %s", (s, expected) => {
    expect(isBase64(s)).toBe(expected);
  });

  it("base64Form judges as isBase64 did before, and says compact exactly when there is no white space", () => {
    const alphabet = ["A", "z", "0", "+", "/", "=", " ", "\n", "\t", "\r", "\v", "\u00a0", "-", "\u00e9"];
    // Every string of up to 4 of these characters (and so every short quad with white space before, in or after it).
    let level = [""];
    const strings: string[] = [""];
    for (let length = 1; length <= 4; length++) {
      level = level.flatMap((s) => alphabet.map((c) => s + c));
      strings.push(...level);
    }
    // Each four-character quad that is base64 with white space (or a near miss: U+00A0) put in at each place.
    for (const s of strings.filter((t) => t.length === 4 && isBase64Before(t)))
      for (let at = 0; at <= 4; at++)
        for (const c of [" ", "\n", "\u00a0"]) strings.push(s.slice(0, at) + c + s.slice(at));
    const data = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)).toString("base64");
    strings.push(data, data.replace(/(.{76})/g, "$1\r\n"), `${data} `, ` ${data}`, `${data}\u00a0`, `${data}=`);
    strings.push(
      `${data.slice(0, 100)}*${data.slice(101)}`,
      `${data.slice(0, 100)}=${data.slice(101)}`,
      "QQ==\n",
      "QQ=\n=",
    );
    let compact = 0;
    let folded = 0;
    for (const s of strings) {
      const form = base64Form(s);
      expect(form !== undefined, JSON.stringify(s)).toBe(isBase64Before(s));
      expect(isBase64(s)).toBe(isBase64Before(s));
      if (form !== undefined) expect(form, JSON.stringify(s)).toBe(/\s/.test(s) ? "folded" : "compact");
      if (form === "compact") compact++;
      if (form === "folded") folded++;
    }
    expect(compact).toBeGreaterThan(100);
    expect(folded).toBeGreaterThan(100);
  });
});
