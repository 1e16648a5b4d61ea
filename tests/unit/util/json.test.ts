// Reading untrusted JSON (src/util/json.ts): strict UTF-8 with the BOM dropped, a nesting bound, and no key that could
// reach a prototype, however it is spelled; the problem names the rule, never the text.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readJson } from "../../../src/util/json.js";
import { decodeUtf8 } from "../../../src/util/utf8.js";

const bytes = (text: string) => new TextEncoder().encode(text);
const refusal = (input: string | Uint8Array) => {
  const read = readJson(input);
  return read.ok ? undefined : read.issues.map((i) => `${i.code}: ${i.message}`);
};

describe("readJson", () => {
  it("reads JSON from bytes or text, multi-byte characters and a leading BOM included", () => {
    expect(readJson(bytes('{"name":"Ærø Åse","n":[1,2]}'))).toEqual({
      ok: true,
      value: { name: "Ærø Åse", n: [1, 2] },
      issues: [],
    });
    expect(readJson(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes("[1]")]))).toMatchObject({ ok: true, value: [1] });
    expect(readJson("\ufeff[2]")).toMatchObject({ ok: true, value: [2] });
    // A view into a larger buffer is read as just its bytes.
    const whole = bytes('xx{"a":1}yy');
    expect(readJson(whole.subarray(2, 9))).toMatchObject({ ok: true, value: { a: 1 } });
  });

  it("refuses bytes that are not UTF-8, without replacing them", () => {
    for (const bad of [[0xff], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]) {
      const input = new Uint8Array([...bytes('{"a":"'), ...bad, ...bytes('"}')]);
      expect(refusal(input)?.[0], String(bad)).toMatch(/^json-invalid-utf8: /);
    }
    expect(decodeUtf8(new Uint8Array([0x41, 0xff]))).toMatchObject({ ok: false });
  });

  it("refuses keys that reach a prototype: plain, nested, in arrays, or spelled with escapes", () => {
    const cases: [string, string][] = [
      ['{"__proto__":{"admin":true}}', "__proto__"],
      ['{"a":{"b":[{"constructor":{}}]}}', "constructor"],
      ['{"prototype":1}', "prototype"],
      ['{"\\u005f_proto__":{}}', "__proto__"],
      ['{"constr\\u0075ctor":1}', "constructor"],
      // The reviver's order: a member's own members before its key.
      ['{"constructor":{"prototype":{"polluted":true}}}', "prototype"],
    ];
    for (const [text, key] of cases)
      expect(refusal(text), text).toEqual([
        `json-syntax: The body is not valid JSON: the key "${key}" is not allowed.`,
      ]);
    // The names as values, or escaped text that spells something else, are fine.
    expect(readJson('{"note":"__proto__ constructor prototype","e":"\\u00e6"}')).toMatchObject({ ok: true });
  });

  it("refuses too deep a nesting and bad syntax without quoting the text", () => {
    expect(refusal(`${"[".repeat(101)}${"]".repeat(101)}`)?.[0]).toMatch(/^json-too-deep: /);
    expect(readJson(`${"[".repeat(100)}${"]".repeat(100)}`)).toMatchObject({ ok: true });
    const syntax = refusal('{"name": Bruno Elmer}')?.[0] ?? "";
    expect(syntax).toMatch(/^json-syntax: The body is not valid JSON/);
    expect(syntax).not.toContain("Bruno");
    // A syntax error is reported as such even where a forbidden key comes first.
    expect(refusal('{"__proto__":{}, oops}')?.[0]).not.toContain("is not allowed");
  });

  it("finds a forbidden key as a reviver does, wherever it is in a large body (the names found by the depth pass)", () => {
    const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);
    /** The key a reviver meets first (the check this replaced for speed, issue 17 point 3). */
    const byReviver = (text: string): string | undefined => {
      let found: string | undefined;
      JSON.parse(text, (key, value: unknown) => {
        if (found === undefined && FORBIDDEN.has(key)) found = key;
        return value;
      });
      return found;
    };
    const data = randomBytes(30_000).toString("base64");
    const keys = ['"constructor"', '"prototype"', '"__proto__"', '"constructo"', '"\\u0070rototype"', '"a"', '"x\\"y"'];
    const values = [`"${data}"`, '"constructor"', '"a \\"prototype\\" b"', '{"k":"__proto__"}', "[1, 2]", '"\\\\"'];
    let refused = 0;
    for (const [i, key] of keys.entries())
      for (const [j, value] of values.entries()) {
        const other = keys[(i + j + 1) % keys.length] ?? '"a"';
        for (const text of [
          `{${key}:${value}}`,
          `{"data":"${data}", ${key} : ${value}}`,
          `{"a":[{"b":${value}},{${key}:{"c":1}}],"z":"${data}"}`,
          `{${other}:{${key}:${value}}}`,
        ]) {
          const key = byReviver(text);
          expect(refusal(text), text.slice(0, 80)).toEqual(
            key === undefined
              ? undefined
              : [`json-syntax: The body is not valid JSON: the key "${key}" is not allowed.`],
          );
          if (key !== undefined) refused++;
        }
      }
    expect(refused).toBeGreaterThan(40);
  });
});
