// base64Binary's check has a fast path for data without white space (issue 17, point 3): it must judge exactly as the
// character loop does. Data with a trailing space takes the loop (white space is ignored), so the two are compared.
import { describe, expect, it } from "vitest";
import { isBase64 } from "../../../src/medcom/validate/primitive-formats.js";

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
});
